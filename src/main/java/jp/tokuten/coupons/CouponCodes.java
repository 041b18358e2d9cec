package jp.tokuten.coupons;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Coupon codes people read from screens and paper and type back: 12 characters from a 25-character
 * alphabet of digits and capitals without look-alikes (0, 1, 2, 5, B, G, I, L, O, S and Z are left out, as
 * each can pass for another), so 12 × log2(25) ≈ 55.7 bits: guessing one code of a million issued takes about 2^36
 * tries, which the rate limits make years. Shown in groups of four ({@code 7KQM-3XHT-A94P}); typed input
 * is read with any case, width, spaces or hyphens.
 */
public final class CouponCodes {

    /** The alphabet, in the order codes are drawn from it. */
    public static final String ALPHABET = "346789ACDEFHJKMNPQRTUVWXY";

    /** Characters per code. */
    public static final int LENGTH = 12;

    /** Bits of entropy per code: LENGTH × log2(ALPHABET size). */
    public static final double BITS = LENGTH * Math.log(ALPHABET.length()) / Math.log(2);

    private static final SecureRandom RANDOM = new SecureRandom();

    private CouponCodes() {}

    public static String next() {
        var sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** The code as stored, from what someone typed or a URL carried; empty when it cannot be a code. */
    public static Optional<String> normalize(String typed) {
        String s = Normalizer.normalize(typed, Normalizer.Form.NFKC)
                .toUpperCase(Locale.ROOT)
                .replaceAll("[\\s\\-‐‑–—ー_]", "");
        return s.matches("[0-9A-Z]{8,20}") ? Optional.of(s) : Optional.empty();
    }

    /** The code in groups of four, as printed. */
    public static String display(String code) {
        var sb = new StringBuilder();
        for (int i = 0; i < code.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                sb.append('-');
            }
            sb.append(code.charAt(i));
        }
        return sb.toString();
    }
}
