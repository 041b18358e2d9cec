package jp.tokuten.lottery;

import java.util.Locale;
import java.util.Optional;

/**
 * What one chance is: an approved entry, each receipt of one, or an entrant (however many entries). An instant
 * win plays once per entry for {@code entry} and {@code receipt} and once per entrant for {@code entrant}
 * (decision 115); a closed draw counts tickets this way.
 */
public enum ChancesPer {
    ENTRY,
    RECEIPT,
    ENTRANT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ChancesPer> of(String code) {
        for (ChancesPer c : values()) {
            if (c.code().equals(code)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
