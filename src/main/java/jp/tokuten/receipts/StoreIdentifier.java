package jp.tokuten.receipts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jp.tokuten.ocr.OcrLine;
import jp.tokuten.receipts.ReceiptReading.StoreIdentification;

/**
 * Identifies a reading's store from what receipts print most reliably (decision 102): its registration
 * number, then its phone number, found in a {@link StoreCatalog} (the tenant's stores); then a name of the
 * campaign's store list recognised near the top ({@link KnownStores}); else the name as printed stays.
 */
final class StoreIdentifier {

    /**
     * How sure a store found by its registration number is: 13 digits of which the first is a check digit
     * must equal one of the tenant's, which a misreading hardly ever does by chance.
     */
    static final double BY_REGISTRATION = 0.98;

    /** How sure a store found by its phone number is: 10 or 11 digits equal to one store's of the tenant. */
    static final double BY_PHONE = 0.97;

    /** The most a store recognised from the campaign's list by its name is trusted. */
    static final double BY_LIST_AT_MOST = 0.95;

    /** The least height taken for a line in {@link #headerHeight}, in pixels of a prepared photo. */
    private static final int MIN_LINE_HEIGHT = 30;

    private StoreIdentifier() {}

    /**
     * The reading with its store identified. {@code header} is the lines of its first photo;
     * {@code secondLook} reads the top of that photo again (at half size, {@code OcrEngine.readTopHalved}),
     * asked for only when a store list is given and nothing on it is recognised in {@code header}: a logo
     * that noise made Tesseract lose in the first reading is often read there (bench/ocr).
     */
    static ReceiptReading identify(
            ReceiptReading reading,
            List<OcrLine> header,
            Supplier<List<OcrLine>> secondLook,
            List<String> knownStores,
            StoreCatalog catalog) {
        ReceiptReading.Store read = reading.store();
        Optional<StoreCatalog.Found> found = catalog.identify(read.name(), read.phone(), read.registrationNumber());
        Map<String, Double> confidence = new LinkedHashMap<>(reading.confidence());
        ReceiptReading.Store store;
        if (found.isPresent()) {
            StoreCatalog.Found f = found.get();
            boolean byRegistration = f.by() == StoreIdentification.REGISTRATION;
            double sure = byRegistration ? BY_REGISTRATION : BY_PHONE;
            raise(confidence, "store.name", sure);
            if (f.branch() != null) {
                raise(confidence, "store.branch", sure);
            }
            if (byRegistration) {
                raise(confidence, "store.registrationNumber", sure);
            } else {
                raise(confidence, "store.phone", sure);
            }
            store = new ReceiptReading.Store(
                    f.name(),
                    f.branch() != null ? f.branch() : read.branch(),
                    read.phone(),
                    byRegistration && f.registrationNumber() != null
                            ? f.registrationNumber()
                            : read.registrationNumber(),
                    f.by());
        } else {
            KnownStores.Match match = knownStores.isEmpty() ? null : KnownStores.best(header, knownStores);
            if (match == null && !knownStores.isEmpty()) {
                match = KnownStores.best(secondLook.get(), knownStores);
            }
            if (match == null) {
                return reading;
            }
            confidence.put("store.name", Math.round(Math.min(BY_LIST_AT_MOST, match.similarity()) * 100) / 100.0);
            store = new ReceiptReading.Store(
                    match.name(),
                    read.branch(),
                    read.phone(),
                    read.registrationNumber(),
                    StoreIdentification.STORE_LIST);
        }
        return new ReceiptReading(
                store,
                reading.purchasedAt(),
                reading.receiptNumber(),
                reading.items(),
                reading.discounts(),
                reading.subtotal(),
                reading.taxes(),
                reading.total(),
                reading.tendered(),
                reading.change(),
                reading.payment(),
                reading.currency(),
                confidence);
    }

    /**
     * How much of the top of a photo the second look reads: down to three line heights below its first
     * line (the name, branch and phone of most headers), the whole photo's top third when it has no line.
     */
    static int headerHeight(List<OcrLine> lines, int pageHeight) {
        if (lines.isEmpty()) {
            return pageHeight / 3;
        }
        OcrLine first = lines.getFirst();
        return Math.min(pageHeight, first.top() + 3 * Math.max(MIN_LINE_HEIGHT, first.height()));
    }

    private static void raise(Map<String, Double> confidence, String key, double to) {
        confidence.merge(key, to, Math::max);
    }
}
