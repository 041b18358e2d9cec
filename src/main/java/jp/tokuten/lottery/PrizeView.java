package jp.tokuten.lottery;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A prize as read, with its stock and how much of it is {@code remaining} (not yet won). */
public record PrizeView(
        UUID id,
        UUID courseId,
        String name,
        int stock,
        int remaining,
        long valueYen,
        PrizeKind kind,
        @Nullable UUID giftCodePoolId,
        @Nullable UUID couponId,
        @Nullable Long payoutYen) {}
