package jp.tokuten.rewards;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The prize limits of the Premiums and Representations Act (景品表示法) as pure rules: what a campaign's
 * prizes may be worth, and {@link #check warnings} (never refusals) when a plan exceeds them. The figures are
 * those of the Consumer Affairs Agency's notices (docs/modules/rewards.md, "Legal caps"):
 *
 * <ul>
 *   <li>a lottery tied to a purchase (一般懸賞, 懸賞による景品類の提供に関する事項の制限, 昭和52年公正取引委員会告示第3号):
 *       each prize at most 20 times the transaction value, and at most ¥100,000 (the cap from a transaction of
 *       ¥5,000); all prizes together at most 2% of the expected sales of the campaign (売上予定総額);
 *   <li>an everyone-gets prize (総付景品, 一般消費者に対する景品類の提供に関する事項の制限, 昭和52年公正取引委員会告示第5号):
 *       at most ¥200 when the transaction is under ¥1,000, else 20% of it.
 * </ul>
 *
 * Amounts are whole yen; a limit that is a share of an amount is rounded down (a prize exactly at the limit
 * is allowed).
 */
public final class PremiumLimits {

    /** 一般懸賞: a prize may be worth this many times the transaction value… */
    public static final long SWEEPSTAKES_MULTIPLE = 20;
    /** …but never more than this (reached at a transaction of ¥5,000). */
    public static final long SWEEPSTAKES_CEILING_YEN = 100_000;
    /** 一般懸賞: all prizes together at most this share (percent) of the expected sales. */
    public static final long SWEEPSTAKES_TOTAL_PERCENT = 2;
    /** 総付景品: below this transaction value a prize may be worth {@link #EVERYONE_FLOOR_YEN}… */
    public static final long EVERYONE_THRESHOLD_YEN = 1_000;
    /** …at most ¥200… */
    public static final long EVERYONE_FLOOR_YEN = 200;
    /** …from it, this share (percent) of the transaction value. */
    public static final long EVERYONE_PERCENT = 20;

    private PremiumLimits() {}

    /** How a prize is given, which decides its limits. */
    public enum Offer {
        /** 一般懸賞: won by chance (instant win or a closed draw) with a purchase. */
        SWEEPSTAKES,
        /** 総付景品: everyone who qualifies gets it (もれなく), including a prize bought with points. */
        EVERYONE;

        /** The offer of a course's mechanic ({@code instant_win}, {@code closed_draw}, {@code everyone}). */
        public static Offer ofMechanic(String mechanic) {
            return switch (mechanic.toLowerCase(Locale.ROOT)) {
                case "instant_win", "closed_draw" -> SWEEPSTAKES;
                case "everyone" -> EVERYONE;
                default -> throw new IllegalArgumentException("unknown mechanic: " + mechanic);
            };
        }
    }

    /** The most one prize may be worth for a transaction of {@code transactionYen} (≥ 0). */
    public static long maxPrizeYen(Offer offer, long transactionYen) {
        if (transactionYen < 0) {
            throw new IllegalArgumentException("negative transaction value: " + transactionYen);
        }
        return switch (offer) {
            case SWEEPSTAKES ->
                Math.min(SWEEPSTAKES_CEILING_YEN, Math.multiplyExact(transactionYen, SWEEPSTAKES_MULTIPLE));
            case EVERYONE ->
                transactionYen < EVERYONE_THRESHOLD_YEN
                        ? EVERYONE_FLOOR_YEN
                        : Math.multiplyExact(transactionYen, EVERYONE_PERCENT) / 100;
        };
    }

    /** The most all of a campaign's sweepstakes prizes may be worth together, for these expected sales. */
    public static long maxSweepstakesTotalYen(long expectedSalesYen) {
        if (expectedSalesYen < 0) {
            throw new IllegalArgumentException("negative expected sales: " + expectedSalesYen);
        }
        return Math.multiplyExact(expectedSalesYen, SWEEPSTAKES_TOTAL_PERCENT) / 100;
    }

    /** A prize as planned: its name, what one is worth and how many there are. */
    public record Prize(String name, long valueYen, long stock) {}

    /**
     * A course as planned: its name, how its prizes are given, and the transaction value it asks for (the
     * purchase an entry needs; null for the campaign's).
     */
    public record Course(String name, Offer offer, @Nullable Long transactionYen, List<Prize> prizes) {
        public Course {
            prizes = List.copyOf(prizes);
        }
    }

    /**
     * A campaign's prizes as planned: the value of the transaction an entry needs ({@code 取引価額}; null when
     * the tenant has not said) and the sales the campaign expects ({@code 売上予定総額}; null when not said).
     */
    public record Plan(
            @Nullable Long transactionYen, @Nullable Long expectedSalesYen, List<Course> courses) {
        public Plan {
            courses = List.copyOf(courses);
        }
    }

    /**
     * One thing the law's limits say about a plan: a stable {@code code} (what clients switch on), the message
     * key of its wording (bundle {@code i18n/delivery}, key {@code premium.warning.<code>}) and its arguments.
     */
    public record Warning(
            String code, String course, @Nullable String prize, List<Object> arguments) {
        public Warning {
            arguments = List.copyOf(arguments);
        }

        /** The bundle key that words this warning. */
        public String messageKey() {
            return "premium.warning." + code;
        }
    }

    /** A prize worth more than its course's offer allows for the transaction value. */
    public static final String PRIZE_OVER_LIMIT = "prize_over_limit";
    /** The sweepstakes prizes together are worth more than 2% of the expected sales. */
    public static final String TOTAL_OVER_LIMIT = "total_over_limit";
    /** No transaction value: the limit of each prize cannot be checked. */
    public static final String TRANSACTION_VALUE_MISSING = "transaction_value_missing";
    /** Sweepstakes prizes but no expected sales: the limit of their total cannot be checked. */
    public static final String EXPECTED_SALES_MISSING = "expected_sales_missing";

    /**
     * What the law's limits say about {@code plan}, in the order of its courses and prizes; empty when every
     * limit is kept. Warnings only: a tenant may know better (an open campaign, オープン懸賞, has no such
     * limit), and the console shows them without refusing the plan.
     */
    public static List<Warning> check(Plan plan) {
        var warnings = new ArrayList<Warning>();
        long sweepstakesTotal = 0;
        boolean anySweepstakes = false;
        for (Course course : plan.courses()) {
            Long transaction = course.transactionYen() != null ? course.transactionYen() : plan.transactionYen();
            if (course.offer() == Offer.SWEEPSTAKES && !course.prizes().isEmpty()) {
                anySweepstakes = true;
            }
            if (transaction == null || transaction < 0) {
                if (!course.prizes().isEmpty()) {
                    warnings.add(new Warning(TRANSACTION_VALUE_MISSING, course.name(), null, List.of(course.name())));
                }
            } else {
                long limit = maxPrizeYen(course.offer(), transaction);
                for (Prize prize : course.prizes()) {
                    if (prize.valueYen() > limit) {
                        warnings.add(new Warning(
                                PRIZE_OVER_LIMIT,
                                course.name(),
                                prize.name(),
                                List.of(
                                        course.name(),
                                        prize.name(),
                                        prize.valueYen(),
                                        limit,
                                        transaction,
                                        course.offer().name().toLowerCase(Locale.ROOT))));
                    }
                }
            }
            if (course.offer() == Offer.SWEEPSTAKES) {
                for (Prize prize : course.prizes()) {
                    sweepstakesTotal = Math.addExact(
                            sweepstakesTotal, Math.multiplyExact(prize.valueYen(), Math.max(0, prize.stock())));
                }
            }
        }
        if (anySweepstakes) {
            Long sales = plan.expectedSalesYen();
            if (sales == null || sales < 0) {
                warnings.add(new Warning(EXPECTED_SALES_MISSING, "", null, List.of(sweepstakesTotal)));
            } else {
                long limit = maxSweepstakesTotalYen(sales);
                if (sweepstakesTotal > limit) {
                    warnings.add(new Warning(TOTAL_OVER_LIMIT, "", null, List.of(sweepstakesTotal, limit, sales)));
                }
            }
        }
        return List.copyOf(warnings);
    }
}
