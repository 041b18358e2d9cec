package jp.tokuten.lottery;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A prize as set: its name, stock (how many exist), value in yen (for the legal caps and the records), kind
 * and the kind's reference: the gift-code pool ({@code gift_code}), the coupon ({@code coupon}) or the amount
 * paid out in yen ({@code payout}; the value when not given).
 */
public record PrizeDraft(
        String name,
        int stock,
        long valueYen,
        PrizeKind kind,
        @Nullable UUID giftCodePoolId,
        @Nullable UUID couponId,
        @Nullable Long payoutYen) {

    public static PrizeDraft physical(String name, int stock, long valueYen) {
        return new PrizeDraft(name, stock, valueYen, PrizeKind.PHYSICAL, null, null, null);
    }
}
