package jp.tokuten.campaigns;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One field of a campaign's entry form (応募フォーム項目). Each field has a declared character type and
 * length, checked in the browser and again on the server by {@link #check}.
 *
 * @param key the field's name in forms and in the API: {@code name}, {@code kana}, {@code postalCode},
 *     {@code address}, {@code phone}, {@code email}, {@code birthYear}, {@code gender}, or {@code q1}…
 *     {@code q9} for questionnaire items
 * @param label what a questionnaire item asks (the standard fields take their label from the message
 *     bundles), empty for standard fields
 * @param options the choices of a {@link CharType#CHOICE} field
 */
public record FormField(
        String key, String label, boolean required, CharType type, int maxLength, List<String> options) {

    /** The character types a field can declare. */
    public enum CharType {
        /** Any printable text. */
        TEXT,
        /** Full-width katakana (全角カナ), with spaces. */
        KATAKANA,
        /** ASCII digits only. */
        DIGITS,
        /** A Japanese postal code: 7 digits, with or without the hyphen after the third. */
        POSTAL_CODE,
        /** A Japanese phone number: 10 or 11 digits, hyphens allowed. */
        PHONE,
        /** An e-mail address. */
        EMAIL,
        /** A year of birth, 1900 to this year. */
        YEAR,
        /** One of {@link #options}. */
        CHOICE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The keys of the standard fields, in form order. */
    public static final List<String> STANDARD_KEYS =
            List.of("name", "kana", "postalCode", "address", "phone", "email", "birthYear", "gender");

    private static final Pattern KEY =
            Pattern.compile("^(name|kana|postalCode|address|phone|email|birthYear|gender|q[1-9])$");
    private static final Pattern KATAKANA = Pattern.compile("^[\\p{IsKatakana}ー　 ]+$");
    private static final Pattern DIGITS = Pattern.compile("^[0-9]+$");
    private static final Pattern POSTAL = Pattern.compile("^[0-9]{3}-?[0-9]{4}$");
    private static final Pattern PHONE = Pattern.compile("^0[0-9-]{9,12}$");
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    public FormField {
        options = List.copyOf(options);
    }

    /** Whether {@code key} is a field key a form may use. */
    public static boolean validKey(String key) {
        return KEY.matcher(key).matches();
    }

    /**
     * Checks a value sent for this field; empty when it is acceptable, otherwise the error code
     * ({@code required}, {@code too_long}, {@code not_katakana}, {@code not_digits}, {@code not_postal_code},
     * {@code not_phone}, {@code not_email}, {@code not_year}, {@code not_an_option}).
     *
     * @param thisYear the current year in Asia/Tokyo, for {@link CharType#YEAR}
     */
    public Optional<String> check(@Nullable String value, int thisYear) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return required ? Optional.of("required") : Optional.empty();
        }
        if (v.codePointCount(0, v.length()) > maxLength) {
            return Optional.of("too_long");
        }
        return switch (type) {
            case TEXT -> Optional.empty();
            case KATAKANA -> KATAKANA.matcher(v).matches() ? Optional.empty() : Optional.of("not_katakana");
            case DIGITS -> DIGITS.matcher(v).matches() ? Optional.empty() : Optional.of("not_digits");
            case POSTAL_CODE -> POSTAL.matcher(v).matches() ? Optional.empty() : Optional.of("not_postal_code");
            case PHONE ->
                PHONE.matcher(v).matches() && digits(v) >= 10 && digits(v) <= 11
                        ? Optional.empty()
                        : Optional.of("not_phone");
            case EMAIL -> v.length() <= 254 && EMAIL.matcher(v).matches() ? Optional.empty() : Optional.of("not_email");
            case YEAR -> {
                if (!DIGITS.matcher(v).matches() || v.length() != 4) {
                    yield Optional.of("not_year");
                }
                int y = Integer.parseInt(v);
                yield y >= 1900 && y <= thisYear ? Optional.empty() : Optional.of("not_year");
            }
            case CHOICE -> options.contains(v) ? Optional.empty() : Optional.of("not_an_option");
        };
    }

    private static long digits(String v) {
        return v.chars().filter(Character::isDigit).count();
    }
}
