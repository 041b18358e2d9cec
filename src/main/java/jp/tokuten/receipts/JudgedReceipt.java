package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One receipt of an entry as the rules see it (the store's name with its branch, as stores are listed): its reading (the JSON of docs/receipt-schema.md) with a
 * reviewer's corrections laid over it, or the fact that it could not be read at all.
 *
 * @param perceptualHash the perceptual hash of the photo when the reading carries one ({@code photo.perceptualHash})
 * @param nearHashes the photo's hash with its least sure bits turned ({@code photo.nearHashes}, decision 090)
 * @param imageSignals what the photo check noticed ({@code photo.signals}: the codes of {@link jp.tokuten.files.PhotoSignals}, or {@code edited}, {@code screen})
 */
record JudgedReceipt(
        UUID submission,
        boolean failed,
        @Nullable String storeName,
        @Nullable String storePhone,
        @Nullable String registrationNumber,
        @Nullable String purchasedAt,
        @Nullable String receiptNumber,
        List<Item> items,
        @Nullable BigDecimal total,
        Map<String, Double> confidence,
        @Nullable String perceptualHash,
        List<String> nearHashes,
        List<String> imageSignals) {

    /**
     * How sure a deciding field must be read for a rule to decide on it alone (decisions 077, 105): the
     * reader's confidences are fitted probabilities, and totals read at 0.9 or more were right at least 99
     * times in 100 on every labelled set (bench/ocr/README.md).
     */
    static final double SURE = 0.9;

    /** The fields a reviewer may correct. */
    static final List<String> CORRECTABLE =
            List.of("store.name", "store.phone", "store.registrationNumber", "purchasedAt", "receiptNumber", "total");

    record Item(String name, int quantity, BigDecimal amount, double confidence) {}

    JudgedReceipt {
        items = List.copyOf(items);
        confidence = Map.copyOf(confidence);
        nearHashes = List.copyOf(nearHashes);
        imageSignals = List.copyOf(imageSignals);
    }

    /** A receipt whose reading failed (the job went to the dead letter). */
    static JudgedReceipt failed(UUID submission) {
        return new JudgedReceipt(
                submission, true, null, null, null, null, null, List.of(), null, Map.of(), null, List.of(), List.of());
    }

    /** Nothing a rule could use was read: no date, no total and no item. */
    boolean unreadable() {
        return failed || (purchasedAt == null && total == null && items.isEmpty());
    }

    double confidenceOf(String field) {
        return confidence.getOrDefault(field, 0.0);
    }

    boolean sure(String field) {
        return confidenceOf(field) >= SURE;
    }

    /** The purchase date, or null when none (or none that parses) was read. */
    @Nullable
    LocalDate purchaseDate() {
        if (purchasedAt == null || purchasedAt.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(purchasedAt.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The receipt read from its reading JSON, with corrections (field → value) applied. */
    @SuppressWarnings("unchecked")
    static JudgedReceipt of(UUID submission, Map<String, Object> reading, Map<String, String> corrections) {
        Map<String, Object> store = reading.get("store") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Double> confidence = new LinkedHashMap<>();
        if (reading.get("confidence") instanceof Map<?, ?> c) {
            c.forEach((k, v) -> {
                if (v instanceof Number n) {
                    confidence.put(String.valueOf(k), n.doubleValue());
                }
            });
        }
        List<Item> items = new ArrayList<>();
        if (reading.get("items") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> item && item.get("name") instanceof String name) {
                    BigDecimal amount = decimal(item.get("amount"));
                    BigDecimal discount = decimal(item.get("discount"));
                    int quantity = item.get("quantity") instanceof Number q ? q.intValue() : 1;
                    double sure = item.get("confidence") instanceof Number n ? n.doubleValue() : 0.0;
                    BigDecimal net =
                            amount == null ? BigDecimal.ZERO : discount == null ? amount : amount.subtract(discount);
                    items.add(new Item(name, Math.max(1, quantity), net, sure));
                }
            }
        }
        Map<String, Object> photo = reading.get("photo") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        List<String> signals = new ArrayList<>();
        if (photo.get("signals") instanceof List<?> s) {
            s.forEach(o -> signals.add(String.valueOf(o)));
        }
        List<String> near = new ArrayList<>();
        if (photo.get("nearHashes") instanceof List<?> n) {
            n.forEach(o -> {
                if (o instanceof String h && !h.isBlank()) {
                    near.add(h);
                }
            });
        }
        String name = text(store.get("name"));
        String branch = text(store.get("branch"));
        if (name != null && branch != null && !name.endsWith(branch)) {
            // the branch (支店) is printed apart from the name; campaigns list stores by their full name
            name = name + " " + branch;
        }
        String phone = text(store.get("phone"));
        String registration = text(store.get("registrationNumber"));
        String purchasedAt = text(reading.get("purchasedAt"));
        String receiptNumber = text(reading.get("receiptNumber"));
        BigDecimal total = decimal(reading.get("total"));
        for (var c : corrections.entrySet()) {
            String value = c.getValue().strip();
            switch (c.getKey()) {
                case "store.name" -> name = value;
                case "store.phone" -> phone = value;
                case "store.registrationNumber" -> registration = value;
                case "purchasedAt" -> purchasedAt = value;
                case "receiptNumber" -> receiptNumber = value;
                case "total" -> total = new BigDecimal(value);
                default -> throw new IllegalArgumentException("not a correctable field: " + c.getKey());
            }
            // a person read it: it is as sure as a reading gets
            confidence.put(c.getKey(), 1.0);
        }
        return new JudgedReceipt(
                submission,
                false,
                name,
                phone,
                registration,
                purchasedAt,
                receiptNumber,
                items,
                total,
                confidence,
                text(photo.get("perceptualHash")),
                near,
                signals);
    }

    private static @Nullable String text(@Nullable Object o) {
        return o instanceof String s && !s.isBlank() ? s : null;
    }

    private static @Nullable BigDecimal decimal(@Nullable Object o) {
        return switch (o) {
            case null -> null;
            case BigDecimal b -> b;
            case Number n -> new BigDecimal(n.toString());
            case String s -> {
                try {
                    yield new BigDecimal(s.strip());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            default -> null;
        };
    }
}
