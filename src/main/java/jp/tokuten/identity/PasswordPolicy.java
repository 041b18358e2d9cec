package jp.tokuten.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Password rules after NIST SP 800-63B: length only (15 characters when the password is the only factor,
 * 8 with a second factor, up to 256), any Unicode normalised with NFKC, no composition rules, no
 * expiry, and a check against common and breached passwords (decision 007).
 */
@Component
public class PasswordPolicy {

    public static final int MIN_SINGLE_FACTOR = 15;
    public static final int MIN_WITH_SECOND_FACTOR = 8;
    public static final int MAX_LENGTH = 256;
    private static final String LIST = "dictionaries/passwords.txt";
    private static final Set<String> SERVICE_WORDS = Set.of("tokuten", "特典", "password", "パスワード");

    private final Set<String> common;
    private int listed;

    PasswordPolicy() {
        this.common = load();
    }

    /** Entries of the shipped list (decision 007): required, never silently empty. */
    int listedCommonPasswords() {
        return listed;
    }

    /** Distinct passwords after NFKC and lower-casing, the form compared against. */
    int distinctFoldedPasswords() {
        return common.size();
    }

    /** The form in which a password is hashed and compared: NFKC. */
    public static String normalise(String raw) {
        return Normalizer.normalize(raw, Normalizer.Form.NFKC);
    }

    /**
     * Checks a new password.
     *
     * @param secondFactor whether the account signs in with a second factor as well
     * @param contextWords words tied to the account (e-mail, its local part, names) that must not be the
     *     password
     * @throws PasswordRejectedException with a message for the person choosing it
     */
    public void check(String raw, boolean secondFactor, Collection<String> contextWords) {
        Objects.requireNonNull(raw, "raw");
        String normalised = normalise(raw);
        int length = normalised.codePointCount(0, normalised.length());
        int min = secondFactor ? MIN_WITH_SECOND_FACTOR : MIN_SINGLE_FACTOR;
        if (length < min) {
            throw new PasswordRejectedException(
                    "too_short",
                    secondFactor ? "password.error.tooShort" : "password.error.tooShortSingle",
                    min,
                    MIN_WITH_SECOND_FACTOR);
        }
        if (length > MAX_LENGTH) {
            throw new PasswordRejectedException("too_long", "password.error.tooLong", MAX_LENGTH);
        }
        String lower = normalised.toLowerCase(Locale.ROOT);
        if (isRun(lower)) {
            throw new PasswordRejectedException("repetitive", "password.error.repetitive");
        }
        var forbidden = new HashSet<String>(SERVICE_WORDS);
        for (String word : contextWords) {
            if (word != null && !word.isBlank()) {
                String w = normalise(word).toLowerCase(Locale.ROOT).strip();
                forbidden.add(w);
                int at = w.indexOf('@');
                if (at > 0) {
                    forbidden.add(w.substring(0, at));
                }
            }
        }
        if (isCommon(lower) || isKnownWordWithRun(lower, forbidden)) {
            throw new PasswordRejectedException("common", "password.error.common");
        }
    }

    private boolean isCommon(String lower) {
        return common.contains(lower);
    }

    /** A listed or forbidden word with only a run of repeated or sequential characters around it. */
    private boolean isKnownWordWithRun(String lower, Set<String> forbidden) {
        if (forbidden.contains(lower)) {
            return true;
        }
        int n = lower.length();
        // Only prefixes and suffixes that are runs matter, and a run's prefix is a run too.
        int longestRunPrefix = 0;
        while (longestRunPrefix < n && isRun(lower.substring(0, longestRunPrefix + 1))) {
            longestRunPrefix++;
        }
        int longestRunSuffix = 0;
        while (longestRunSuffix < n && isRun(lower.substring(n - longestRunSuffix - 1))) {
            longestRunSuffix++;
        }
        for (int start = 0; start <= longestRunPrefix; start++) {
            for (int end = n; end >= n - longestRunSuffix && end - start >= 3; end--) {
                if (start == 0 && end == n) {
                    continue;
                }
                String core = lower.substring(start, end);
                if (common.contains(core) || forbidden.contains(core)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One code point repeated, or code points each one up or one down from the last. */
    static boolean isRun(String s) {
        int[] cps = s.codePoints().toArray();
        if (cps.length < 2) {
            return cps.length == 1;
        }
        int step = cps[1] - cps[0];
        if (Math.abs(step) > 1) {
            return isDigitWrap(cps);
        }
        for (int i = 2; i < cps.length; i++) {
            if (cps[i] - cps[i - 1] != step) {
                return isDigitWrap(cps);
            }
        }
        return true;
    }

    /** Digit runs that wrap around (…7890123…), as people type them on a keyboard row. */
    private static boolean isDigitWrap(int[] cps) {
        for (int cp : cps) {
            if (cp < '0' || cp > '9') {
                return false;
            }
        }
        int up = 0;
        int down = 0;
        for (int i = 1; i < cps.length; i++) {
            int d = Math.floorMod(cps[i] - cps[i - 1], 10);
            if (d == 1) {
                up++;
            } else if (d == 9) {
                down++;
            }
        }
        return up == cps.length - 1 || down == cps.length - 1;
    }

    private Set<String> load() {
        var in = PasswordPolicy.class.getClassLoader().getResourceAsStream(LIST);
        if (in == null) {
            throw new IllegalStateException("The common-password list " + LIST + " is missing from the classpath");
        }
        var set = new HashSet<String>(140_000);
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String p = line.strip();
                if (!p.isEmpty()) {
                    listed++;
                    set.add(normalise(p).toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(set);
    }
}
