package jp.tokuten.ocr;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import jp.tokuten.shared.Slots;

/**
 * Reads the text of an image with Tesseract 5, in this process through its C library (docs/decisions/021):
 * page segmentation mode 6 (one block of text, which suits receipts), the models {@code jpn+Japanese} by
 * default (bench/ocr/README.md: the Japanese script model beside {@code jpn} reads blurred item names far
 * better than {@code jpn+eng}). Each engine handle keeps its models loaded between images; at most as many
 * images are read at once as the machine has cores. Thread-safe.
 */
public final class OcrEngine {

    /** The languages for Japanese receipts. */
    public static final String JAPANESE = "jpn+Japanese";

    /**
     * {@code jpn+eng}: reads digits and Latin letters better than {@link #JAPANESE}, blurred kanji worse;
     * for second readings of the lines with figures, and for receipts printed in Latin script.
     */
    public static final String LATIN_AND_JAPANESE = "jpn+eng";

    /** What a client refused for want of a reading slot is told to wait. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final TesseractPool pool;
    private final Slots slots;
    private final String languages;
    private final Set<ImagePreparation> preparation;

    /**
     * @param library the shared library's name ({@code tesseract}: {@code libtesseract.so}, or Debian's
     *     {@code libtesseract.so.5})
     * @param languages Tesseract language models joined with {@code +}
     * @param parallel how many images may be read at once
     */
    public OcrEngine(String library, String languages, Set<ImagePreparation> preparation, int parallel) {
        this(
                library,
                languages,
                preparation,
                parallel,
                new Slots(Math.max(1, parallel), Duration.ofDays(1), RETRY_AFTER));
    }

    /**
     * @param slots how many readings (of a whole receipt, many engine calls) may be under way at once; a
     *     request that gets none within their wait is answered 503 {@code busy}
     */
    public OcrEngine(String library, String languages, Set<ImagePreparation> preparation, int parallel, Slots slots) {
        this(new TesseractPool(library, parallel, TesseractPool.DEADLINE_MILLIS), slots, languages, preparation);
    }

    /** An engine that gives up on a page after {@code deadlineMillis} instead of 60 s. */
    static OcrEngine withDeadline(
            String library, String languages, Set<ImagePreparation> preparation, int deadlineMillis) {
        return new OcrEngine(
                new TesseractPool(library, 1, deadlineMillis),
                new Slots(1, Duration.ofDays(1), RETRY_AFTER),
                languages,
                preparation);
    }

    private OcrEngine(TesseractPool pool, Slots slots, String languages, Set<ImagePreparation> preparation) {
        this.pool = pool;
        this.slots = slots;
        this.languages = languages;
        this.preparation = preparation.isEmpty() ? Set.of() : EnumSet.copyOf(preparation);
    }

    /** Tesseract's library, {@link #JAPANESE}, the default preparation, one image per core at a time. */
    public static OcrEngine tesseract() {
        return new OcrEngine(
                "tesseract",
                JAPANESE,
                ImagePreparation.DEFAULT,
                Runtime.getRuntime().availableProcessors());
    }

    /** The same engine, sharing its handles and slots, with other preparation steps. */
    public OcrEngine withPreparation(Set<ImagePreparation> steps) {
        return new OcrEngine(pool, slots, languages, steps);
    }

    /** The same engine, sharing its slots, with other language models. */
    public OcrEngine withLanguages(String models) {
        return new OcrEngine(pool, slots, models, preparation);
    }

    /**
     * The reading slots of this node: a caller takes one for each image or receipt it reads (a request
     * with {@link Slots#take()}, background work with {@link Slots#await()}). Copies made with other
     * languages or steps share them.
     */
    public Slots slots() {
        return slots;
    }

    /** An image made ready for the engine: the coordinates of the lines read from it refer to it. */
    public static final class Page {
        private final BufferedImage grey;

        private Page(BufferedImage grey) {
            this.grey = grey;
        }

        public int width() {
            return grey.getWidth();
        }

        public int height() {
            return grey.getHeight();
        }
    }

    /** Reads an already decoded image. */
    public OcrText read(BufferedImage image) {
        return read(prepare(image));
    }

    /** Prepares an image with this engine's preparation steps. */
    public Page prepare(BufferedImage image) {
        return new Page(prepared(image));
    }

    /** Reads a prepared page as one block of text. */
    public OcrText read(Page page) {
        return TesseractTsv.parse(pool.recognise(languages, page.grey, TesseractLibrary.PSM_SINGLE_BLOCK));
    }

    /**
     * Reads a horizontal band of a page as one block of text: rows {@code from} to {@code to} as shares of
     * the page's height (0 top, 1 bottom). A quick look at part of a page, e.g. to tell its script before
     * reading it whole. The lines' coordinates refer to the page.
     */
    public OcrText readBand(Page page, double from, double to) {
        int y0 = (int) Math.round(Math.max(0, Math.min(1, from)) * page.height());
        int y1 = (int) Math.round(Math.max(0, Math.min(1, to)) * page.height());
        if (y1 - y0 < 8) {
            return new OcrText(List.of());
        }
        BufferedImage band = page.grey.getSubimage(0, y0, page.width(), y1 - y0);
        OcrText text = TesseractTsv.parse(pool.recognise(languages, band, TesseractLibrary.PSM_SINGLE_BLOCK));
        return new OcrText(text.lines().stream()
                .map(l -> new OcrLine(l.text(), l.confidence(), l.left(), l.top() + y0, l.width(), l.height()))
                .toList());
    }

    /**
     * Reads lines of a page again, each cut out on its own and read as one line, with this engine's
     * languages: a second opinion on the lines that matter most. The result has one line per line asked for,
     * in the same order and at the same place; a line that reads as nothing comes back with empty text and
     * confidence 0. (Stacking the lines into one strip read at once was no faster and mixed in accuracy:
     * bench/ocr.)
     */
    public List<OcrLine> reread(Page page, List<OcrLine> lines) {
        List<OcrLine> out = new ArrayList<>(lines.size());
        for (OcrLine line : lines) {
            int margin = Math.max(4, line.height() / 3);
            int x0 = Math.max(0, line.left() - margin);
            int y0 = Math.max(0, line.top() - margin);
            int x1 = Math.min(page.width(), line.left() + line.width() + margin);
            int y1 = Math.min(page.height(), line.top() + line.height() + margin);
            if (x1 - x0 < 8 || y1 - y0 < 8) {
                out.add(line.withText("", 0));
                continue;
            }
            BufferedImage strip = page.grey.getSubimage(x0, y0, x1 - x0, y1 - y0);
            OcrText text = TesseractTsv.parse(pool.recognise(languages, strip, TesseractLibrary.PSM_SINGLE_LINE));
            if (text.lines().isEmpty()) {
                out.add(line.withText("", 0));
            } else {
                OcrLine best = text.lines().stream()
                        .max(java.util.Comparator.comparingInt(OcrLine::width))
                        .orElseThrow();
                out.add(line.withText(best.text(), best.confidence()));
            }
        }
        return out;
    }

    /**
     * Reads the top of a page again at half its size, as one block: averaging each 2 × 2 pixels evens out
     * sensor noise and brings print set at double size (a store's name as a logo) to the size of body text,
     * which Tesseract then finds where its first reading of the noisy page lost it (bench/ocr, decision 102).
     * The lines' coordinates are those of the halved strip.
     *
     * @param height how much of the page, from its top, in the page's pixels
     */
    public OcrText readTopHalved(Page page, int height) {
        int w = page.width() / 2;
        int h = Math.min(page.height(), height) / 2;
        if (w < 8 || h < 8) {
            return new OcrText(List.of());
        }
        var source = page.grey.getRaster();
        BufferedImage half = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        var target = half.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = source.getSample(2 * x, 2 * y, 0)
                        + source.getSample(2 * x + 1, 2 * y, 0)
                        + source.getSample(2 * x, 2 * y + 1, 0)
                        + source.getSample(2 * x + 1, 2 * y + 1, 0);
                target.setSample(x, y, 0, (sum + 2) / 4);
            }
        }
        return TesseractTsv.parse(pool.recognise(languages, half, TesseractLibrary.PSM_SINGLE_BLOCK));
    }

    BufferedImage prepared(BufferedImage image) {
        BufferedImage grey = ImagePreparation.grey(image);
        if (preparation.contains(ImagePreparation.LOCATE)) {
            grey = ImagePreparation.locate(grey);
        }
        if (preparation.contains(ImagePreparation.CROP)) {
            grey = ImagePreparation.crop(grey);
        }
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
}
