package jp.tokuten.lottery;

import java.util.Locale;
import java.util.Optional;

/**
 * What a prize is, and so what {@code rewards} does with a win: ship a physical prize (an address form), hand
 * over a code from a gift-code pool, issue a tokuten coupon, or start a payout.
 */
public enum PrizeKind {
    PHYSICAL,
    GIFT_CODE,
    COUPON,
    PAYOUT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PrizeKind> of(String code) {
        for (PrizeKind k : values()) {
            if (k.code().equals(code)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
