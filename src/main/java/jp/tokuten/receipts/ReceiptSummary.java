package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import jp.tokuten.receipts.ReceiptLine.Amount;
import jp.tokuten.receipts.ReceiptReading.Discount;
import jp.tokuten.receipts.ReceiptReading.Item;
import jp.tokuten.receipts.ReceiptReading.Tax;
import org.jspecify.annotations.Nullable;

/** What the lines between the header and the end of the receipt say about money. */
final class ReceiptSummary {
    final List<Item> items = new ArrayList<>();
    final List<Discount> discounts = new ArrayList<>();
    final List<Tax> taxes = new ArrayList<>();
    final List<TotalVote.Candidate> totals = new ArrayList<>();
    final List<Amount> unlabelled = new ArrayList<>();
    /** Item lines whose amount could not be read, in order. */
    final List<Damaged> damaged = new ArrayList<>();

    @Nullable
    BigDecimal subtotal;

    @Nullable
    BigDecimal tendered;

    @Nullable
    BigDecimal change;

    @Nullable
    BigDecimal externalTax;

    /** A rounding adjustment printed after the total (ROUNDING ADJ -0.02), signed. */
    @Nullable
    BigDecimal rounding;

    int roundingLine = -1;

    /** Abroad: an amount before tax plus a service charge plus the tax that fits them (Total excl. GST + GST). */
    @Nullable
    BigDecimal taxAdded;

    /** Abroad: the tax summary's amounts plus their taxes, every tax fitting its amount. */
    @Nullable
    BigDecimal taxSummary;

    /**
     * Abroad: the tax added or the tax summary's taxes are all zero, so the sum is the amount before tax printed
     * again, with no rate to check it.
     */
    boolean taxAddedUntaxed;

    boolean taxSummaryUntaxed;

    /** Abroad: a tax is printed after the subtotal and fits it neither as included nor as added. */
    boolean untaxed;

    /** What the receipt takes off after its items (coupons after the subtotal). */
    BigDecimal receiptDiscounts() {
        return discounts.stream().map(Discount::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Tax added on top of the prices (外税), or zero. */
    BigDecimal addedTax() {
        return externalTax == null ? BigDecimal.ZERO : externalTax;
    }

    int subtotalLine = -1;
    int totalLine = -1;
    int itemsStart = -1;
    int itemsEnd = -1;
    int tenderedLine = -1;
    int changeLine = -1;

    /** An item line with a name and an amount read partly as letters; {@code position} is its index among the items. */
    record Damaged(int position, int line, String name, String token, boolean reduced, double confidence) {}
}
