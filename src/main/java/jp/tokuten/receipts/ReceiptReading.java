package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A receipt as read from its photos (レシート読取結果). Amounts are in {@link #currency}; every field may
 * be {@code null} when it could not be read, and {@link #confidence} says, per field, how sure the
 * reading is (0 to 1). The JSON form is documented in docs/receipt-schema.md.
 *
 * @param purchasedAt ISO local date-time, or the date alone when the receipt prints no time
 * @param discounts discounts on the whole receipt (coupons after the subtotal); item discounts sit on
 *     their item
 */
public record ReceiptReading(
        Store store,
        @Nullable String purchasedAt,
        @Nullable String receiptNumber,
        List<Item> items,
        List<Discount> discounts,
        @Nullable BigDecimal subtotal,
        List<Tax> taxes,
        @Nullable BigDecimal total,
        @Nullable BigDecimal tendered,
        @Nullable BigDecimal change,
        @Nullable String payment,
        @Nullable String currency,
        Map<String, Double> confidence) {

    /** The same reading with other confidences. */
    public ReceiptReading withConfidence(Map<String, Double> confidence) {
        return new ReceiptReading(
                store,
                purchasedAt,
                receiptNumber,
                items,
                discounts,
                subtotal,
                taxes,
                total,
                tendered,
                change,
                payment,
                currency,
                confidence);
    }

    /**
     * The shop: name, branch (支店), phone and qualified-invoice registration number (登録番号, T + 13 digits),
     * and what the name was identified by ({@code null} when no store name was found).
     */
    public record Store(
            @Nullable String name,
            @Nullable String branch,
            @Nullable String phone,
            @Nullable String registrationNumber,
            @Nullable StoreIdentification identifiedBy) {

        /** A store as printed: its name, if any, identified by the printed name. */
        public Store(
                @Nullable String name,
                @Nullable String branch,
                @Nullable String phone,
                @Nullable String registrationNumber) {
            this(name, branch, phone, registrationNumber, name == null ? null : StoreIdentification.PRINTED_NAME);
        }
    }

    /**
     * How a reading's store was identified (decision 102), surest first: its registration number or phone
     * number found among the tenant's stores, a name of the campaign's store list recognised near the top,
     * or the name as printed.
     */
    public enum StoreIdentification {
        REGISTRATION("registration"),
        PHONE("phone"),
        STORE_LIST("store_list"),
        PRINTED_NAME("printed_name");

        private final String code;

        StoreIdentification(String code) {
            this.code = code;
        }

        /** Its code in the JSON form: {@code registration}, {@code phone}, {@code store_list}, {@code printed_name}. */
        public String code() {
            return code;
        }
    }

    /**
     * One line item. {@code amount} is the line amount as printed; {@code discount} (値引/割引) is what a
     * discount line right under it takes off, so the item costs {@code amount - discount}.
     *
     * @param reducedTax marked for the reduced 8% rate (軽減税率, ※ or *)
     */
    public record Item(
            String name,
            int quantity,
            @Nullable BigDecimal unitPrice,
            BigDecimal amount,
            @Nullable BigDecimal discount,
            boolean reducedTax,
            double confidence) {}

    /** A discount on the whole receipt. */
    public record Discount(String name, BigDecimal amount) {}

    /**
     * Tax at one rate.
     *
     * @param rate percent, 8 or 10
     * @param base the taxable amount printed for this rate (対象額), or null
     * @param amount the tax printed for this rate (内税 or 外税), or null
     * @param included whether the tax is inside the prices (内税) rather than added to them (外税)
     */
    public record Tax(
            int rate, @Nullable BigDecimal base, @Nullable BigDecimal amount, boolean included) {}
}
