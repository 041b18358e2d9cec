package jp.tokuten.lottery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A month of instant-win plays against {@link Pacing} with a test clock: whatever the daily volume curve, the
 * stock is not exhausted before the last week (day 24 of 30), at most 10 % of it is left at the end, and at
 * every day's end the stock left is within 15 % of the stock from the straight-line schedule. Plays
 * follow the day's curve and an hourly pattern (quiet at night, busy at lunch and in the evening); the random
 * draws are seeded so the test is repeatable, and each curve runs with several seeds.
 */
class PacingTests {

    static final int DAYS = 30;
    static final long STOCK = 300;
    static final Instant START = Instant.parse("2026-12-01T00:00:00+09:00");
    static final Instant END = START.plus(Duration.ofDays(DAYS));

    /** Share of a day's plays in each hour (Japan). */
    static final double[] HOURS = {
        0.5, 0.3, 0.2, 0.2, 0.2, 0.3, 0.8, 1.5, 2.0, 2.0, 2.5, 3.0, 5.0, 4.0, 3.0, 3.0, 3.5, 4.5, 6.0, 7.0, 7.0, 6.0,
        3.0, 1.5
    };

    enum Curve {
        /** The same every day. */
        FLAT(day -> 2_000),
        /** A launch spike (a TV spot on day one) that decays to a tenth. */
        LAUNCH_SPIKE(day -> 200 + 20_000 * Math.exp(-day / 2.0)),
        /** Weekdays quiet, Saturdays and Sundays four times as busy (day 0 is a Tuesday). */
        WEEKEND_PEAKS(day -> (day + 1) % 7 >= 5 ? 4_000 : 1_000),
        /** Slow start, rising as word spreads, a rush in the last days. */
        LATE_RUSH(day -> 300 + 100 * day + (day >= DAYS - 3 ? 8_000 : 0));

        final IntToDoubleFunction perDay;

        Curve(IntToDoubleFunction perDay) {
            this.perDay = perDay;
        }
    }

    /** The wins, when the stock ran out, and the largest gap between the stock left and the schedule at a day's end. */
    record Month(int wins, Instant exhaustedAt, double worstGap) {}

    static Month play(Curve curve, long seed) {
        Random random = new Random(seed);
        ArrayDeque<Instant> window = new ArrayDeque<>();
        long left = STOCK;
        int wins = 0;
        Instant exhausted = END;
        Instant first = null;
        double worstGap = 0;
        double hourTotal = java.util.Arrays.stream(HOURS).sum();
        for (int day = 0; day < DAYS; day++) {
            for (int hour = 0; hour < 24; hour++) {
                int plays = (int) Math.round(curve.perDay.applyAsDouble(day) * HOURS[hour] / hourTotal);
                for (int i = 0; i < plays; i++) {
                    Instant now =
                            START.plus(Duration.ofDays(day).plusHours(hour)).plusMillis(random.nextLong(3_600_000));
                    if (first == null) {
                        first = now;
                    }
                    window.addLast(now);
                    while (window.peekFirst().isBefore(now.minus(Pacing.RATE_WINDOW))) {
                        window.removeFirst();
                    }
                    double p = Pacing.chance(
                            left,
                            Duration.between(now, END),
                            window.size(),
                            Pacing.window(Duration.between(first, now)));
                    if (left > 0 && random.nextDouble() < p) {
                        left--;
                        wins++;
                        if (left == 0) {
                            exhausted = now;
                        }
                    }
                }
            }
            double schedule = STOCK * (DAYS - day - 1) / (double) DAYS;
            worstGap = Math.max(worstGap, Math.abs(left - schedule) / STOCK);
        }
        return new Month(wins, exhausted, worstGap);
    }

    @ParameterizedTest
    @EnumSource(Curve.class)
    void stockLastsIntoTheLastWeekWhateverTheDailyCurve(Curve curve) {
        for (long seed = 1; seed <= 5; seed++) {
            Month month = play(curve, seed);
            assertThat(month.exhaustedAt())
                    .as("%s, seed %d: stock ran out at %s", curve, seed, month.exhaustedAt())
                    .isAfterOrEqualTo(START.plus(Duration.ofDays(DAYS - 7)));
            assertThat(month.wins())
                    .as("%s, seed %d: at most 10 %% of the stock left", curve, seed)
                    .isGreaterThanOrEqualTo((int) (STOCK * 0.9));
            assertThat(month.worstGap())
                    .as("%s, seed %d: the stock left follows the schedule within 15 %% of the stock", curve, seed)
                    .isLessThan(0.15);
        }
    }

    @org.junit.jupiter.api.Test
    void theChanceRisesWhenWinsLagAndFallsWhenAhead() {
        Duration half = Duration.ofDays(15);
        Duration day = Duration.ofDays(1);
        double onSchedule = Pacing.chance(150, half, 2_000, day);
        assertThat(Pacing.chance(200, half, 2_000, day)).isGreaterThan(onSchedule);
        assertThat(Pacing.chance(100, half, 2_000, day)).isLessThan(onSchedule);
        assertThat(Pacing.chance(150, half, 8_000, day)).as("a burst lowers it").isLessThan(onSchedule);
        assertThat(Pacing.chance(150, Duration.ofMinutes(10), 2_000, day))
                .as("the end gives out the rest")
                .isEqualTo(1.0);
        assertThat(Pacing.chance(0, half, 2_000, day)).isZero();
    }
}
