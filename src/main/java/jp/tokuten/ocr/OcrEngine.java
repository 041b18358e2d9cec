package jp.tokuten.ocr;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Reads the text of an image with Tesseract 5 ({@code jpn+eng}, page segmentation mode 6: one block of
 * text, which suits receipts), one {@code tesseract} process per image with {@code OMP_THREAD_LIMIT=1}.
 * At most as many processes run at once as the machine has cores. Thread-safe.
 */
public final class OcrEngine {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final String command;
    private final String languages;
    private final Set<ImagePreparation> preparation;
    private final Semaphore slots;

    public OcrEngine(String command, String languages, Set<ImagePreparation> preparation, int parallel) {
        this(command, languages, preparation, new Semaphore(Math.max(1, parallel), true));
    }

    private OcrEngine(String command, String languages, Set<ImagePreparation> preparation, Semaphore slots) {
        this.command = command;
        this.languages = languages;
        this.preparation = preparation.isEmpty() ? Set.of() : EnumSet.copyOf(preparation);
        this.slots = slots;
    }

    /** Tesseract from the {@code PATH}, {@code jpn+eng}, the default preparation, one process per core. */
    public static OcrEngine tesseract() {
        return new OcrEngine(
                "tesseract",
                "jpn+eng",
                ImagePreparation.DEFAULT,
                Runtime.getRuntime().availableProcessors());
    }

    /** The same engine, sharing its process slots, with other preparation steps. */
    public OcrEngine withPreparation(Set<ImagePreparation> steps) {
        return new OcrEngine(command, languages, steps, slots);
    }

    /** Reads an already decoded image. */
    public OcrText read(BufferedImage image) {
        BufferedImage prepared = prepare(image);
        Path input = null;
        try {
            input = Files.createTempFile("tokuten-ocr-", ".pgm");
            writePgm(prepared, input);
            return TesseractTsv.parse(run(input));
        } catch (IOException e) {
            throw new OcrException("Could not hand the image to tesseract: " + e.getMessage(), e);
        } finally {
            if (input != null) {
                try {
                    Files.deleteIfExists(input);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    BufferedImage prepare(BufferedImage image) {
        BufferedImage grey = ImagePreparation.grey(image);
        if (preparation.contains(ImagePreparation.SCALE)) {
            grey = ImagePreparation.scale(grey);
        }
        if (preparation.contains(ImagePreparation.CONTRAST)) {
            grey = ImagePreparation.contrast(grey);
        }
        if (preparation.contains(ImagePreparation.DESKEW)) {
            grey = ImagePreparation.deskew(grey);
        }
        return grey;
    }

    private String run(Path input) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                command,
                input.toString(),
                "stdout",
                "-l",
                languages,
                "--psm",
                "6",
                "-c",
                "tessedit_do_invert=0",
                "tsv"));
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OcrException("Interrupted while waiting for the OCR engine", e);
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("OMP_THREAD_LIMIT", "1");
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new OcrException(
                        "The OCR engine is not installed: run ./tokuten run, or apt-get install tesseract-ocr"
                                + " tesseract-ocr-jpn tesseract-ocr-script-jpan",
                        e);
            }
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new OcrException("The OCR engine took longer than " + TIMEOUT.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new OcrException("The OCR engine failed (exit " + process.exitValue() + ")");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OcrException("Interrupted while reading", e);
        } finally {
            slots.release();
        }
    }

    /** Binary PGM: Leptonica reads it without any codec work, and writing it is a plain copy. */
    private static void writePgm(BufferedImage grey, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(("P5\n" + grey.getWidth() + " " + grey.getHeight() + "\n255\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var raster = grey.getRaster();
            if (raster.getDataBuffer() instanceof java.awt.image.DataBufferByte
                    && raster.getWidth() == grey.getWidth()
                    && ImagePreparation.pixels(grey).length == grey.getWidth() * grey.getHeight()) {
                out.write(ImagePreparation.pixels(grey));
            } else {
                byte[] row = new byte[grey.getWidth()];
                int[] samples = new int[grey.getWidth()];
                for (int y = 0; y < grey.getHeight(); y++) {
                    raster.getSamples(0, y, grey.getWidth(), 1, 0, samples);
                    for (int x = 0; x < samples.length; x++) {
                        row[x] = (byte) samples[x];
                    }
                    out.write(row);
                }
            }
        }
    }
}
