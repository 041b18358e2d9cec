package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import jp.tokuten.receipts.ReceiptLine.Amount;
import jp.tokuten.receipts.ReceiptReading.Discount;
import jp.tokuten.receipts.ReceiptReading.Item;
import jp.tokuten.receipts.ReceiptReading.Tax;
import jp.tokuten.shared.FoldedText;
import org.jspecify.annotations.Nullable;

/**
 * The items and the money after them: subtotal, taxes, discounts, tendered and change, the candidates for
 * the total (voted on by {@link TotalVote}), and the one item whose amount only the arithmetic can give.
 */
final class MoneyRules {

    private final List<ReceiptLine> lines;
    private final boolean decimals;
    private final Map<String, Double> confidence;
    private final ItemRules itemRules;
    private final TaxRules taxRules;
    /** The lines items were read from. */
    private final java.util.SortedSet<Integer> itemLines = new java.util.TreeSet<>();

    /** Cash rounds to the nearest 5 sen abroad: an adjustment is less than this. */
    static final BigDecimal ROUNDING_LIMIT = new BigDecimal("0.10");

    MoneyRules(ParseContext context) {
        this.lines = context.lines();
        this.decimals = context.decimals();
        this.confidence = context.confidence();
        this.itemRules = new ItemRules(context);
        this.taxRules = new TaxRules(context);
    }

    java.util.SortedSet<Integer> itemLines() {
        return itemLines;
    }

    /** Reads the items and the money after them, from the line after the date (or near the top without one). */
    ReceiptSummary summary(int dateLine) {
        ReceiptSummary s = new ReceiptSummary();
        int start = Math.max(0, dateLine + 1);
        for (int i = start; i < Math.min(lines.size(), start + 4); i++) {
            if (lines.get(i).has("品名", "金額", "数量") || lines.get(i).hasUpper("QTY", "DESCRIPTION", "ITEM")) {
                start = i + 1;
            }
        }
        if (dateLine < 0) {
            start = Math.min(lines.size(), 2);
        }
        s.itemsStart = start;
        boolean inItems = true;
        boolean taxSummary = false;
        TreeMap<Integer, Tax> taxes = new TreeMap<>();
        boolean external = lines.stream().anyMatch(l -> l.has("外税", "外消費税", "(外)"));
        int medianHeight = medianHeight();
        for (int i = start; i < lines.size(); i++) {
            ReceiptLine line = lines.get(i);
            Amount amount = line.trailingAmount(decimals);
            LineKind kind = LineKind.of(line);
            if (decimals && SalesTaxRules.summaryHeader(line)) {
                taxSummary = true;
            }
            // abroad a heading such as "TAX INVOICE" or "CASH BILL" under the date is no money line: without an
            // amount it does not end the items
            if (kind != LineKind.OTHER
                    && kind != LineKind.DISCOUNT
                    && kind != LineKind.IGNORED
                    && (!decimals || amount != null)) {
                inItems = false;
            }
            switch (kind) {
                case SUBTOTAL -> {
                    if (amount != null && s.subtotal == null && amount.value().signum() > 0) {
                        s.subtotal = amount.value();
                        s.subtotalLine = i;
                        confidence.put("subtotal", round(line.confidence() * 0.95));
                    }
                }
                case TOTAL -> {
                    if (taxSummary) {
                        // "Total  80.91  0.00" closes the tax summary's rows: amount and tax, not the receipt's total
                        continue;
                    }
                    if (decimals && amount != null && amount.value().signum() < 0) {
                        // "Total Payable - 79.50": abroad a dash between the words and the amount, never a negative
                        // total
                        amount = new Amount(amount.value().negate(), amount.label(), amount.marked(), amount.tail());
                    }
                    if (amount != null && amount.value().signum() > 0) {
                        // the last word of a receipt abroad: the rounded or grand total, or the one with tax
                        boolean last = line.hasUpper("ROUND", "GRAND", "NETT", "NETTOTAL", "INCL", "AFTER");
                        s.totals.add(new TotalVote.Candidate(
                                amount.value(),
                                last ? TotalVote.Source.FINAL_LABEL : TotalVote.Source.LABEL,
                                line.confidence(),
                                i));
                        for (BigDecimal alternative : decimals ? List.<BigDecimal>of() : misreadAlternatives(amount)) {
                            s.totals.add(new TotalVote.Candidate(
                                    alternative, TotalVote.Source.LABEL_VARIANT, line.confidence()));
                        }
                        if (s.totalLine < 0) {
                            s.totalLine = i;
                        }
                    }
                }
                case TENDERED -> {
                    // abroad cash has cents as prices do: "GASH 380" is a misread, not 380.00
                    if (amount != null
                            && s.tendered == null
                            && amount.value().signum() > 0
                            && (!decimals || amount.value().scale() > 0)) {
                        s.tendered = amount.value();
                        s.tenderedLine = i;
                    }
                }
                case CHANGE -> {
                    if (amount != null
                            && s.change == null
                            && amount.value().signum() >= 0
                            && (!decimals
                                    || amount.value().scale() > 0
                                    || amount.value().signum() == 0)) {
                        s.change = amount.value();
                        s.changeLine = i;
                        if (s.tendered == null && i > 0) {
                            // お預り misread: on receipts the amount tendered is printed right above the change
                            Amount above = lines.get(i - 1).trailingAmount(decimals);
                            if (above != null
                                    && (!decimals || above.value().scale() > 0)
                                    && above.value().compareTo(amount.value()) > 0) {
                                s.tendered = above.value();
                            }
                        }
                    }
                }
                case TAX -> taxRules.tax(line, amount, taxes, external);
                case DISCOUNT -> {
                    if (amount != null) {
                        BigDecimal off = amount.value().abs();
                        if (inItems && !s.items.isEmpty()) {
                            Item last = s.items.removeLast();
                            BigDecimal before = last.discount() == null ? BigDecimal.ZERO : last.discount();
                            s.items.add(new Item(
                                    last.name(),
                                    last.quantity(),
                                    last.unitPrice(),
                                    last.amount(),
                                    before.add(off),
                                    last.reducedTax(),
                                    last.confidence()));
                        } else {
                            s.discounts.add(new Discount(ItemRules.label(amount.label()), off));
                        }
                    }
                }
                case IGNORED -> {
                    if (decimals && s.roundingLine < 0 && line.hasUpper("ROUNDING", "ROUNDADJ")) {
                        // the line says the total above it is rounded, even when its adjustment is misread
                        // (0.09 for 0.00, "-0" for -0.01): TotalVote rounds to 5 sen then
                        s.roundingLine = i;
                        if (amount != null
                                && amount.value().scale() > 0
                                && amount.value().abs().compareTo(ROUNDING_LIMIT) < 0) {
                            s.rounding = amount.value();
                        }
                    }
                }
                case OTHER -> {
                    if (decimals
                            && !inItems
                            && s.roundingLine < 0
                            && line.hasUpper("ROUNDING")
                            && amount != null
                            && amount.value().scale() > 0
                            && amount.value().abs().compareTo(ROUNDING_LIMIT) < 0) {
                        // "ee Rounding Adj. : -0.02": a rounding line with a smudge read before its words
                        s.roundingLine = i;
                        s.rounding = amount.value();
                        continue;
                    }
                    if (decimals && inItems && endsItemsAbroad(line)) {
                        // "Total (Excluding GST)", "Serv. Charge (3%)", "Type:10  Total": the money after the items
                        inItems = false;
                    }
                    if (inItems
                            && amount != null
                            && s.subtotal == null
                            && s.items.size() >= 2
                            && amount.value().compareTo(itemSum(s.items)) == 0) {
                        // the 小計 word is lost but the line adds up the items above: it is the subtotal
                        s.subtotal = amount.value();
                        s.subtotalLine = i;
                        confidence.put("subtotal", round(line.confidence() * 0.8));
                        inItems = false;
                    } else if (inItems) {
                        int before = s.items.size();
                        if (!s.damaged.isEmpty()
                                && s.damaged.getLast().line() == i - 1
                                && ItemRules.quantityLine(line)) {
                            // the quantity line of an item whose amount was lost is not the item above's
                            continue;
                        }
                        Matcher damaged = amount == null || amount.label().matches(".*\\s[SsOoDQBIl|Zz]$")
                                ? ItemRules.DAMAGED_ITEM.matcher(line.text().strip())
                                : null;
                        if (damaged != null
                                && damaged.matches()
                                && damaged.group("token").matches(".*\\d.*")
                                && damaged.group("token").matches(".*[SsOoDQBIl|Zz].*")
                                && !ItemRules.quantityLine(line)) {
                            s.damaged.add(new ReceiptSummary.Damaged(
                                    s.items.size(),
                                    i,
                                    KanaCorrection.correct(ItemRules.label(damaged.group("name"))),
                                    damaged.group("token"),
                                    damaged.group("mark") != null,
                                    line.confidence()));
                            s.itemsEnd = i;
                            continue;
                        }
                        if (decimals && amount != null && i > start && nameAbove(line, amount)) {
                            // "BATTERY AA 2PCS" over "$2.95  2  $5.90": abroad the name is often on the line
                            // above its price, quantity and amount
                            ReceiptLine above = lines.get(i - 1);
                            line = ReceiptLine.of(
                                    i,
                                    above.text() + "  " + amount.value().toPlainString(),
                                    Math.min(line.confidence(), above.confidence()),
                                    line.height());
                            amount = line.trailingAmount(decimals);
                        }
                        itemRules.item(line, amount, s.items);
                        s.itemsEnd = i;
                        if (s.items.size() > before) {
                            itemLines.add(i);
                        }
                    } else if (amount != null && amount.value().signum() > 0) {
                        s.unlabelled.add(amount);
                        if (decimals && !taxSummary && amount.value().scale() > 0 && misreadTotal(line)) {
                            s.totals.add(new TotalVote.Candidate(
                                    amount.value(), TotalVote.Source.MISREAD_LABEL, line.confidence(), i));
                        }
                        if (medianHeight > 0 && line.height() > medianHeight * 1.5) {
                            s.totals.add(new TotalVote.Candidate(
                                    amount.value(), TotalVote.Source.LARGE_PRINT, line.confidence()));
                        }
                    }
                }
            }
        }
        s.taxes.addAll(taxes.values());
        if (decimals) {
            SalesTaxRules.apply(lines, s);
        }
        if (external) {
            BigDecimal sum = BigDecimal.ZERO;
            boolean any = false;
            for (Tax t : s.taxes) {
                BigDecimal added = t.included() ? null : TaxRules.addedTax(t);
                if (added != null) {
                    sum = sum.add(added);
                    any = true;
                }
            }
            s.externalTax = any ? sum : null;
        }
        if (!s.items.isEmpty()) {
            double mean =
                    s.items.stream().mapToDouble(Item::confidence).average().orElse(0);
            confidence.put("items", round(mean));
        }
        if (!s.taxes.isEmpty()) {
            confidence.put("taxes", 0.8);
        }
        return s;
    }

    /**
     * The one item whose amount was read partly as letters gets the amount the receipt's arithmetic leaves
     * for it (subtotal, or total, less the other items), when that amount fits the characters that were
     * read: "S60" fits 560 or 860, not 1,560.
     */
    void recoverDamagedItem(ReceiptSummary s, @Nullable BigDecimal total) {
        if (s.damaged.size() != 1) {
            return;
        }
        ReceiptSummary.Damaged d = s.damaged.getFirst();
        BigDecimal receiptDiscounts = s.receiptDiscounts();
        BigDecimal external = s.addedTax();
        List<BigDecimal> targets = new ArrayList<>();
        if (s.subtotal != null) {
            targets.add(s.subtotal);
        }
        if (total != null) {
            targets.add(total.add(receiptDiscounts).subtract(external));
        }
        BigDecimal others = itemSum(s.items);
        for (BigDecimal target : targets) {
            BigDecimal missing = target.subtract(others);
            if (missing.signum() > 0 && missing.scale() <= 0 && fits(d.token(), missing.toPlainString())) {
                s.items.add(
                        d.position(),
                        new Item(d.name(), 1, null, missing, null, d.reduced(), round(d.confidence() * 0.7)));
                itemLines.add(d.line());
                if (s.subtotal != null && itemSum(s.items).compareTo(s.subtotal) == 0) {
                    confidence.computeIfPresent("subtotal", (k, v) -> round(Math.max(v, 0.97)));
                }
                confidence.put(
                        "items",
                        round(s.items.stream()
                                .mapToDouble(Item::confidence)
                                .average()
                                .orElse(0)));
                return;
            }
        }
    }

    /**
     * Abroad, an amount line with no word of its own ("$7.10  1  $7.10", "1X  8.90  8.90") under a line with
     * words and no amount: that line is the item's name.
     */
    private boolean nameAbove(ReceiptLine line, Amount amount) {
        if (amount.label().codePoints().filter(Character::isLetter).count() > 1) {
            return false;
        }
        ReceiptLine above = lines.get(line.index() - 1);
        return above.trailingAmount(decimals) == null
                && LineKind.of(above) == LineKind.OTHER
                && above.compact().codePoints().filter(Character::isLetter).count() >= 3;
    }

    /** Abroad, a line of the money after the items that LineKind does not name: TOTAL anywhere, before tax, charges. */
    static boolean endsItemsAbroad(ReceiptLine line) {
        return line.hasUpper("TOTAL")
                || misreadTotal(line)
                || SalesTaxRules.excludedLine(line)
                || SalesTaxRules.chargeLine(line);
    }

    private static final java.util.regex.Pattern NO_TOTAL = java.util.regex.Pattern.compile(
            ".*(QTY|QUANTITY|ITEM|DISCOUNT|SAVING|EXCL|(?<!AFTER)ROUND|(?<!AFTER)ADJ|COUNT).*");

    /**
     * Abroad, a line whose first or second word is TOTAL with at most one letter misread or lost ("Tatal",
     * "TOze", "Het Total"), and no word of a count, a discount, an adjustment (but "after rounding") or an amount
     * before tax.
     */
    static boolean misreadTotal(ReceiptLine line) {
        String upper = line.text().toUpperCase(java.util.Locale.ROOT);
        if (NO_TOTAL.matcher(upper.replace(" ", "")).matches()) {
            return false;
        }
        String[] words = upper.replaceAll("[^A-Z ]", " ").strip().split("\\s+");
        for (int k = 0; k < Math.min(2, words.length); k++) {
            String w = words[k];
            if (w.length() >= 4 && w.length() <= 6 && FoldedText.distance(w, "TOTAL") <= 1) {
                return true;
            }
        }
        return false;
    }

    /** Whether digits could have been read as these characters, letter for digit (S for 5 or 8, O for 0 …). */
    static boolean fits(String token, String digits) {
        String t = token.replaceAll("[.,]", "");
        if (t.length() != digits.length()) {
            return false;
        }
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            char want = digits.charAt(k);
            String could = switch (c) {
                case 'S', 's' -> "58";
                case 'O', 'o', 'D', 'Q' -> "0";
                case 'B' -> "8";
                case 'I', 'l', '|' -> "1";
                case 'Z', 'z' -> "2";
                default -> String.valueOf(c);
            };
            if (could.indexOf(want) < 0) {
                return false;
            }
        }
        return true;
    }

    static BigDecimal itemSum(List<Item> items) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Item item : items) {
            sum = sum.add(item.amount());
            if (item.discount() != null) {
                sum = sum.subtract(item.discount());
            }
        }
        return sum;
    }

    private int medianHeight() {
        int[] heights = lines.stream()
                .mapToInt(ReceiptLine::height)
                .filter(h -> h > 0)
                .sorted()
                .toArray();
        return heights.length == 0 ? 0 : heights[heights.length / 2];
    }

    /** ¥ is often read as a leading 4 or 7: "¥1,450" comes out as "41,450". */
    static List<BigDecimal> misreadAlternatives(Amount amount) {
        String digits = amount.value().toPlainString();
        List<BigDecimal> out = new ArrayList<>();
        if (!amount.marked() && digits.length() >= 3 && (digits.startsWith("4") || digits.startsWith("7"))) {
            out.add(new BigDecimal(digits.substring(1)));
        }
        return out;
    }

    private static double round(double v) {
        return ParseContext.round(v);
    }
}
