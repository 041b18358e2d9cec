package jp.tokuten.receipts;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.tokuten.ocr.ImagePreparation;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.ocr.OcrText;

/**
 * Reads receipts (レシート読取): photos through the OCR engine, then the text into a {@link ReceiptReading}.
 * When the first reading finds no date or no total, the photos are read a second time with other image
 * preparation and each field group is taken from the surer reading (a second reading of every unsure
 * receipt doubled the time for no gain in date or total: bench/ocr/README.md). Needs no database
 * and no Spring context, so the command line uses it as it is.
 */
public final class ReceiptReader {

    private final OcrEngine engine;
    private final OcrEngine secondOpinion;

    public ReceiptReader(OcrEngine engine) {
        this.engine = engine;
        this.secondOpinion = engine.withPreparation(
                Set.of(ImagePreparation.SCALE, ImagePreparation.DESKEW, ImagePreparation.CONTRAST));
    }

    /** Reads the photos of one receipt, top to bottom (one photo for most receipts). */
    public ReceiptReading read(List<BufferedImage> pages) {
        ReceiptReading first = parse(ocr(engine, pages));
        if (first.purchasedAt() != null && first.total() != null) {
            return first;
        }
        ReceiptReading second = parse(ocr(secondOpinion, pages));
        return merge(first, second);
    }

    private static List<OcrText> ocr(OcrEngine engine, List<BufferedImage> pages) {
        List<OcrText> texts = new ArrayList<>();
        for (BufferedImage page : pages) {
            texts.add(engine.read(page));
        }
        return texts;
    }

    /** Per field group, the reading that is surer of it; the first reading wins ties. */
    static ReceiptReading merge(ReceiptReading a, ReceiptReading b) {
        Map<String, Double> confidence = new LinkedHashMap<>(a.confidence());
        boolean dateFromB = better(b, a, "purchasedAt");
        boolean totalFromB = better(b, a, "total");
        boolean storeFromB = better(b, a, "store.name");
        boolean itemsFromB = b.items().size() > a.items().size() && better(b, a, "items")
                || a.items().isEmpty() && !b.items().isEmpty();
        if (dateFromB) {
            confidence.put("purchasedAt", b.confidence().get("purchasedAt"));
        }
        ReceiptReading money = totalFromB ? b : a;
        for (String key : List.of("total", "subtotal", "taxes")) {
            copy(money.confidence(), confidence, key);
        }
        ReceiptReading.Store store = storeFromB ? b.store() : a.store();
        if (storeFromB) {
            for (String key : List.of("store.name", "store.branch", "store.phone", "store.registrationNumber")) {
                copy(b.confidence(), confidence, key);
            }
        }
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

    /** Reads text the OCR engine has already produced. */
    public static ReceiptReading parse(List<OcrText> pages) {
        return ReceiptParser.parse(pages);
    }
}
