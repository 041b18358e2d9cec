package jp.tokuten.rewards;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A winner's shipping address as given on the winner form (personal data: kept in its own table, decision
 * 125). {@link #of} checks and normalises what was typed: a postal code of seven digits (hyphen and full-width
 * digits accepted), one of the 47 prefectures, city, town, the rest of the address, a Japanese phone number of
 * 10 or 11 digits starting with 0.
 */
public record WinnerAddress(
        String fullName,
        String postalCode,
        String prefecture,
        String city,
        String town,
        String addressLine1,
        String addressLine2,
        String phone) {

    /** The 47 prefectures (都道府県), in the order of their national code (JIS X 0401). */
    public static final List<String> PREFECTURES = List.of(
            "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県",
            "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
            "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
            "鹿児島県", "沖縄県");

    /** What was typed, field by field, before checking. */
    public record Typed(
            @Nullable String fullName,
            @Nullable String postalCode,
            @Nullable String prefecture,
            @Nullable String city,
            @Nullable String town,
            @Nullable String addressLine1,
            @Nullable String addressLine2,
            @Nullable String phone) {}

    /**
     * The form's fields that were refused, each with the message key of why (bundle {@code i18n/delivery},
     * {@code winner.error.*}), in the form's order.
     */
    public static final class Rejected extends RuntimeException {
        private final Map<String, String> errors;

        Rejected(Map<String, String> errors) {
            super("winner address rejected: " + errors.keySet());
            this.errors = Map.copyOf(errors);
        }

        /** Field name → message key. */
        public Map<String, String> errors() {
            return errors;
        }
    }

    /** The address typed, checked and normalised; {@link Rejected} names every field in error. */
    public static WinnerAddress of(Typed typed) {
        var errors = new LinkedHashMap<String, String>();
        String name = text(typed.fullName());
        if (name.isEmpty()) {
            errors.put("fullName", "winner.error.required");
        } else if (name.length() > 100 || hasControl(name)) {
            errors.put("fullName", "winner.error.tooLong");
        }
        String postal = typed.postalCode() == null
                ? null
                : PostalCodes.normalise(typed.postalCode().strip());
        if (text(typed.postalCode()).isEmpty()) {
            errors.put("postalCode", "winner.error.required");
        } else if (postal == null) {
            errors.put("postalCode", "winner.error.postalCode");
        }
        String prefecture = text(typed.prefecture());
        if (prefecture.isEmpty()) {
            errors.put("prefecture", "winner.error.required");
        } else if (!PREFECTURES.contains(prefecture)) {
            errors.put("prefecture", "winner.error.prefecture");
        }
        String city = text(typed.city());
        if (city.isEmpty()) {
            errors.put("city", "winner.error.required");
        } else if (city.length() > 100 || hasControl(city)) {
            errors.put("city", "winner.error.tooLong");
        }
        String town = text(typed.town());
        if (town.length() > 100 || hasControl(town)) {
            errors.put("town", "winner.error.tooLong");
        }
        String line1 = text(typed.addressLine1());
        if (line1.isEmpty()) {
            errors.put("addressLine1", "winner.error.required");
        } else if (line1.length() > 100 || hasControl(line1)) {
            errors.put("addressLine1", "winner.error.tooLong");
        }
        String line2 = text(typed.addressLine2());
        if (line2.length() > 100 || hasControl(line2)) {
            errors.put("addressLine2", "winner.error.tooLong");
        }
        String phone = phone(typed.phone());
        if (text(typed.phone()).isEmpty()) {
            errors.put("phone", "winner.error.required");
        } else if (phone == null) {
            errors.put("phone", "winner.error.phone");
        }
        if (!errors.isEmpty()) {
            throw new Rejected(errors);
        }
        return new WinnerAddress(name, postal, prefecture, city, town, line1, line2, phone);
    }

    /** The digits of a Japanese phone number (0 and 9 or 10 more digits), or null. */
    static @Nullable String phone(@Nullable String typed) {
        if (typed == null) {
            return null;
        }
        var digits = new StringBuilder();
        for (char c : typed.strip().toCharArray()) {
            if (c >= '０' && c <= '９') {
                c = (char) ('0' + (c - '０'));
            }
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (!(c == '-' || c == '－' || c == 'ー' || c == '‐' || c == ' ' || c == '(' || c == ')')) {
                return null;
            }
        }
        return digits.toString().matches("0[0-9]{9,10}") ? digits.toString() : null;
    }

    private static String text(@Nullable String typed) {
        return typed == null ? "" : typed.strip();
    }

    private static boolean hasControl(String text) {
        return text.codePoints().anyMatch(Character::isISOControl);
    }
}
