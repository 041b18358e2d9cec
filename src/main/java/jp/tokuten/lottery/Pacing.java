package jp.tokuten.lottery;

import java.time.Duration;

/**
 * The chance of one instant-win play, paced so that a course's stock lasts its campaign's period
 * (docs/modules/lottery.md, "Pacing"): {@code p = min(1, S / (r · T))} with {@code S} the stock left,
 * {@code T} the time left (at least an hour) and {@code r} the observed play rate. A pure function of its
 * arguments, so a test can play a month with any clock.
 */
public final class Pacing {

    /** Time left is never counted below this, so the end of the period does not divide by nothing. */
    static final Duration MIN_TIME_LEFT = Duration.ofHours(1);

    /** How far back plays are counted for the rate: a whole day, so the day's hourly pattern cancels out. */
    public static final Duration RATE_WINDOW = Duration.ofHours(24);

    /** The rate is never measured over less than this (the first plays of a course). */
    static final Duration MIN_RATE_WINDOW = Duration.ofHours(1);

    private Pacing() {}

    /**
     * @param stockLeft the stock of the course not yet won
     * @param timeLeft until the end of the period
     * @param playsInWindow plays of the course within {@code window} before now, this one included
     * @param window how far back they were counted: {@link #RATE_WINDOW}, or the age of the course's first
     *     play when younger
     */
    public static double chance(long stockLeft, Duration timeLeft, long playsInWindow, Duration window) {
        if (stockLeft <= 0) {
            return 0;
        }
        double seconds = Math.max(seconds(window), seconds(MIN_RATE_WINDOW));
        double rate = Math.max(1, playsInWindow) / seconds;
        double expected = rate * Math.max(seconds(timeLeft), seconds(MIN_TIME_LEFT));
        return Math.min(1.0, stockLeft / expected);
    }

    /** How far back plays are counted when the course's first play was {@code sinceFirstPlay} ago. */
    public static Duration window(Duration sinceFirstPlay) {
        if (sinceFirstPlay.compareTo(RATE_WINDOW) > 0) {
            return RATE_WINDOW;
        }
        return sinceFirstPlay.compareTo(MIN_RATE_WINDOW) < 0 ? MIN_RATE_WINDOW : sinceFirstPlay;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
