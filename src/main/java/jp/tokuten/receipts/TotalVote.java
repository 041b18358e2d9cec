package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.tokuten.receipts.ReceiptLine.Amount;
import jp.tokuten.receipts.ReceiptReading.Item;
import jp.tokuten.receipts.ReceiptReading.Tax;
import org.jspecify.annotations.Nullable;

/**
 * The one place the total is decided (合計の決定): every way the receipt states or implies its total is a
 * {@link Candidate} from a {@link Source} with a named weight, the value with the most weight wins, and
 * the evidence for it (which independent sources agree, which contradict it) gives the total's score.
 * The score is an evidence score, not a probability; {@link Calibration} maps it to one, fitted on
 * receipts the rules were not written against (bench/ocr/README.md, decision 105).
 */
final class TotalVote {

    /** Where a candidate total comes from, and how much its word counts in the vote. */
    enum Source {
        /** A 合計 or TOTAL line. */
        LABEL(3.0, Kind.LABEL),
        /** The last total of a receipt abroad: ROUNDED, GRAND, NETT, TOTAL INCL. GST. */
        FINAL_LABEL(3.3, Kind.LABEL),
        /** Abroad: a line whose first words hold TOTAL misread by a letter ("Tatal Sales", "TOze", "Het Total"). */
        MISREAD_LABEL(2.0, Kind.LABEL),
        /** The amount right above お預り when the 合計 word was lost. */
        ABOVE_TENDERED(2.0, Kind.LABEL),
        /** A label's amount with a leading 4 or 7 dropped (¥ misread as a digit). */
        LABEL_VARIANT(0.9, Kind.WEAK),
        /** Tendered minus change (お預り − お釣り). */
        PAID(2.0, Kind.ARITHMETIC),
        /**
         * Abroad: the amount tendered with no change, the total's figure printed again: a second reading of the
         * same digits, not arithmetic.
         */
        EXACT_TENDERED(2.0, Kind.REPEAT),
        /**
         * Abroad: tendered minus change when the amount tendered or the change is no sum of notes and coins (cash
         * is rounded to 5 sen: "150.08", "5.99"): one of their digits was misread, maybe as the total's was.
         */
        ODD_CASH(2.0, Kind.WEAK),
        /** The subtotal, less discounts on the receipt, plus tax added on top (外税). */
        SUBTOTAL(2.0, Kind.ARITHMETIC),
        /**
         * Abroad: a subtotal with nothing taken off or added after it, the total's figure printed again: a digit
         * misread on the total line is often misread alike on the subtotal's, right above it.
         */
        REPEATED_SUBTOTAL(2.0, Kind.REPEAT),
        /** The items' amounts less their discounts, less discounts on the receipt, plus tax added on top. */
        ITEMS(1.5, Kind.ARITHMETIC),
        /**
         * The taxable amounts by rate (対象額), when the tax is included in the prices and the tax printed for
         * each rate is what its base gives (8/108 or 10/110 of it, rounded either way).
         */
        TAX_BASES(1.5, Kind.ARITHMETIC),
        /** The same when a rate's printed tax does not fit its base (or is not printed). */
        TAX_BASES_UNCHECKED(1.0, Kind.WEAK),
        /** A total line above a rounding adjustment (ROUNDING ADJ), with the adjustment applied. */
        ROUNDED(3.0, Kind.LABEL),
        /**
         * Abroad: an amount before tax (the subtotal, or a total excluding GST), plus a service charge, plus the
         * tax printed after it when that tax is what its rate gives on them ({@link SalesTaxRules}).
         */
        TAX_ADDED(2.0, Kind.ARITHMETIC),
        /**
         * Abroad: the tax summary's rows (GST SUMMARY: code, rate, amount, tax), each row's amount plus its tax,
         * when every row's tax is what its rate gives on its amount.
         */
        TAX_SUMMARY(1.5, Kind.ARITHMETIC),
        /**
         * Abroad: an amount before tax with a tax of zero, or a tax summary whose rows have no tax: the amount
         * printed again, with no rate to check it.
         */
        UNTAXED_AMOUNT(1.5, Kind.REPEAT),
        /**
         * Abroad: the subtotal or the items when a tax printed after them fits them neither as included nor
         * as added: they may well be the amount before tax.
         */
        BEFORE_TAX(0.8, Kind.WEAK),
        /** An amount printed at double size in the summary. */
        LARGE_PRINT(1.0, Kind.WEAK),
        /** An unlabelled amount after the items equal to another candidate. */
        UNLABELLED(1.0, Kind.WEAK);

        final double weight;
        final Kind kind;

        Source(double weight, Kind kind) {
            this.weight = weight;
            this.kind = kind;
        }
    }

    /**
     * Labels state the total; arithmetic implies it from other printed amounts; a repeat prints the total's figure
     * again (beside a total line it is a second printing of that figure, no sum; without one it counts as the sum
     * it stands for); weak sources only support.
     */
    enum Kind {
        LABEL,
        ARITHMETIC,
        REPEAT,
        WEAK
    }

    /**
     * One way of reading the total, from a line read with {@code lineConfidence}; {@code line} is the index
     * of the line a label was read from, -1 for sums.
     */
    record Candidate(BigDecimal value, Source source, double lineConfidence, int line) {

        Candidate(BigDecimal value, Source source, double lineConfidence) {
            this(value, source, lineConfidence, -1);
        }

        /** The candidate's say in the vote: its source's weight, half of it kept however badly the line was read. */
        double vote() {
            return source.weight * (0.5 + 0.5 * lineConfidence);
        }
    }

    /**
     * Evidence scores of a total, from the strongest. A label confirmed by two independent sums is the
     * strongest; a single source, label or sum, is weak; a contradiction (a label, tendered minus change
     * or taxable amounts whose taxes fit them, disagreeing with the winner) lowers the score by one step.
     */
    static final double LABEL_AND_TWO_SUMS = 0.99;

    static final double LABEL_AND_ONE_SUM = 0.97;
    static final double THREE_SUMS = 0.92;
    static final double TWO_SUMS = 0.85;
    /**
     * The total's figure printed twice and read alike, with no sum to confirm it: two total lines, or a total line
     * and a repeat (the subtotal with nothing after it, the amount tendered with no change).
     */
    static final double LABEL_REPEATED = 0.8;

    static final double LABEL_ALONE = 0.7;
    static final double ONE_SUM = 0.45;
    static final double NOTHING = 0.3;
    /** What a contradiction takes off. */
    static final double CONTRADICTED = 0.15;

    /** The winner, the kinds of evidence behind it and whether anything strong contradicts it. */
    record Outcome(BigDecimal value, Set<Source> agreeing, boolean contradicted, double score) {}

    private TotalVote() {}

    /** The candidates the summary's arithmetic adds to those its lines gave (labels, large print, variants). */
    static List<Candidate> candidates(ReceiptSummary s, List<ReceiptLine> lines, boolean decimals) {
        List<Candidate> candidates = new ArrayList<>(s.totals);
        BigDecimal receiptDiscounts = s.receiptDiscounts();
        BigDecimal external = s.addedTax();
        if (s.tendered != null && s.change != null && s.tendered.compareTo(s.change) > 0) {
            candidates.add(new Candidate(s.tendered.subtract(s.change), paid(s, decimals), 0.9));
        }
        if (s.totalLine < 0 && s.tendered != null) {
            // the 合計 word is lost: the total is printed right above お預り (a separator line may sit between)
            for (int i = s.tenderedLine - 1; i >= Math.max(0, s.tenderedLine - 2); i--) {
                ReceiptLine line = lines.get(i);
                Amount a = line.trailingAmount(decimals);
                final int at = i;
                if (a != null
                        && (!decimals || a.value().scale() > 0)
                        && LineKind.of(line) == LineKind.OTHER
                        && s.totals.stream().noneMatch(c -> c.line() == at)
                        && a.value().signum() > 0
                        && a.value().compareTo(s.tendered) <= 0) {
                    candidates.add(new Candidate(a.value(), Source.ABOVE_TENDERED, line.confidence(), i));
                    break;
                }
            }
        }
        if (s.subtotal != null) {
            boolean repeated = decimals && receiptDiscounts.signum() == 0 && external.signum() == 0;
            candidates.add(new Candidate(
                    s.subtotal.subtract(receiptDiscounts).add(external),
                    s.untaxed ? Source.BEFORE_TAX : repeated ? Source.REPEATED_SUBTOTAL : Source.SUBTOTAL,
                    0.9));
        }
        if (!s.items.isEmpty()) {
            candidates.add(new Candidate(
                    MoneyRules.itemSum(s.items).subtract(receiptDiscounts).add(external),
                    s.untaxed ? Source.BEFORE_TAX : Source.ITEMS,
                    0.9));
        }
        if (s.taxAdded != null) {
            candidates.add(
                    new Candidate(s.taxAdded, s.taxAddedUntaxed ? Source.UNTAXED_AMOUNT : Source.TAX_ADDED, 0.9));
        }
        if (s.taxSummary != null) {
            candidates.add(
                    new Candidate(s.taxSummary, s.taxSummaryUntaxed ? Source.UNTAXED_AMOUNT : Source.TAX_SUMMARY, 0.9));
        }
        boolean allIncluded = !s.taxes.isEmpty() && s.taxes.stream().allMatch(Tax::included);
        if (allIncluded && s.taxes.stream().allMatch(t -> t.base() != null)) {
            BigDecimal bases = s.taxes.stream().map(Tax::base).reduce(BigDecimal.ZERO, BigDecimal::add);
            boolean checked = s.taxes.stream().allMatch(TaxRules::fitsBase);
            candidates.add(new Candidate(bases, checked ? Source.TAX_BASES : Source.TAX_BASES_UNCHECKED, 0.9));
        }
        if (s.roundingLine >= 0) {
            // "TOTAL 9.02 / ROUNDING ADJ -0.02": a total printed above the adjustment is the amount before
            // rounding, and so are the sums of what was bought; what is paid is that amount rounded
            for (int k = 0; k < candidates.size(); k++) {
                Candidate c = candidates.get(k);
                boolean labelAbove = c.source().kind == Kind.LABEL && c.line() >= 0 && c.line() < s.roundingLine;
                if (labelAbove && (c.source() == Source.LABEL || c.source() == Source.FINAL_LABEL)) {
                    candidates.set(
                            k,
                            new Candidate(
                                    rounded(c.value(), s.rounding), Source.ROUNDED, c.lineConfidence(), c.line()));
                } else if (labelAbove || BEFORE_ROUNDING.contains(c.source())) {
                    candidates.set(
                            k, new Candidate(rounded(c.value(), s.rounding), c.source(), c.lineConfidence(), c.line()));
                }
            }
        }
        for (Amount a : s.unlabelled) {
            if (candidates.stream().anyMatch(c -> c.value().compareTo(a.value()) == 0)) {
                candidates.add(new Candidate(a.value(), Source.UNLABELLED, 1.0));
            }
        }
        return candidates;
    }

    /** Sums of what was bought, which a rounding adjustment printed after them rounds as it rounds the total. */
    private static final Set<Source> BEFORE_ROUNDING = EnumSet.of(
            Source.SUBTOTAL,
            Source.REPEATED_SUBTOTAL,
            Source.ITEMS,
            Source.TAX_BASES,
            Source.TAX_ADDED,
            Source.TAX_SUMMARY,
            Source.UNTAXED_AMOUNT);

    /**
     * What tendered minus change says: a sum; abroad, a repeat of the total when nothing was given back, and no
     * evidence when the amount tendered or the change is no multiple of 5 sen.
     */
    static Source paid(ReceiptSummary s, boolean decimals) {
        if (!decimals || s.tendered == null || s.change == null) {
            return Source.PAID;
        }
        if (s.tendered.remainder(ROUNDING_STEP).signum() != 0
                || s.change.remainder(ROUNDING_STEP).signum() != 0) {
            return Source.ODD_CASH;
        }
        return s.change.signum() == 0 ? Source.EXACT_TENDERED : Source.PAID;
    }

    /** Cash abroad is rounded to 5 sen (cents): the amount a rounding adjustment makes. */
    private static final BigDecimal ROUNDING_STEP = new BigDecimal("0.05");

    /** The most a rounding to 5 sen adjusts. */
    private static final BigDecimal LARGEST_ADJUSTMENT = new BigDecimal("0.02");

    /**
     * The amount with a rounding adjustment printed after it: plus the adjustment (or less it, when its minus
     * sign was lost in the reading: "“0.01" for "-0.01") when that gives a multiple of 5 sen; as it is when
     * the adjustment is zero; else the adjustment was misread (0.09 for 0.00, or lost), and the amount is
     * rounded to the nearest 5 sen as the register does.
     */
    static BigDecimal rounded(BigDecimal amount, @Nullable BigDecimal adjustment) {
        if (adjustment != null && adjustment.signum() == 0) {
            return amount;
        }
        if (adjustment != null && adjustment.abs().compareTo(LARGEST_ADJUSTMENT) <= 0) {
            BigDecimal plus = amount.add(adjustment);
            BigDecimal minus = amount.subtract(adjustment);
            if (plus.remainder(ROUNDING_STEP).signum() == 0) {
                return plus;
            }
            if (minus.remainder(ROUNDING_STEP).signum() == 0) {
                return minus;
            }
        }
        if (amount.scale() <= 0) {
            return amount;
        }
        return amount.divide(ROUNDING_STEP, 0, java.math.RoundingMode.HALF_UP)
                .multiply(ROUNDING_STEP)
                .setScale(Math.max(2, amount.scale()), java.math.RoundingMode.UNNECESSARY);
    }

    /** The value with the most weight; ties go to the first candidate. Null without candidates. */
    static @Nullable Outcome decide(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        Map<BigDecimal, Double> votes = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            votes.merge(c.value().stripTrailingZeros(), c.vote(), Double::sum);
        }
        BigDecimal best = null;
        double bestVote = -1;
        for (var e : votes.entrySet()) {
            if (e.getValue() > bestVote) {
                best = e.getKey();
                bestVote = e.getValue();
            }
        }
        BigDecimal chosen = best;
        Set<Source> agreeing = EnumSet.noneOf(Source.class);
        BigDecimal printed = null;
        for (Candidate c : candidates) {
            if (c.value().compareTo(chosen) == 0) {
                agreeing.add(c.source());
                if (printed == null) {
                    printed = c.value();
                }
            }
        }
        // the total's figure as printed on separate lines (two total lines, a total line and a repeat)
        int printedLines = (int) candidates.stream()
                .filter(c -> c.value().compareTo(chosen) == 0)
                .filter(c -> c.source().kind == Kind.LABEL || c.source().kind == Kind.REPEAT)
                .mapToInt(c -> c.line() >= 0 ? c.line() : -1 - c.source().ordinal())
                .distinct()
                .count();
        boolean rounded = agreeing.contains(Source.ROUNDED);
        boolean contradicted = false;
        for (Candidate c : candidates) {
            // what cannot be a slip of the parser: a label, tendered − change, bases or amounts whose taxes fit them
            // (a figure with a digit lost or put before it is the same figure damaged, abroad)
            boolean strong = c.source().kind == Kind.LABEL
                    || c.source() == Source.PAID
                    || c.source() == Source.EXACT_TENDERED
                    || c.source() == Source.TAX_BASES
                    || c.source() == Source.TAX_ADDED
                    || c.source() == Source.TAX_SUMMARY;
            boolean beforeRounding = rounded
                    && c.source().kind == Kind.LABEL
                    && c.value().subtract(chosen).abs().compareTo(MoneyRules.ROUNDING_LIMIT) < 0;
            boolean damaged = c.value().scale() > 0 && printed.scale() > 0 && leadingDigitMisread(c.value(), chosen);
            if (strong && c.value().compareTo(chosen) != 0 && !beforeRounding && !damaged) {
                contradicted = true;
            }
        }
        return new Outcome(printed, agreeing, contradicted, score(agreeing, printedLines, contradicted));
    }

    /** The evidence score of a total the named sources agree on, each label or repeat on a line of its own. */
    static double score(Set<Source> agreeing, boolean contradicted) {
        int printed = (int) agreeing.stream()
                .filter(s -> s.kind == Kind.LABEL || s.kind == Kind.REPEAT)
                .count();
        return score(agreeing, printed, contradicted);
    }

    /**
     * Whether one amount is the other with its first digit lost or one put before it ("$7.10" read as 57.10, or
     * "37.10" as 7.10): a damaged reading of the same figure, no contradiction.
     */
    static boolean leadingDigitMisread(BigDecimal a, BigDecimal b) {
        String x = a.stripTrailingZeros().toPlainString();
        String y = b.stripTrailingZeros().toPlainString();
        if (x.length() == y.length()) {
            return false;
        }
        String longer = x.length() > y.length() ? x : y;
        String shorter = x.length() > y.length() ? y : x;
        return longer.length() == shorter.length() + 1 && longer.substring(1).equals(shorter) && shorter.length() >= 3;
    }

    /**
     * The evidence score of a total the named sources agree on, its figure printed on {@code printed} lines (total
     * lines and repeats).
     */
    static double score(Set<Source> agreeing, int printed, boolean contradicted) {
        boolean label = agreeing.stream().anyMatch(s -> s.kind == Kind.LABEL);
        // without a total line a repeat is what it was, a sum: the subtotal, tendered less no change
        long sums = agreeing.stream()
                .filter(s -> s.kind == Kind.ARITHMETIC || (!label && s.kind == Kind.REPEAT))
                .count();
        double score;
        if (label && sums >= 2) {
            score = LABEL_AND_TWO_SUMS;
        } else if (label && sums == 1) {
            score = LABEL_AND_ONE_SUM;
        } else if (sums >= 3) {
            score = THREE_SUMS;
        } else if (sums == 2) {
            score = TWO_SUMS;
        } else if (label && printed >= 2) {
            score = LABEL_REPEATED;
        } else if (label) {
            score = LABEL_ALONE;
        } else if (sums == 1) {
            score = ONE_SUM;
        } else {
            score = NOTHING;
        }
        return contradicted ? score - CONTRADICTED : score;
    }

    /** Whether the items (less their discounts) add up to the subtotal: evidence for both. */
    static boolean itemsMakeSubtotal(List<Item> items, @Nullable BigDecimal subtotal) {
        return subtotal != null && !items.isEmpty() && MoneyRules.itemSum(items).compareTo(subtotal) == 0;
    }
}
