package jp.tokuten.coupons;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a coupon gives: ¥ off ({@code amount}), % off ({@code percent}), a free item or a gift (named by
 * {@code text}), or free text. {@code text} may describe any of them ("ドリンク1杯無料").
 */
public record Benefit(
        Type type, @Nullable Long amount, @Nullable Integer percent, String text) {

    public enum Type {
        AMOUNT_OFF,
        PERCENT_OFF,
        FREE_ITEM,
        GIFT,
        TEXT;

        /** The name clients use: {@code amount_off}, {@code percent_off} … */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static @Nullable Type parse(@Nullable String wire) {
            if (wire == null) {
                return null;
            }
            for (Type t : values()) {
                if (t.wire().equals(wire)) {
                    return t;
                }
            }
            return null;
        }
    }
}
