package jp.tokuten.shared;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Text folded for matching what a receipt prints against what a tenant typed: NFKC (full-width
 * letters and digits, half-width kana, circled digits), hiragana to katakana, small kana to their
 * large forms, the many dash and long-vowel look-alikes to {@code ー}, lower case, and no spaces or
 * punctuation. Similarity is one minus the edit distance over the longer length, on folded text.
 */
public final class FoldedText {

    private FoldedText() {}

    /** The folded form of a text; empty for null. */
    public static String fold(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(normal.length());
        for (int i = 0; i < normal.length(); i++) {
            char c = normal.charAt(i);
            if (c >= '\u3041' && c <= '\u3096') { // hiragana ぁ to ゖ
                c = (char) (c + ('\u30a1' - '\u3041'));
            }
            c = largeKana(c);
            if (isDash(c)) {
                // A dash after kana is a long vowel as OCR or a keyboard wrote it; elsewhere it is punctuation.
                if (out.length() > 0 && isKana(out.charAt(out.length() - 1))) {
                    out.append('ー');
                }
                continue;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || isPunctuation(c)) {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** How alike two texts are after folding, from 0 (nothing alike) to 1 (the same). */
    public static double similarity(String a, String b) {
        String x = fold(a);
        String y = fold(b);
        if (x.isEmpty() && y.isEmpty()) {
            return 1.0;
        }
        if (x.isEmpty() || y.isEmpty()) {
            return 0.0;
        }
        int distance = distance(x, y);
        return 1.0 - (double) distance / Math.max(x.length(), y.length());
    }

    /**
     * The best similarity of the needle to any stretch of the haystack (after folding both): how well
     * a product name appears inside a longer receipt line. 1.0 when the needle is contained exactly.
     */
    public static double bestWindowSimilarity(String haystack, String needle) {
        String h = fold(haystack);
        String n = fold(needle);
        if (n.isEmpty()) {
            return h.isEmpty() ? 1.0 : 0.0;
        }
        if (h.isEmpty()) {
            return 0.0;
        }
        if (h.contains(n)) {
            return 1.0;
        }
        // Approximate substring match: the fewest edits that turn the needle into some substring of
        // the haystack (free start and end in the haystack), over the needle's length.
        int[] previous = new int[h.length() + 1];
        int[] current = new int[h.length() + 1];
        for (int i = 1; i <= n.length(); i++) {
            current[0] = i;
            char nc = n.charAt(i - 1);
            for (int j = 1; j <= h.length(); j++) {
                int substitute = previous[j - 1] + (nc == h.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        int best = Integer.MAX_VALUE;
        for (int value : previous) {
            best = Math.min(best, value);
        }
        return Math.max(0.0, 1.0 - (double) best / n.length());
    }

    /** Whether the needle appears in the haystack with at least the given window similarity. */
    public static boolean containsApproximately(String haystack, String needle, double threshold) {
        return bestWindowSimilarity(haystack, needle) >= threshold;
    }

    /** Whether a text is a JAN (EAN-8 or EAN-13) code with a correct check digit. */
    public static boolean isJan(String text) {
        if (text == null) {
            return false;
        }
        String digits = Normalizer.normalize(text, Normalizer.Form.NFKC).strip();
        if ((digits.length() != 8 && digits.length() != 13) || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int sum = 0;
        int body = digits.length() - 1;
        for (int i = 0; i < body; i++) {
            int digit = digits.charAt(body - 1 - i) - '0';
            sum += (i % 2 == 0) ? digit * 3 : digit;
        }
        int check = (10 - sum % 10) % 10;
        return check == digits.charAt(body) - '0';
    }

    /** The edit distance of two texts as given (not folded): insertions, deletions and substitutions of a char. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            char ac = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (ac == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static boolean isKana(char c) {
        return (c >= '\u30a1' && c <= '\u30fa') || c == '\u30fc'; // katakana ァ to ヺ, and ー
    }

    private static boolean isDash(char c) {
        return c == 'ー' || c == '-' || c == '‐' || c == '‑' || c == '‒' || c == '–' || c == '—' || c == '―' || c == '−'
                || c == '～' || c == '~' || c == '〜';
    }

    private static boolean isPunctuation(char c) {
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static char largeKana(char c) {
        return switch (c) {
            case 'ァ' -> 'ア';
            case 'ィ' -> 'イ';
            case 'ゥ' -> 'ウ';
            case 'ェ' -> 'エ';
            case 'ォ' -> 'オ';
            case 'ッ' -> 'ツ';
            case 'ャ' -> 'ヤ';
            case 'ュ' -> 'ユ';
            case 'ョ' -> 'ヨ';
            case 'ヮ' -> 'ワ';
            case 'ヵ' -> 'カ';
            case 'ヶ' -> 'ケ';
            default -> c;
        };
    }
}
