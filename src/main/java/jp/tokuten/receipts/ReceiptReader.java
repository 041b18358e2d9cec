package jp.tokuten.receipts;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.ocr.OcrLine;
import jp.tokuten.ocr.OcrText;

/**
 * Reads receipts (レシート読取): photos through the OCR engine, then the text into a {@link ReceiptReading}.
 * A band of the first photo read with {@code jpn+eng} tells a receipt printed in Latin script, which is then
 * read with {@code jpn+eng} only (decision 103). Otherwise the first reading uses the Japanese models, which read item names best; the lines that carry figures
 * outside the item list (date and time, phone, registration number, totals) are then read a second time
 * each on its own with {@code jpn+eng}, which reads digits better, and each field group is taken from
 * the surer of the two readings (bench/ocr/README.md). A receipt whose total still has nothing to confirm
 * it is read once more as a whole with {@code jpn+eng}, for its money only. Needs no database and no
 * Spring context, so the command line uses it as it is. The reading's confidences are probabilities
 * ({@link Calibration}, decision 105) except where the store was identified by a list or the tenant's stores.
 */
public final class ReceiptReader {

    /** Lines read at least this surely are not read again. */
    private static final double SURE = 0.95;

    /** A total this unsure (no 合計 line, and no two figures of the receipt agree on it) has the page read again. */
    private static final double UNSURE_TOTAL = 0.6;

    /**
     * The band of the first photo read first to choose the models (shares of its height): below the store's
     * name, which may be a logo, where the address, date or first items are; about 0.1 s (decision 103).
     */
    private static final double LATIN_BAND_FROM = 0.25;

    private static final double LATIN_BAND_TO = 0.38;

    private final OcrEngine engine;
    private final OcrEngine second;
    private final Calibration calibration;

    public ReceiptReader(OcrEngine engine) {
        this(engine, Calibration.fitted());
    }

    private ReceiptReader(OcrEngine engine, Calibration calibration) {
        this.engine = engine;
        this.second = engine.withLanguages(OcrEngine.LATIN_AND_JAPANESE);
        this.calibration = calibration;
    }

    /**
     * A reader whose confidences are the evidence scores the calibration is fitted on (bench/ocr), not
     * probabilities.
     */
    public static ReceiptReader uncalibrated(OcrEngine engine) {
        return new ReceiptReader(engine, Calibration.NONE);
    }

    /** Reads the photos of one receipt, top to bottom (one photo for most receipts). */
    public ReceiptReading read(List<BufferedImage> photos) {
        return read(photos, List.of());
    }

    /**
     * Reads the photos of one receipt, recognising the stores named in {@code knownStores} (a campaign's
     * participating chains) even where their name is a logo or brush lettering OCR reads only in part.
     */
    public ReceiptReading read(List<BufferedImage> photos, List<String> knownStores) {
        return read(photos, knownStores, StoreCatalog.NONE);
    }

    /**
     * Reads the photos of one receipt and identifies its store (decision 102): by its registration or
     * phone number in {@code catalog} (the tenant's stores), else by a name of {@code knownStores}, else
     * as printed.
     */
    public ReceiptReading read(List<BufferedImage> photos, List<String> knownStores, StoreCatalog catalog) {
        return readPages(prepare(photos), knownStores, catalog);
    }

    /**
     * The photos made ready for the engine (grey, scaled): all the reading needs of them, a fraction of a
     * large photo's memory, so a caller may let go of the decoded photos before reading.
     */
    List<OcrEngine.Page> prepare(List<BufferedImage> photos) {
        List<OcrEngine.Page> pages = new ArrayList<>();
        for (BufferedImage photo : photos) {
            pages.add(engine.prepare(photo));
        }
        return pages;
    }

    /** Reads pages made by {@link #prepare}, and identifies the store ({@link StoreIdentifier}). */
    ReceiptReading readPages(List<OcrEngine.Page> pages, List<String> knownStores, StoreCatalog catalog) {
        Read read = readText(pages);
        // the text's scores become probabilities; a store identified by the tenant's stores or the campaign's
        // list gets the score of that kind of evidence (StoreIdentifier)
        ReceiptReading reading = calibration.apply(read.reading());
        OcrEngine.Page top = pages.getFirst();
        return StoreIdentifier.identify(
                reading,
                read.firstPage(),
                () -> engine.readTopHalved(top, StoreIdentifier.headerHeight(read.firstPage(), top.height()))
                        .lines(),
                knownStores,
                catalog);
    }

    /** A reading and the lines of its first photo, where the store's name is. */
    private record Read(ReceiptReading reading, List<OcrLine> firstPage) {}

    private Read readText(List<OcrEngine.Page> pages) {
        if (latinBand(pages.getFirst())) {
            // a receipt printed abroad: read with jpn+eng only (the Japanese models misread Latin letters),
            // unless the whole reading shows more Japanese than Latin letters after all (a faint print read
            // as noise is no reason to read it again with the Japanese models, slowest on noise)
            List<OcrText> latin = readAll(second, pages);
            if (!mostlyJapanese(latin)) {
                return new Read(parse(latin), latin.getFirst().lines());
            }
        }
        List<OcrText> first = readAll(engine, pages);
        if (latinScript(first)) {
            // Latin script that the band did not show: read again with jpn+eng
            List<OcrText> latin = readAll(second, pages);
            return new Read(parse(latin), latin.getFirst().lines());
        }
        ReceiptParser.Parsed a = ReceiptParser.parseWithSources(first);
        Set<OcrLine> figures = Collections.newSetFromMap(new IdentityHashMap<>());
        figures.addAll(a.figureLines());
        List<OcrText> secondOpinion = new ArrayList<>();
        boolean any = false;
        for (int p = 0; p < pages.size(); p++) {
            List<OcrLine> lines = first.get(p).lines();
            List<Integer> which = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (figures.contains(lines.get(i)) && lines.get(i).confidence() < SURE) {
                    which.add(i);
                }
            }
            List<OcrLine> again =
                    second.reread(pages.get(p), which.stream().map(lines::get).toList());
            List<OcrLine> merged = new ArrayList<>(lines);
            for (int k = 0; k < which.size(); k++) {
                if (!again.get(k).text().isBlank()) {
                    merged.set(which.get(k), again.get(k));
                    any = true;
                }
            }
            secondOpinion.add(new OcrText(merged));
        }
        ReceiptReading reading = any ? merge(a.reading(), parse(secondOpinion)) : a.reading();
        if (reading.confidence().getOrDefault("total", 0.0) < UNSURE_TOTAL) {
            // nothing on the receipt agrees on its total: the whole page read with jpn+eng may show the
            // summary lines the Japanese models lost; only the money is taken from it, if surer (its
            // date and names are no better than the line-by-line second look above: bench/ocr)
            List<OcrText> whole = new ArrayList<>();
            for (OcrEngine.Page page : pages) {
                whole.add(second.read(page));
            }
            reading = moneyFrom(parse(whole), reading);
        }
        return new Read(reading, first.getFirst().lines());
    }

    /**
     * Whether a band of the page, read with {@code jpn+eng} (which knows both scripts), is in Latin letters
     * with hardly any Japanese: the models are chosen from a look at part of the page instead of a whole
     * reading with the wrong ones (decision 103).
     */
    boolean latinBand(OcrEngine.Page page) {
        return latinScript(List.of(second.readBand(page, LATIN_BAND_FROM, LATIN_BAND_TO)));
    }

    private static List<OcrText> readAll(OcrEngine models, List<OcrEngine.Page> pages) {
        List<OcrText> texts = new ArrayList<>();
        for (OcrEngine.Page page : pages) {
            texts.add(models.read(page));
        }
        return texts;
    }

    /** Text in Latin letters with hardly any Japanese among them. */
    static boolean latinScript(List<OcrText> pages) {
        long[] counts = scripts(pages);
        return counts[0] >= 30 && counts[1] * 8 < counts[0];
    }

    /** Text with more Japanese characters than Latin letters. */
    static boolean mostlyJapanese(List<OcrText> pages) {
        long[] counts = scripts(pages);
        return counts[1] > counts[0];
    }

    /** How many Latin letters and how many Japanese characters (kana, kanji) the text has. */
    private static long[] scripts(List<OcrText> pages) {
        long latin = 0;
        long japanese = 0;
        for (OcrText page : pages) {
            for (OcrLine line : page.lines()) {
                for (int cp : line.text().codePoints().toArray()) {
                    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
                    if (script == Character.UnicodeScript.LATIN) {
                        latin++;
                    } else if (script == Character.UnicodeScript.HIRAGANA
                            || script == Character.UnicodeScript.KATAKANA
                            || script == Character.UnicodeScript.HAN) {
                        japanese++;
                    }
                }
            }
        }
        return new long[] {latin, japanese};
    }

    /** {@code a} with the money (subtotal, taxes, total, discounts, tendered, change) of {@code b} if b is surer of its total. */
    static ReceiptReading moneyFrom(ReceiptReading b, ReceiptReading a) {
        if (!better(b, a, "total")) {
            return a;
        }
        Map<String, Double> confidence = new LinkedHashMap<>(a.confidence());
        for (String key : List.of("total", "subtotal", "taxes")) {
            confidence.remove(key);
            copy(b.confidence(), confidence, key);
        }
        return new ReceiptReading(
                a.store(),
                a.purchasedAt(),
                a.receiptNumber(),
                a.items(),
                b.discounts(),
                b.subtotal(),
                b.taxes(),
                b.total(),
                b.tendered(),
                b.change(),
                a.payment(),
                a.currency(),
                confidence);
    }

    /** Per field group, the reading that is surer of it; the first reading wins ties. */
    static ReceiptReading merge(ReceiptReading a, ReceiptReading b) {
        Map<String, Double> confidence = new LinkedHashMap<>(a.confidence());
        boolean dateFromB = better(b, a, "purchasedAt");
        boolean totalFromB = better(b, a, "total");
        boolean storeFromB = better(b, a, "store.name");
        // the first reading's item names are the better ones (bench/ocr); the second only fills a gap
        boolean itemsFromB = a.items().isEmpty() && !b.items().isEmpty();
        if (dateFromB) {
            confidence.put("purchasedAt", b.confidence().get("purchasedAt"));
        }
        ReceiptReading money = totalFromB ? b : a;
        for (String key : List.of("total", "subtotal", "taxes")) {
            copy(money.confidence(), confidence, key);
        }
        boolean phoneFromB = better(b, a, "store.phone");
        boolean registrationFromB = better(b, a, "store.registrationNumber");
        ReceiptReading.Store names = storeFromB ? b.store() : a.store();
        if (storeFromB) {
            copy(b.confidence(), confidence, "store.name");
            copy(b.confidence(), confidence, "store.branch");
        }
        if (phoneFromB) {
            copy(b.confidence(), confidence, "store.phone");
        }
        if (registrationFromB) {
            copy(b.confidence(), confidence, "store.registrationNumber");
        }
        ReceiptReading.Store store = new ReceiptReading.Store(
                names.name(),
                names.branch(),
                phoneFromB ? b.store().phone() : a.store().phone(),
                registrationFromB ? b.store().registrationNumber() : a.store().registrationNumber());
        if (itemsFromB) {
            copy(b.confidence(), confidence, "items");
        }
        return new ReceiptReading(
                store,
                dateFromB ? b.purchasedAt() : a.purchasedAt(),
                a.receiptNumber() != null ? a.receiptNumber() : b.receiptNumber(),
                itemsFromB ? b.items() : a.items(),
                money.discounts(),
                money.subtotal(),
                money.taxes(),
                money.total(),
                money.tendered(),
                money.change(),
                a.payment() != null ? a.payment() : b.payment(),
                a.currency(),
                confidence);
    }

    private static boolean better(ReceiptReading b, ReceiptReading a, String field) {
        return b.confidence().getOrDefault(field, 0.0) > a.confidence().getOrDefault(field, 0.0);
    }

    private static void copy(Map<String, Double> from, Map<String, Double> to, String key) {
        if (from.containsKey(key)) {
            to.put(key, from.get(key));
        } else {
            to.remove(key);
        }
    }

    /** Reads text the OCR engine has already produced; its confidences are evidence scores, not calibrated. */
    public static ReceiptReading parse(List<OcrText> pages) {
        return ReceiptParser.parse(pages);
    }
}
