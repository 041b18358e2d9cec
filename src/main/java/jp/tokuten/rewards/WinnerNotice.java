package jp.tokuten.rewards;

import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A message to a winner about their award, or to an entrant of a closed draw who did not win, worded from the
 * campaign's template (or the default) in the campaign's language: what happened ({@link Kind}), the award
 * (null for {@link Kind#NOT_WON}), the entrant and their e-mail address.
 */
public record WinnerNotice(
        Kind kind,
        @Nullable AwardView award,
        UUID entrantId,
        String email,
        Locale locale,
        String subject,
        String body) {

    /** Why the winner is told. */
    public enum Kind {
        /** A physical prize was won: give an address through the link before the deadline. */
        ADDRESS_REQUEST,
        /** The prize was shipped, with its tracking number. */
        SHIPPED,
        /** The deadline passed without an address: the win is void. */
        LAPSED,
        /** A gift code was won: the code itself (decision 151). */
        GIFT_CODE,
        /** A tokuten coupon was won: its code and the link to it in "my coupons". */
        COUPON,
        /** A cash-like prize was paid out: the amount. */
        PAYOUT,
        /** An entrant of a closed draw did not win (decision 151). */
        NOT_WON;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static java.util.Optional<Kind> of(String code) {
            for (Kind k : values()) {
                if (k.code().equals(code)) {
                    return java.util.Optional.of(k);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
