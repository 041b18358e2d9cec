package jp.tokuten.coupons;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One use of a coupon instance, as the redeem call answers it: the same answer again when the request is
 * retried with the same idempotency key.
 */
public record Redemption(
        UUID redemptionId,
        UUID couponId,
        String code,
        int usesLeft,
        Instant usedAt,
        @Nullable UUID storeId,
        String proof,
        long value,
        @Nullable Instant reversedAt,
        @Nullable String reversedReason) {}
