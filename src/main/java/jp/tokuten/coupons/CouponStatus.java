package jp.tokuten.coupons;

import java.util.Locale;

/** A coupon's life: a draft is edited, a published coupon is handed out and used, a closed one no more handed out. */
public enum CouponStatus {
    DRAFT,
    PUBLISHED,
    CLOSED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static CouponStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
