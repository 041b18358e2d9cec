package jp.tokuten.rewards;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;

/**
 * A prize to hand to an entrant, as {@code lottery} (or a points exchange) decided it. The kind's reference is
 * required for its kind and must be absent for the others: {@code giftCodePoolId} for {@link Kind#GIFT_CODE},
 * {@code couponId} for {@link Kind#COUPON}, {@code payoutYen} for {@link Kind#PAYOUT}; otherwise 422
 * {@code invalid_award} with {@code field}.
 *
 * @param entryId the entry that won, or null (a points exchange, an entrant-level draw)
 * @param valueYen the prize's value in yen (for the legal caps and reports), 0 or more
 */
public record NewAward(
        UUID campaignId,
        UUID courseId,
        UUID prizeId,
        UUID entrantId,
        @Nullable UUID entryId,
        Source source,
        Kind kind,
        String prizeName,
        long valueYen,
        @Nullable UUID giftCodePoolId,
        @Nullable UUID couponId,
        @Nullable Long payoutYen) {

    /** What decided the win. */
    public enum Source {
        INSTANT_WIN,
        DRAW,
        EVERYONE,
        POINTS;

        /** The stored and wire form: {@code instant_win}, {@code draw}, {@code everyone}, {@code points}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Source> of(String code) {
            for (Source s : values()) {
                if (s.code().equals(code)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** What the prize is, which decides the work done when it is granted. */
    public enum Kind {
        PHYSICAL,
        GIFT_CODE,
        COUPON,
        PAYOUT;

        /** The stored and wire form: {@code physical}, {@code gift_code}, {@code coupon}, {@code payout}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> of(String code) {
            for (Kind k : values()) {
                if (k.code().equals(code)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public NewAward {
        prizeName = prizeName.strip();
        if (prizeName.isEmpty() || prizeName.length() > 200) {
            throw invalid("prizeName");
        }
        if (valueYen < 0 || valueYen > 100_000_000L) {
            throw invalid("valueYen");
        }
        if ((kind == Kind.GIFT_CODE) != (giftCodePoolId != null)) {
            throw invalid("giftCodePoolId");
        }
        if ((kind == Kind.COUPON) != (couponId != null)) {
            throw invalid("couponId");
        }
        if ((kind == Kind.PAYOUT) != (payoutYen != null)) {
            throw invalid("payoutYen");
        }
        if (payoutYen != null && (payoutYen < 1 || payoutYen > 10_000_000L)) {
            throw invalid("payoutYen");
        }
    }

    /** A physical prize (shipped after the winner gives an address). */
    public static NewAward physical(
            UUID campaignId,
            UUID courseId,
            UUID prizeId,
            UUID entrantId,
            @Nullable UUID entryId,
            Source source,
            String prizeName,
            long valueYen) {
        return new NewAward(
                campaignId,
                courseId,
                prizeId,
                entrantId,
                entryId,
                source,
                Kind.PHYSICAL,
                prizeName,
                valueYen,
                null,
                null,
                null);
    }

    private static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_award", field).with("field", field);
    }
}
