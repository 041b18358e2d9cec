package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tokuten.receipts.ReceiptLine.Amount;
import org.jspecify.annotations.Nullable;

/**
 * Sales tax on receipts printed abroad (GST, SST, VAT) as arithmetic evidence for the total ({@link TotalVote}):
 * an amount before tax (the subtotal, or a total excluding GST) plus a service charge plus the tax printed
 * after them makes the total when the tax is what its rate gives on them; the tax summary (GST SUMMARY: code,
 * rate, amount, tax) makes it again when each row's tax fits its amount. A tax that fits the subtotal neither
 * as included nor as added says the subtotal may be an amount before tax. Only for receipts with decimal
 * amounts; Japanese tax lines are {@link TaxRules}'.
 */
final class SalesTaxRules {

    /** Rates tried when none is printed or the printed one is misread ("GST 84%"): whole percents up to this. */
    static final int HIGHEST_RATE = 30;

    /** How many lines under the summary's header its rows are looked for in. */
    static final int SUMMARY_ROWS = 6;

    private static final Pattern SUMMARY_WORD = Pattern.compile(".*S[UAO][MN]{1,2}[AI]?R[YV].*");
    private static final Pattern RATE = Pattern.compile("(?<![\\d.,])(\\d{1,2}(?:\\.\\d{1,2})?)\\s?%");
    private static final Pattern CENTS_NUMBER =
            Pattern.compile("(?<![\\d.,])(\\d{1,3}(?:,\\d{3})+\\.\\d{2}|\\d+[.,]\\d{2})(?![\\d])");
    private static final Pattern FIRST_NUMBER =
            Pattern.compile("(?<![\\d.,])(\\d{1,2}(?:\\.\\d{1,2})?)(?![\\d,]|\\.\\d)");
    private static final List<RoundingMode> ROUNDINGS =
            List.of(RoundingMode.FLOOR, RoundingMode.CEILING, RoundingMode.HALF_UP);

    private SalesTaxRules() {}

    /** The header of a tax summary: "GST SUMMARY", "Tax Code  %  Amt (RM)  Tax (RM)". */
    static boolean summaryHeader(ReceiptLine line) {
        String upper = line.compact().toUpperCase(Locale.ROOT);
        boolean taxWord = upper.matches(".*(GST|SST|VAT|TAX).*");
        return (taxWord && SUMMARY_WORD.matcher(upper).matches())
                || upper.contains("TAXCODE")
                || (upper.contains("GST") && upper.matches(".*(AMOUNT|AMT).*") && upper.matches(".*TAX.*"));
    }

    /** A line stating the tax: "GST 6%  1.72", "Total GST (RM)  6.37", "GST payable (6%): 1.31". */
    static boolean taxLine(ReceiptLine line) {
        String upper = line.compact().toUpperCase(Locale.ROOT);
        return upper.matches("^(TOTAL)?(GST|SST|VAT|TAX|SALESTAX).*")
                && !upper.matches(".*(NO\\b|NO[.:]|REG|INVOICE|SUMMARY|EXCL|CODE).*");
    }

    /** A line of a tax summary: "SR @ 6%  68.87  4.13". */
    static boolean summaryRow(ReceiptLine line) {
        return CENTS_NUMBER
                        .matcher(ReceiptLine.centsRepaired(line.text()))
                        .results()
                        .count()
                >= 2;
    }

    /** A service charge line: "SERVICE CHARGE 10%  29.50", "Serv. Charge (3%): 0.65". */
    static boolean chargeLine(ReceiptLine line) {
        String upper = line.compact().toUpperCase(Locale.ROOT);
        return upper.matches(".*(SERV|SVC).*(CHARGE|CHG|CHRG).*");
    }

    /** A line with the amount before tax: "Total Sales (Excluding GST)  31.03", "SUB-TOTAL (EX)  26.00". */
    static boolean excludedLine(ReceiptLine line) {
        String upper = line.compact().toUpperCase(Locale.ROOT);
        return upper.matches(".*(EXCL|\\(EX\\)|BEFOREGST|BEFORETAX).*");
    }

    /** Looks at the lines after the items for sales tax and writes what it finds into the summary. */
    static void apply(List<ReceiptLine> lines, ReceiptSummary s) {
        int from = Math.max(0, s.itemsEnd + 1);
        BigDecimal tax = null;
        List<BigDecimal> taxRates = List.of();
        BigDecimal charges = BigDecimal.ZERO;
        BigDecimal excluded = null;
        int header = -1;
        boolean unread = false;
        List<BigDecimal> printed = new ArrayList<>();
        for (int i = from; i < lines.size(); i++) {
            Matcher r = RATE.matcher(lines.get(i).text());
            while (r.find()) {
                BigDecimal rate = new BigDecimal(r.group(1));
                if ((taxLine(lines.get(i)) || summaryRow(lines.get(i)))
                        && rate.signum() > 0
                        && rate.compareTo(BigDecimal.valueOf(HIGHEST_RATE)) <= 0
                        && !printed.contains(rate)) {
                    printed.add(rate);
                }
            }
        }
        for (int i = from; i < lines.size(); i++) {
            ReceiptLine line = lines.get(i);
            if (summaryHeader(line)) {
                header = i;
                break;
            }
            Amount amount = line.trailingAmount(true);
            if (amount == null || amount.value().scale() <= 0 || amount.value().signum() < 0) {
                if (taxLine(line) && tax == null && !rates(line.text()).isEmpty()) {
                    // "GST 6%  1226": a tax with a rate whose amount lost its point
                    unread = true;
                }
                continue;
            }
            if (taxLine(line) && tax == null) {
                tax = amount.value();
                taxRates = rates(amount.label());
                if (taxRates.isEmpty()) {
                    // "Total GST  3.08" under "GST 6%" or above "SR @ 6%" in the summary
                    taxRates = printed;
                }
            } else if (chargeLine(line) && tax == null) {
                charges = charges.add(amount.value());
            } else if (excludedLine(line) && excluded == null) {
                excluded = amount.value();
            }
        }
        if (header >= 0) {
            Summary summary = summary(lines, header);
            if (summary != null) {
                s.taxSummary = summary.amount();
                s.taxSummaryUntaxed = !summary.taxed();
            }
        }
        if (tax == null) {
            if (unread && s.subtotal != null) {
                // a tax is added to or included in the subtotal, and which cannot be told: it may be before tax
                s.untaxed = true;
            }
            return;
        }
        if (tax.signum() == 0) {
            if (excluded != null && s.subtotal == null) {
                s.taxAdded = excluded.add(charges);
                s.taxAddedUntaxed = true;
            }
            return;
        }
        if (s.subtotal != null) {
            BigDecimal base = s.subtotal.add(charges);
            if (fitsAdded(tax, base, taxRates) || fitsAdded(tax, s.subtotal, taxRates)) {
                // the subtotal is before tax: the sums of what was bought make the total with the charge and tax
                s.externalTax = charges.add(tax);
            } else if (!fitsIncluded(tax, s.subtotal, taxRates)) {
                s.untaxed = true;
            }
        }
        if (excluded != null && (s.subtotal == null || excluded.compareTo(s.subtotal) != 0)) {
            BigDecimal base = excluded.add(charges);
            if (fitsAdded(tax, base, taxRates) || fitsAdded(tax, excluded, taxRates)) {
                s.taxAdded = base.add(tax);
            }
        }
    }

    /** What the tax summary adds up to, and whether any of its rows has a tax (else it only repeats the amounts). */
    record Summary(BigDecimal amount, boolean taxed) {}

    /** The rows of the tax summary under its header, each amount plus its tax; null unless every row's tax fits. */
    static @Nullable Summary summary(List<ReceiptLine> lines, int header) {
        BigDecimal rows = BigDecimal.ZERO;
        int rowCount = 0;
        boolean rowsFit = true;
        boolean rowsTaxed = false;
        BigDecimal totalRow = null;
        boolean totalTaxed = false;
        for (int i = header + 1; i < Math.min(lines.size(), header + 1 + SUMMARY_ROWS); i++) {
            String text = ReceiptLine.centsRepaired(lines.get(i).text());
            List<String> numbers = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            Matcher m = CENTS_NUMBER.matcher(text);
            while (m.find()) {
                numbers.add(m.group(1));
                starts.add(m.start(1));
            }
            if (numbers.size() < 2) {
                continue;
            }
            int at = numbers.size() - 2;
            if (numbers.size() >= 3) {
                // "SR  261.32  15.68  277.00": amount, tax and the two added up
                BigDecimal a = ReceiptLine.parseNumber(numbers.get(at - 1), true);
                BigDecimal t = ReceiptLine.parseNumber(numbers.get(at), true);
                BigDecimal sum = ReceiptLine.parseNumber(numbers.getLast(), true);
                if (a != null && t != null && sum != null && a.add(t).compareTo(sum) == 0) {
                    at--;
                }
            }
            BigDecimal amount = ReceiptLine.parseNumber(numbers.get(at), true);
            BigDecimal tax = ReceiptLine.parseNumber(numbers.get(at + 1), true);
            List<BigDecimal> rates = rates(text.substring(0, starts.get(at)));
            boolean fits = amount != null
                    && tax != null
                    && tax.compareTo(amount) <= 0
                    && (tax.signum() == 0 || fitsAdded(tax, amount, rates));
            if (text.toUpperCase(Locale.ROOT).contains("TOTAL")) {
                totalRow = fits ? amount.add(tax) : null;
                totalTaxed = fits && tax.signum() > 0;
            } else if (fits) {
                rows = rows.add(amount).add(tax);
                rowsTaxed |= tax.signum() > 0;
                rowCount++;
            } else {
                rowsFit = false;
            }
        }
        // the rows when every one fits, else the summary's own total row when it fits
        if (rowCount > 0 && rowsFit && rows.signum() > 0) {
            return new Summary(rows, rowsTaxed);
        }
        return totalRow != null && totalRow.signum() > 0 ? new Summary(totalRow, totalTaxed) : null;
    }

    /**
     * The rates a line prints ("6%", "@ 6%", or a small number before the amounts: "SR  6.00  26.00  1.56"), or
     * none when it prints none a tax could have.
     */
    static List<BigDecimal> rates(String text) {
        List<BigDecimal> out = new ArrayList<>();
        Matcher m = RATE.matcher(text);
        while (m.find()) {
            BigDecimal r = new BigDecimal(m.group(1));
            if (r.signum() > 0 && r.compareTo(BigDecimal.valueOf(HIGHEST_RATE)) <= 0) {
                out.add(r);
            }
        }
        if (out.isEmpty() && !RATE.matcher(text).find()) {
            Matcher n = FIRST_NUMBER.matcher(text);
            if (n.find()) {
                BigDecimal r = new BigDecimal(n.group(1));
                if (r.signum() > 0 && r.compareTo(BigDecimal.valueOf(HIGHEST_RATE)) <= 0) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Whether the tax is what one of the rates (or, with none printed, a whole percent) gives on the base. */
    static boolean fitsAdded(BigDecimal tax, BigDecimal base, List<BigDecimal> rates) {
        return fits(tax, base, rates, false);
    }

    /** Whether the tax is what one of the rates gives when it is included in the amount (rate / (100 + rate)). */
    static boolean fitsIncluded(BigDecimal tax, BigDecimal amount, List<BigDecimal> rates) {
        return fits(tax, amount, rates, true);
    }

    private static boolean fits(BigDecimal tax, BigDecimal base, List<BigDecimal> rates, boolean included) {
        List<BigDecimal> tried = new ArrayList<>(rates);
        if (tried.isEmpty()) {
            for (int r = 1; r <= HIGHEST_RATE; r++) {
                tried.add(BigDecimal.valueOf(r));
            }
        }
        for (BigDecimal rate : tried) {
            BigDecimal divisor = included ? rate.add(BigDecimal.valueOf(100)) : BigDecimal.valueOf(100);
            BigDecimal exact = base.multiply(rate).divide(divisor, 6, RoundingMode.HALF_UP);
            for (RoundingMode mode : ROUNDINGS) {
                if (exact.setScale(2, mode).compareTo(tax) == 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
