package jp.tokuten.receipts;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.tokuten.files.Photo;
import jp.tokuten.files.PhotoIntake;
import jp.tokuten.files.PhotoRejectedException;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.ocr.OcrException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tokuten read-receipt [--pages] [--stores FILE] FILE...}: reads each file as its own receipt and
 * prints one JSON object per line, in the order given; with {@code --pages} all files are the photos of
 * one long receipt, top to bottom; with {@code --stores} the store names listed in FILE (UTF-8, one per
 * line, a campaign's participating chains) are recognised even as logos. A file that cannot be read gives
 * a line with {@code "error"}, and the exit status is 1 at the end. No Spring context, no database.
 */
public final class ReadReceiptCommand {

    static final String USAGE = """
            usage: java -jar tokuten.jar read-receipt [--pages] [--stores FILE] FILE...

            Reads each photo as its own receipt and prints one JSON object per line, in the order given
            (schema: docs/receipt-schema.md). Needs Tesseract; no server, no database.
              --pages        all files are the photos of one long receipt, top to bottom
              --stores FILE  a UTF-8 file of store names, one per line ('#' starts a comment),
                             recognised even when printed as a logo
              --help         show this text
            Exit status: 0 when every file was read, 1 when one could not be, 2 on bad usage.
            """;

    private ReadReceiptCommand() {}

    /** Store names, one per line ({@link KnownStores#parse}). */
    static List<String> storeNames(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file");
        }
        return KnownStores.parse(Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Runs the command and returns the process exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        System.setProperty("java.awt.headless", "true");
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        boolean pages = false;
        List<String> files = new ArrayList<>();
        List<String> stores = List.of();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--pages")) {
                pages = true;
            } else if (arg.equals("--stores")) {
                if (i + 1 >= args.length) {
                    err.println("--stores needs a file of store names, one per line");
                    return 2;
                }
                try {
                    stores = storeNames(Path.of(args[++i]));
                } catch (IOException | java.io.UncheckedIOException | KnownStores.InvalidList e) {
                    err.println("Cannot read the store list " + args[i] + ": " + e.getMessage());
                    return 2;
                }
            } else {
                files.add(arg);
            }
        }
        if (files.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        PhotoIntake intake = PhotoIntake.withDefaults();
        ReceiptReader reader = new ReceiptReader(OcrEngine.tesseract());
        List<String> known = stores;
        if (pages) {
            return readAsPages(files, intake, reader, known, out);
        }
        boolean failed = false;
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<Line>> lines = new ArrayList<>();
            for (String file : files) {
                lines.add(pool.submit(() -> readOne(file, intake, reader, known)));
            }
            for (Future<Line> line : lines) {
                Line result = line.get();
                failed |= !result.ok();
                out.println(result.json());
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (ExecutionException e) {
            err.println(e.getCause());
            return 1;
        } finally {
            pool.shutdownNow();
        }
        return failed ? 1 : 0;
    }

    private record Line(String json, boolean ok) {}

    private static Line readOne(String file, PhotoIntake intake, ReceiptReader reader, List<String> known) {
        try {
            Photo photo = load(Path.of(file), intake);
            return new Line(ReceiptJson.line(file, reader.read(List.of(photo.image()), known)), true);
        } catch (PhotoRejectedException | OcrException e) {
            return new Line(ReceiptJson.error(file, e.getMessage()), false);
        } catch (IOException e) {
            return new Line(ReceiptJson.error(file, "Cannot read the file: " + e.getMessage()), false);
        }
    }

    private static int readAsPages(
            List<String> files, PhotoIntake intake, ReceiptReader reader, List<String> known, PrintStream out) {
        List<java.awt.image.BufferedImage> images = new ArrayList<>();
        for (String file : files) {
            try {
                images.add(load(Path.of(file), intake).image());
            } catch (PhotoRejectedException e) {
                out.println(ReceiptJson.error(file, e.getMessage()));
                return 1;
            } catch (IOException e) {
                out.println(ReceiptJson.error(file, "Cannot read the file: " + e.getMessage()));
                return 1;
            }
        }
        try {
            Map<String, Object> json = ReceiptJson.of(files.getFirst(), reader.read(images, known));
            Map<String, Object> withPages = new LinkedHashMap<>();
            withPages.put("file", files.getFirst());
            withPages.put("pages", files);
            json.forEach(withPages::putIfAbsent);
            out.println(JsonMapper.builder().build().writeValueAsString(withPages));
            return 0;
        } catch (OcrException e) {
            out.println(ReceiptJson.error(files.getFirst(), e.getMessage()));
            return 1;
        }
    }

    private static Photo load(Path file, PhotoIntake intake) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file");
        }
        if (Files.size(file) > intake.maxBytes()) {
            throw intake.tooLarge();
        }
        return intake.check(Files.readAllBytes(file));
    }
}
