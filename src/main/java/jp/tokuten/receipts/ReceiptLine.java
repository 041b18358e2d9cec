package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One OCR line normalised for reading: NFKC (full-width digits and letters, circled digits, ￥), no
 * spaces between Japanese characters, the usual misreadings of receipt words repaired. {@code compact}
 * has no spaces at all and is what keywords are looked for in.
 */
record ReceiptLine(int index, String raw, String text, String compact, double confidence, int height) {

    private static final String CJK = "\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}ー々〆";
    private static final Pattern SPACE_BETWEEN_CJK = Pattern.compile("(?<=[" + CJK + "]) (?=[" + CJK + "])");
    private static final Pattern SPACES_AROUND_SEPARATORS = Pattern.compile("\\s*([/:年月日,])\\s*(?=\\d)");
    /** A thousands point OCR set apart from its digits: "3. 151". */
    private static final Pattern SPACED_THOUSANDS_POINT = Pattern.compile("(?<=\\d)\\.\\s+(?=\\d{3}(?!\\d))");

    /**
     * The amount printed at the end of a line: an optional minus or ▲, an optional currency mark (¥,
     * the backslash or Y it is often read as), digits with thousands separators, an optional 円, then
     * at most a tax mark.
     */
    /** A yen mark and the first group of an amount whose thousands comma was read as a space: "¥1 " of "¥1 387". */
    private static final Pattern SPACED_THOUSANDS = Pattern.compile("([¥\\\\])(\\d{1,3})$");

    /** The whole part of an amount abroad whose cents follow a comma read for a dot: "73," of "73,40". */
    private static final Pattern MISREAD_CENTS = Pattern.compile("(^|[^\\d,.])(\\d{1,6}),$");

    /** Abroad, a space OCR put after the decimal point ("RM 65. 20"), and a rule or quote read after the amount ("5.00 |"). */
    private static final Pattern SPACED_CENTS = Pattern.compile("(?<=\\d)[.,]\\s(?=\\d{2}(?![\\d.,]))");

    /** "RM 64 13": the decimal point of an amount with its currency lost. */
    private static final Pattern POINTLESS_CENTS = Pattern.compile("(RM\\s?\\d{1,6})\\s(\\d{2})$");

    /** A rule, a quote, a colon or a stray kana the Japanese models read after an amount abroad ("79.50 デ"). */
    private static final Pattern TRAILING_RULE =
            Pattern.compile("(?<=\\d)\\s*(?:[|\"'`。:]+|[\\p{IsHiragana}\\p{IsKatakana}]{1,2})$");

    private static final Pattern TRAILING_AMOUNT =
            Pattern.compile("(?<sign>[-▲△])?\\s*(?<mark>[¥\\\\]|Y(?=\\d)|RM\\s?)?\\s*"
                    + "(?<number>\\d{1,3}(?:[,.]\\d{3})+(?:\\.\\d{1,2})?|\\d+(?:\\.\\d{1,2})?)\\s*(?<yen>円)?"
                    + "(?<tail>\\s*(?:[※*軽☆★#]|\\(?[内外非軽]\\)?|[TAB]|-|[SZ]R\\.?))?\\s*\\)?\\s*$");

    static ReceiptLine of(int index, String raw, double confidence, int height) {
        String text = Normalizer.normalize(raw, Normalizer.Form.NFKC)
                .replace('\u2212', '-')
                .replace('\u2014', '-')
                .replace('\u2010', '-')
                .replace('\u30FC', 'ー')
                .replace('\t', ' ');
        text = text.replaceAll(" {2,}", "  ").strip();
        text = SPACE_BETWEEN_CJK.matcher(text).replaceAll("");
        text = SPACES_AROUND_SEPARATORS.matcher(text).replaceAll("$1");
        text = SPACED_THOUSANDS_POINT.matcher(text).replaceAll(".");
        text = repair(text);
        String compact = text.replace(" ", "");
        return new ReceiptLine(index, raw, text, compact, confidence, height);
    }

    /** Misreadings of receipt words seen in Tesseract output (言十 for 計 is the commonest). */
    private static String repair(String text) {
        return text.replace("言十", "計")
                .replace("合討", "合計")
                .replace("小討", "小計")
                .replace("お預リ", "お預り")
                .replace("お釣リ", "お釣り")
                .replace("お約り", "お釣り")
                .replace("お的り", "お釣り")
                .replace("預リ", "預り");
    }

    /** Text abroad with a space after a decimal point ("65. 20") and a rule or quote after the last amount removed. */
    static String centsRepaired(String text) {
        String t = TRAILING_RULE
                .matcher(SPACED_CENTS.matcher(text).replaceAll("."))
                .replaceAll("");
        return POINTLESS_CENTS.matcher(t).replaceAll("$1.$2");
    }

    /** The amount at the end of the line and the text before it, or null when the line ends in no amount. */
    @Nullable
    Amount trailingAmount(boolean decimals) {
        String text = decimals ? centsRepaired(this.text) : this.text;
        Matcher m = TRAILING_AMOUNT.matcher(text);
        if (!m.find()) {
            return null;
        }
        int start = m.start();
        String before = text.substring(0, start);
        String number = m.group("number");
        Matcher spaced = SPACED_THOUSANDS.matcher(before);
        if (!decimals
                && m.group("mark") == null
                && number.length() == 3
                && text.substring(start, m.start("number")).equals(" ")
                && spaced.find()) {
            // "¥1 387": the thousands comma read as a space, the yen mark before the first group
            number = spaced.group(2) + "," + number;
            before = before.substring(0, spaced.start(1));
        }
        Matcher comma = MISREAD_CENTS.matcher(before);
        if (decimals && m.group("mark") == null && number.length() == 2 && comma.find()) {
            // "73,40": the dot before the cents read as a comma
            number = comma.group(2) + "," + number;
            before = before.substring(0, comma.start(2));
        }
        // a digit glued to a word ("単4", "A4") is part of the name, not a price
        if (m.group("mark") == null && m.group("sign") == null && m.group("yen") == null && !before.isEmpty()) {
            char last = before.charAt(before.length() - 1);
            // (the pattern takes the blanks before the number, so the column gap is between them)
            String gap = text.substring(start, m.start("number"));
            if (Character.isLetterOrDigit(last) && number.length() <= 2 && !gap.contains("  ")) {
                return null;
            }
        }
        BigDecimal value = parseNumber(number, decimals);
        if (value == null) {
            return null;
        }
        boolean negative = m.group("sign") != null;
        String tail = m.group("tail") == null ? "" : m.group("tail").strip();
        return new Amount(
                negative ? value.negate() : value,
                before.strip(),
                m.group("mark") != null || m.group("yen") != null,
                tail);
    }

    /**
     * Parses digits with separators. Without decimals (yen) a comma or dot before three digits is a
     * thousands separator; with decimals (ringgit, dollars) a dot before one or two final digits marks
     * cents, and so does a comma before exactly two (a misread dot: "73,40").
     */
    @Nullable
    static BigDecimal parseNumber(String number, boolean decimals) {
        String n = number;
        if (decimals) {
            // a comma before two final digits is a dot misread ("73,40"); thousands take three
            Matcher cents = Pattern.compile("^(.*)(?:\\.(\\d{1,2})|,(\\d{2}))$").matcher(n);
            boolean matched = cents.matches();
            String whole = matched ? cents.group(1) : n;
            String fraction = !matched ? "" : cents.group(2) != null ? cents.group(2) : cents.group(3);
            whole = whole.replace(",", "").replace(".", "");
            if (whole.isEmpty()) {
                return null;
            }
            return new BigDecimal(fraction.isEmpty() ? whole : whole + "." + fraction);
        }
        if (n.matches(".*\\.\\d{1,2}$")) {
            // yen never have cents: "1.50" is no yen amount worth trusting
            n = n.substring(0, n.lastIndexOf('.'));
        }
        n = n.replace(",", "").replace(".", "");
        if (n.isEmpty() || n.length() > 9) {
            return null;
        }
        return new BigDecimal(n);
    }

    boolean has(String... words) {
        for (String w : words) {
            if (compact.contains(w)) {
                return true;
            }
        }
        return false;
    }

    boolean hasUpper(String... words) {
        String upper = compact.toUpperCase(java.util.Locale.ROOT);
        for (String w : words) {
            if (upper.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** Count of letters (Japanese or Latin) in the line. */
    int letters() {
        int n = 0;
        for (int i = 0; i < compact.length(); i++) {
            if (Character.isLetter(compact.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    int japaneseLetters() {
        int n = 0;
        for (int i = 0; i < compact.length(); i++) {
            var s = Character.UnicodeScript.of(compact.charAt(i));
            if (s == Character.UnicodeScript.HAN
                    || s == Character.UnicodeScript.HIRAGANA
                    || s == Character.UnicodeScript.KATAKANA) {
                n++;
            }
        }
        return n;
    }

    /**
     * An amount found at the end of a line.
     *
     * @param label the text before the amount
     * @param marked whether a currency mark (¥ or 円) was printed with it
     * @param tail a tax mark printed after the amount (※, *, 軽, 内, 外)
     */
    record Amount(BigDecimal value, String label, boolean marked, String tail) {}
}
