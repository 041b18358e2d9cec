package jp.tokuten.coupons;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One coupon a holder has: its {@code code}, how many uses are left of how many, and when it may be used
 * ({@code validFrom} included, {@code validUntil} excluded). {@code lastUse} is the latest use not reversed.
 */
public record InstanceView(
        UUID id,
        UUID couponId,
        String code,
        @Nullable UUID holderId,
        @Nullable String holder,
        String source,
        int usesTotal,
        int usesLeft,
        Instant validFrom,
        Instant validUntil,
        Instant createdAt,
        @Nullable LastUse lastUse) {

    /** The latest use: where and when. */
    public record LastUse(UUID redemptionId, @Nullable UUID storeId, Instant usedAt) {}

    public enum State {
        USABLE,
        USED,
        EXPIRED,
        NOT_YET_VALID
    }

    public State state(Instant now) {
        if (usesLeft == 0) {
            return State.USED;
        }
        if (!now.isBefore(validUntil)) {
            return State.EXPIRED;
        }
        if (now.isBefore(validFrom)) {
            return State.NOT_YET_VALID;
        }
        return State.USABLE;
    }
}
