package jp.tokuten.receipts;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tokuten.receipts.ReceiptReading.Store;
import org.jspecify.annotations.Nullable;

/**
 * The shop as the receipt prints it (店舗): its name and branch from the header, its phone number and its
 * qualified-invoice registration number (T + 13 digits) from anywhere, and the receipt number.
 */
final class StoreRules {

    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\d-])(0\\d{1,4})\\s?[-(]?\\s?(\\d{1,4})\\s?[-)]\\s?(\\d{3,4})(?![\\d-])|(?<!\\d)(0\\d{9,10})(?!\\d)");
    private static final Pattern REGISTRATION = Pattern.compile("(?<![0-9A-Z])([TＴ丁干]|1|I|l|7)?-?(\\d{13})(?!\\d)");
    /** T read as 1 or 7 right after other letters: "WMT 15331742204153" (a 14-digit run). */
    private static final Pattern REGISTRATION_T_AS_DIGIT = Pattern.compile("(?<!\\d)([17])(\\d{13})(?!\\d)");

    private static final Pattern RECEIPT_NUMBER =
            Pattern.compile("(レシート|伝票|取引|会計|領収|精算|取扱|レジ)?(番号|No\\.?|NO\\.?|№|#)[.:]?\\s?([0-9][0-9-]{2,}[0-9])");

    private final List<ReceiptLine> lines;
    private final boolean japanese;
    private final Map<String, Double> confidence;
    private int phoneLine = -1;
    private int registrationLine = -1;

    StoreRules(ParseContext context) {
        this.lines = context.lines();
        this.japanese = context.japanese();
        this.confidence = context.confidence();
    }

    /** The line the phone number was read from, or -1. */
    int phoneLine() {
        return phoneLine;
    }

    /** The line the registration number was read from, or -1. */
    int registrationLine() {
        return registrationLine;
    }

    /** The store from the header (the lines above {@code headerEnd}), its phone and registration number. */
    Store store(int headerEnd) {
        String name = null;
        String branch = null;
        int nameLine = -1;
        int limit = Math.max(Math.min(headerEnd, 10), Math.min(4, lines.size()));
        int company = -1;
        for (int i = 0; i < Math.min(limit, lines.size()) && company < 0; i++) {
            if (isCompanyName(lines.get(i))) {
                company = i;
            }
        }
        for (int i = Math.max(0, company); i < limit && i < lines.size(); i++) {
            ReceiptLine line = lines.get(i);
            if (!couldBeStoreName(line)) {
                continue;
            }
            String text = line.text().replaceAll("\\s{2,}", " ").strip();
            if (text.length() > 40) {
                continue;
            }
            Matcher split = Pattern.compile("^(.+?)\\s(\\S+(店|支店|営業所))$").matcher(text);
            if (split.matches()) {
                name = split.group(1);
                branch = split.group(2);
                confidence.put("store.branch", round(line.confidence() * 0.9));
            } else {
                name = text;
            }
            nameLine = i;
            confidence.put("store.name", round(line.confidence() * (line.letters() >= 3 ? 0.95 : 0.7)));
            break;
        }
        if (name != null && branch == null) {
            for (int i = nameLine + 1; i < Math.min(nameLine + 3, lines.size()); i++) {
                ReceiptLine line = lines.get(i);
                String c = line.compact();
                if (c.length() <= 16 && c.matches(".*(店|支店|営業所|精算機|号機|号店|館|センター)$") && !isAddress(line)) {
                    branch = line.text().strip();
                    confidence.put("store.branch", round(line.confidence() * 0.9));
                    break;
                }
            }
        }
        String phone = phone();
        String registration = registration();
        return new Store(name, branch, phone, registration);
    }

    private boolean couldBeStoreName(ReceiptLine line) {
        if (line.letters() < 2 || line.confidence() < 0.45) {
            return false;
        }
        if (isCompanyName(line)) {
            return true;
        }
        if (isAddress(line) || PHONE.matcher(line.compact()).find() || line.has("〒")) {
            return false;
        }
        if (line.has(
                        "領収",
                        "レシート",
                        "いらっしゃいませ",
                        "ありがとう",
                        "毎度",
                        "ようこそ",
                        "営業時間",
                        "お買上",
                        "お買い上げ",
                        "登録番号",
                        "日付",
                        "品名",
                        "金額",
                        "TEL",
                        "電話")
                || line.hasUpper(
                        "RECEIPT", "INVOICE", "TAX", "WELCOME", "TEL", "GST NO", "GST REG", "CO.NO", "CO NO")) {
            return false;
        }
        if (line.text().matches(".*\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}.*")) {
            return false;
        }
        if (!japanese) {
            // abroad, shop names are set in capitals; a lower-case line is a handwritten note or a
            // slogan, and kana in an English receipt are the jpn model's misreadings of a logo
            long upper = line.compact().chars().filter(Character::isUpperCase).count();
            long lower = line.compact().chars().filter(Character::isLowerCase).count();
            if (lower > upper || line.japaneseLetters() * 2 > line.letters()) {
                return false;
            }
        }
        // mostly digits and symbols: a misread logo or a code, not a name
        return line.letters() * 2 >= line.compact().length();
    }

    /** A line naming a company by its legal form (Sdn Bhd, Enterprise …): the shop's name where logos fail. */
    private static boolean isCompanyName(ReceiptLine line) {
        return line.letters() >= 4
                && line.hasUpper(
                        "SDNBHD",
                        "SDN.BHD",
                        "S/B",
                        "ENTERPRISE",
                        "TRADING",
                        "(M)BHD",
                        "BHD.",
                        "PLT",
                        "RESTORAN",
                        "RESTAURANT",
                        "HARDWARE",
                        "MART",
                        "STORE",
                        "SHOP")
                && !line.hasUpper("TEL", "GST", "NO.", "JALAN", "JLN");
    }

    private static boolean isAddress(ReceiptLine line) {
        String c = line.compact();
        return c.matches(".*(都|道|府|県).{1,6}(市|区|町|村|郡).*")
                || c.matches(".*(市|区|町|村).*\\d+[-ー丁]\\d*.*")
                || c.matches(".*\\d{3}-\\d{4}.*")
                || line.hasUpper(
                        "JALAN",
                        "JLN",
                        "TAMAN",
                        "NO.",
                        "SELANGOR",
                        "KUALALUMPUR",
                        "JOHOR",
                        "DARUL",
                        "KAWASAN",
                        "PERINDUSTRIAN",
                        "PERENDUSTRIAN",
                        "BANDAR",
                        "MALAYSIA")
                || line.compact().matches(".*(?<!\\d)\\d{5}(?!\\d).*[A-Za-z]{3,}.*");
    }

    @Nullable
    private String phone() {
        String found = null;
        double best = 0;
        for (ReceiptLine line : lines) {
            String text = line.text().replaceAll("(?<=\\d)\\s(?=\\d)", "");
            if (line.hasUpper("TEL", "電話")) {
                // Japanese numbers start with 0; a labelled number read with a leading 9 or 8 lost its 0
                text = text.replaceAll("(?<=TEL|TEL:|TEL |電話|電話:|電話 )[98](?=\\d{1,4}-\\d{1,4}-\\d{3,4})", "0");
            }
            Matcher m = PHONE.matcher(text);
            while (m.find()) {
                String digits = m.group().replaceAll("\\D", "");
                if (digits.length() < 10 || digits.length() > 11) {
                    continue;
                }
                boolean labelled = line.hasUpper("TEL", "電話", "PHONE", "☎", "FAX") && !line.hasUpper("FAX:");
                double score = (labelled ? 0.95 : 0.7) * line.confidence();
                if (line.has("登録番号") || text.matches(".*[T]\\d{13}.*")) {
                    continue;
                }
                if (score > best) {
                    best = score;
                    found = m.group(4) != null ? digits : m.group(1) + "-" + m.group(2) + "-" + m.group(3);
                    phoneLine = line.index();
                }
            }
        }
        if (found != null) {
            confidence.put("store.phone", round(best));
        }
        return found;
    }

    @Nullable
    private String registration() {
        for (ReceiptLine line : lines) {
            if (line.text().matches(".*(19|20)\\d{2}[-/.年]\\d{1,2}[-/.月]\\d{1,2}.*")) {
                // a date and time with their separators removed can look like 13 digits
                continue;
            }
            String c = line.compact().replaceAll("(?<=\\d)[-ー](?=\\d)", "");
            boolean labelled = line.has("登録番号", "登録No", "事業者番号", "インボイス");
            Matcher lost = REGISTRATION_T_AS_DIGIT.matcher(c);
            if (lost.find() && !REGISTRATION.matcher(c).find()) {
                double c0 = (labelled ? 0.8 : 0.5) * line.confidence();
                if (checkDigitMatches(lost.group(2))) {
                    c0 = Math.min(0.99, c0 + 0.05);
                }
                confidence.put("store.registrationNumber", round(c0));
                registrationLine = line.index();
                return "T" + lost.group(2);
            }
            Matcher m = REGISTRATION.matcher(c);
            while (m.find()) {
                String mark = m.group(1);
                boolean t = mark != null && (mark.equals("T") || mark.equals("Ｔ"));
                if (!labelled && mark == null) {
                    continue;
                }
                String digits = m.group(2);
                double c0 = (t ? 0.95 : labelled ? 0.8 : 0.5) * line.confidence();
                if (checkDigitMatches(digits)) {
                    c0 = Math.min(0.99, c0 + 0.05);
                }
                confidence.put("store.registrationNumber", round(c0));
                registrationLine = line.index();
                return "T" + digits;
            }
        }
        return null;
    }

    /**
     * Corporate numbers (法人番号) carry a check digit in front; registration numbers of companies are T
     * plus the corporate number. A match raises confidence; individuals' numbers need not match.
     */
    static boolean checkDigitMatches(String thirteen) {
        int sum = 0;
        for (int n = 1; n <= 12; n++) {
            int digit = thirteen.charAt(13 - n) - '0';
            sum += digit * (n % 2 == 1 ? 1 : 2);
        }
        return 9 - (sum % 9) == thirteen.charAt(0) - '0';
    }

    @Nullable
    String receiptNumber() {
        for (ReceiptLine line : lines) {
            if (line.has("登録番号", "電話番号", "会員番号", "カード番号", "承認番号", "伝票枚数") || line.hasUpper("TEL", "GST", "REG")) {
                continue;
            }
            Matcher m = RECEIPT_NUMBER.matcher(line.text().replace(" ", ""));
            if (m.find()) {
                double strength = m.group(1) != null ? 0.9 : 0.6;
                confidence.put("receiptNumber", round(strength * line.confidence()));
                return m.group(3);
            }
        }
        return null;
    }

    private static double round(double v) {
        return ParseContext.round(v);
    }
}
