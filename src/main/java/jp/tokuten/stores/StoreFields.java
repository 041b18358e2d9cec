package jp.tokuten.stores;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import jp.tokuten.shared.FoldedText;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;

/**
 * A draft checked and put in its stored form, or refused naming the field at fault: 422
 * {@code invalid_store} with {@code field}.
 */
record StoreFields(
        String name,
        String nameKey,
        String chain,
        String chainKey,
        String branch,
        String branchKey,
        @Nullable String prefecture,
        @Nullable String phone,
        @Nullable String phoneDigits,
        @Nullable String registrationNumber) {

    static final int MAX_TEXT = 200;
    /** Digits, brackets, spaces and the dashes OCR and keyboards write between them (-, ー, ‐, −, –, —). */
    private static final Pattern PHONE_CHARACTERS = Pattern.compile("[0-9+() \\-\u30fc\u2010-\u2015\u2212]+");

    private static final Pattern PHONE_DIGITS = Pattern.compile("0[0-9]{9,10}");
    private static final Pattern REGISTRATION = Pattern.compile("T[0-9]{13}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\u200D]]");

    static StoreFields of(StoreDraft d) {
        String chain = text(d.chain(), "chain");
        String branch = text(d.branch(), "branch");
        String name = text(d.name(), "name");
        if (name.isEmpty()) {
            if (chain.isEmpty()) {
                throw invalid("name");
            }
            name = (chain + " " + branch).strip();
        }
        String nameKey = FoldedText.fold(name);
        if (nameKey.isEmpty() || nameKey.length() > MAX_TEXT) {
            throw invalid("name");
        }
        String prefecture = blankToNull(d.prefecture());
        if (prefecture != null) {
            prefecture = Prefectures.parse(prefecture).orElseThrow(() -> invalid("prefecture"));
        }
        String phone = blankToNull(d.phone());
        String phoneDigits = null;
        if (phone != null) {
            phone = Normalizer.normalize(phone, Normalizer.Form.NFKC).strip();
            phoneDigits = phoneDigits(phone);
            if (phoneDigits == null || phone.length() > 20) {
                throw invalid("phone");
            }
        }
        String registration = blankToNull(d.registrationNumber());
        if (registration != null) {
            registration = registrationNumber(registration);
            if (registration == null) {
                throw invalid("registrationNumber");
            }
        }
        return new StoreFields(
                name,
                nameKey,
                chain,
                FoldedText.fold(chain),
                branch,
                FoldedText.fold(branch),
                prefecture,
                phone,
                phoneDigits,
                registration);
    }

    /** The digits of a Japanese phone number (0 and 9 or 10 more; +81 read as 0), or null if it is none. */
    static @Nullable String phoneDigits(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        if (!PHONE_CHARACTERS.matcher(t).matches()) {
            return null;
        }
        String digits = t.replaceAll("[^0-9+]", "");
        if (digits.startsWith("+81")) {
            digits = "0" + digits.substring(3);
        }
        return PHONE_DIGITS.matcher(digits).matches() ? digits : null;
    }

    /** {@code T} + 13 digits, from any width, case, spacing or hyphenation; 13 digits alone get their T. */
    static @Nullable String registrationNumber(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC)
                .toUpperCase(Locale.ROOT)
                .replaceAll("[\\s\\-]", "");
        if (t.matches("[0-9]{13}")) {
            t = "T" + t;
        }
        return REGISTRATION.matcher(t).matches() ? t : null;
    }

    private static String text(@Nullable String value, String field) {
        if (value == null) {
            return "";
        }
        String t = value.strip().replaceAll("\\s+", " ");
        if (t.length() > MAX_TEXT || CONTROL.matcher(t).find()) {
            throw invalid(field);
        }
        return t;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_store", field).with("field", field);
    }
}
