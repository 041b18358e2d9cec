package jp.tokuten.coupons.web;

import java.time.Instant;
import jp.tokuten.coupons.CouponCodes;
import jp.tokuten.coupons.InstanceView;
import jp.tokuten.stores.StoreView;
import jp.tokuten.stores.Stores;
import org.jspecify.annotations.Nullable;

/**
 * One of the holder's coupons as their pages show it: the code in groups of four, its state now, the uses
 * left of a 回数券, the last day it may be used and, once used, where and when (from the latest use the
 * database holds, never from the page).
 */
record ShownInstance(
        String code,
        String displayCode,
        ShownCoupon coupon,
        String state,
        int usesLeft,
        int usesTotal,
        String lastDay,
        @Nullable String usedAt,
        @Nullable String usedStore,
        boolean usable,
        boolean multiUse) {

    static ShownInstance of(InstanceView i, ShownCoupon coupon, Stores stores, Instant now) {
        var last = i.lastUse();
        String store = last == null || last.storeId() == null
                ? null
                : stores.find(last.storeId()).map(StoreView::name).orElse(null);
        return new ShownInstance(
                i.code(),
                CouponCodes.display(i.code()),
                coupon,
                i.state(now).name().toLowerCase(java.util.Locale.ROOT),
                i.usesLeft(),
                i.usesTotal(),
                ShownCoupon.lastDay(i.validUntil()),
                last == null ? null : ShownCoupon.at(last.usedAt()),
                store,
                i.state(now) == InstanceView.State.USABLE,
                i.usesTotal() > 1);
    }
}
