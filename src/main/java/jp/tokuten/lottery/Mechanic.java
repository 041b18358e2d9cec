package jp.tokuten.lottery;

import java.util.Locale;
import java.util.Optional;

/** How a course's prizes are won: instant win (即時当選), closed draw after the period, or everyone (もれなく). */
public enum Mechanic {
    INSTANT_WIN,
    CLOSED_DRAW,
    EVERYONE;

    /** The code used in the API and the database: {@code instant_win}, {@code closed_draw}, {@code everyone}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Mechanic> of(String code) {
        for (Mechanic m : values()) {
            if (m.code().equals(code)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
