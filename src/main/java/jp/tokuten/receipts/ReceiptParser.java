package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tokuten.ocr.OcrLine;
import jp.tokuten.ocr.OcrText;
import jp.tokuten.receipts.ReceiptLine.Amount;
import jp.tokuten.receipts.ReceiptReading.Discount;
import jp.tokuten.receipts.ReceiptReading.Item;
import jp.tokuten.receipts.ReceiptReading.Store;
import jp.tokuten.receipts.ReceiptReading.Tax;
import org.jspecify.annotations.Nullable;

/**
 * Reads the OCR text of a receipt into a {@link ReceiptReading}. Pure Java, no engine: it is tested on
 * text. The total is decided by the receipt's own arithmetic as well as by its 合計 line: items sum to
 * the subtotal, the taxable amounts by rate sum to the total, tendered minus change is the total.
 */
final class ReceiptParser {

    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\d-])(0\\d{1,4})\\s?[-(]?\\s?(\\d{1,4})\\s?[-)]\\s?(\\d{3,4})(?![\\d-])|(?<!\\d)(0\\d{9,10})(?!\\d)");
    private static final Pattern REGISTRATION = Pattern.compile("(?<![0-9A-Z])([TＴ丁干]|1|I|l|7)?-?(\\d{13})(?!\\d)");
    /** T read as 1 or 7 right after other letters: "WMT 15331742204153" (a 14-digit run). */
    private static final Pattern REGISTRATION_T_AS_DIGIT = Pattern.compile("(?<!\\d)([17])(\\d{13})(?!\\d)");

    private static final Pattern RECEIPT_NUMBER =
            Pattern.compile("(レシート|伝票|取引|会計|領収|精算|取扱|レジ)?(番号|No\\.?|NO\\.?|№|#)[.:]?\\s?([0-9][0-9-]{2,}[0-9])");
    private static final Pattern QUANTITY_LINE = Pattern.compile(
            "^(?<qty>\\S{0,3}?)\\s?(点|個|コ|本|枚|袋|m|n)?\\s?[xX×*]\\s?@?\\s?[¥\\\\]?(?<unit>\\d[\\d,]*)(円)?(\\s?[※*軽])?$");
    /** The same line badly read: "i@ « 240", "2m x 750", "74 z 169" (点 as @ or m, x as « or z). */
    private static final Pattern MISREAD_QUANTITY_LINE = Pattern.compile(
            "^(?<qty>[0-9iIl|]{1,2})\\s?[^\\d\\s]{0,2}\\s?[«»xX×*zZ]\\s?[^\\d\\s]?(?<unit>\\d[\\d,]*)$");
    /**
     * An item whose amount is partly read as letters: "アイスカフェラテ M  S60" (5 as S), "胃腸薬  8O0". The
     * amount is recovered from the receipt's arithmetic when it is the only one missing.
     */
    private static final Pattern DAMAGED_ITEM =
            Pattern.compile("^(?<name>.*[^\\s\\d])\\s{2,}(?<token>[0-9SsOoDQBIl|Zz.,]{2,8})(?:\\s?(?<mark>[※*軽]))?$");

    private static final Pattern AT_LINE = Pattern.compile(
            "^@\\s?[¥\\\\]?(?<unit>\\d[\\d,]*)\\s?[xX×*]?\\s?(?<qty>\\d{1,3})\\s?(点|個|コ)?$|^(?<qty2>\\d{1,3})\\s?(点|個|コ)\\s?@?\\s?[¥\\\\]?(?<unit2>\\d[\\d,]*)$");
    private static final Pattern UNIT_PRICE_LINE = Pattern.compile("^単価\\s?[¥\\\\@]?(?<unit>\\d[\\d,]*)");
    private static final Pattern QUANTITY_PREFIX = Pattern.compile("^(?<qty>\\d{1,2})\\s?(点|個|コ)\\s?(?<rest>.+)$");
    private static final Pattern INLINE_QUANTITY = Pattern.compile(
            "\\s(?:@\\s?[¥\\\\]?(?<unit>\\d[\\d,]*)\\s?[xX×*]?\\s?(?<qty>\\d{1,3})\\s?(?:点|個|コ)?|(?<qty2>\\d{1,3})\\s?(?:点|個|コ)|[xX×*]\\s?(?<qty3>\\d{1,3}))\\s*$");
    private static final Pattern RATE =
            Pattern.compile("(?<![\\d.])(10|8)\\s?(?:%|96|9%|0/0|パーセント)|(?<![\\d.])(10|8)9?(?=対象|税率)");

    private final List<ReceiptLine> lines;
    private final List<OcrLine> sources;
    private final java.util.SortedSet<Integer> figureLines = new java.util.TreeSet<>();
    private final java.util.SortedSet<Integer> itemLines = new java.util.TreeSet<>();
    private final boolean japanese;
    private final boolean decimals;
    private final Map<String, Double> confidence = new LinkedHashMap<>();
    private @Nullable Integer lastTaxRate;
    private int phoneLine = -1;
    private int registrationLine = -1;

    private ReceiptParser(List<ReceiptLine> lines, List<OcrLine> sources) {
        this.lines = lines;
        this.sources = sources;
        long jp = lines.stream().filter(l -> l.japaneseLetters() >= 2).count();
        boolean yenWords = lines.stream().anyMatch(l -> l.has("円", "¥", "合計", "小計", "お預", "お釣", "対象", "税込", "領収"));
        long cents = lines.stream()
                .filter(l -> l.text().matches(".*\\d\\.\\d{2}\\s*[A-Z]?$"))
                .count();
        // Tesseract's jpn model sprinkles a few kana into English receipts: amounts with cents decide
        this.japanese = yenWords || (jp * 5 >= lines.size() * 2 && cents < 2);
        this.decimals = !japanese && cents >= 2;
    }

    /**
     * A reading and the OCR lines its figures outside the item list came from (date and time, phone,
     * registration number, subtotal, total, tendered, change), or the lines where they were looked for
     * in vain: the lines worth a second opinion.
     */
    record Parsed(ReceiptReading reading, List<OcrLine> figureLines, List<OcrLine> itemLines) {}

    /** Reads the pages of one receipt, top to bottom, overlapping lines between photos dropped. */
    static ReceiptReading parse(List<OcrText> pages) {
        return parseWithSources(pages).reading();
    }

    static Parsed parseWithSources(List<OcrText> pages) {
        List<ReceiptLine> lines = new ArrayList<>();
        List<OcrLine> sources = new ArrayList<>();
        List<OcrLine> merged = PageJoin.join(pages);
        for (OcrLine l : merged) {
            ReceiptLine line = ReceiptLine.of(lines.size(), l.text(), l.confidence(), l.height());
            if (!line.compact().isEmpty()) {
                lines.add(new ReceiptLine(
                        lines.size(), line.raw(), line.text(), line.compact(), line.confidence(), line.height()));
                sources.add(l);
            }
        }
        ReceiptParser parser = new ReceiptParser(lines, sources);
        ReceiptReading reading = parser.read();
        return new Parsed(
                reading,
                parser.figureLines.stream().map(sources::get).toList(),
                parser.itemLines.stream().map(sources::get).toList());
    }

    private ReceiptReading read() {
        ReceiptDates.Found date = ReceiptDates.date(lines, !japanese);
        String purchasedAt = null;
        if (date != null) {
            LocalTime time = ReceiptDates.time(lines, date);
            purchasedAt = time == null
                    ? date.date().toString()
                    : date.date().atTime(time).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            double c = lineConfidence(date.lineIndex()) * date.strength();
            confidence.put("purchasedAt", round(time == null ? c * 0.9 : c));
        }

        // a date printed at the foot (common abroad) says nothing about where the items start
        boolean dateAtTop = date != null && date.lineIndex() < Math.max(8, lines.size() / 2);
        Summary summary = summary(dateAtTop ? date.lineIndex() : -1);
        List<Item> items = summary.items;
        Store store = store(dateAtTop ? date.lineIndex() : Math.min(lines.size(), 8));
        String receiptNumber = receiptNumber();
        List<Tax> taxes = summary.taxes;
        BigDecimal total = total(summary);
        recoverDamagedItem(summary, total);
        figures(date, summary, store);
        String payment = payment(summary);
        String currency = currency();
        return new ReceiptReading(
                store,
                purchasedAt,
                receiptNumber,
                items,
                summary.discounts,
                summary.subtotal,
                taxes,
                total,
                summary.tendered,
                summary.change,
                payment,
                currency,
                confidence);
    }

    /**
     * The lines a second reading should look at again: where the date, phone, registration number and the
     * money after the items were found, and where they were looked for when they were not.
     */
    private void figures(ReceiptDates.@Nullable Found date, Summary summary, Store store) {
        int headerEnd = Math.min(lines.size(), summary.itemsStart > 0 ? summary.itemsStart : 8);
        if (date != null) {
            figureLines.add(date.lineIndex());
            if (date.lineIndex() + 1 < lines.size() && digitCount(lines.get(date.lineIndex() + 1)) >= 3) {
                figureLines.add(date.lineIndex() + 1);
            }
        }
        for (int i = 0; i < headerEnd; i++) {
            ReceiptLine line = lines.get(i);
            int d = digitCount(line);
            boolean look = (date == null && d >= 4)
                    || (store.phone() == null && d >= 8)
                    || (store.registrationNumber() == null && d >= 10);
            if (look) {
                figureLines.add(i);
            }
        }
        if (phoneLine >= 0) {
            figureLines.add(phoneLine);
        }
        if (registrationLine >= 0) {
            figureLines.add(registrationLine);
        }
        // the money after the items: subtotal, total, tendered, change; all amounts there when 合計 is lost
        for (int i : new int[] {summary.subtotalLine, summary.totalLine, summary.tenderedLine, summary.changeLine}) {
            if (i >= 0) {
                figureLines.add(i);
            }
        }
        if (summary.totalLine < 0) {
            int from = summary.itemsEnd >= 0 ? summary.itemsEnd + 1 : headerEnd;
            for (int i = from, n = 0; i < lines.size() && n < 6; i++) {
                if (lines.get(i).trailingAmount(decimals) != null) {
                    figureLines.add(i);
                    n++;
                }
            }
        }
    }

    private static int digitCount(ReceiptLine line) {
        return (int) line.compact().chars().filter(c -> c >= '0' && c <= '9').count();
    }

    // ---- store -------------------------------------------------------------------------------

    private Store store(int headerEnd) {
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
    private String receiptNumber() {
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

    // ---- items and the summary ---------------------------------------------------------------

    /** What the lines between the header and the end of the receipt say about money. */
    private static final class Summary {
        final List<Item> items = new ArrayList<>();
        final List<Discount> discounts = new ArrayList<>();
        final List<Tax> taxes = new ArrayList<>();
        final List<Candidate> totals = new ArrayList<>();
        final List<Amount> unlabelled = new ArrayList<>();
        /** Item lines whose amount could not be read, in order. */
        final List<Damaged> damaged = new ArrayList<>();

        @Nullable
        BigDecimal subtotal;

        @Nullable
        BigDecimal tendered;

        @Nullable
        BigDecimal change;

        @Nullable
        BigDecimal externalTax;

        /** What the receipt takes off after its items (coupons after the subtotal). */
        BigDecimal receiptDiscounts() {
            return discounts.stream().map(Discount::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        /** Tax added on top of the prices (外税), or zero. */
        BigDecimal addedTax() {
            return externalTax == null ? BigDecimal.ZERO : externalTax;
        }

        int subtotalLine = -1;
        int totalLine = -1;
        int itemsStart = -1;
        int itemsEnd = -1;
        int tenderedLine = -1;
        int changeLine = -1;
    }

    private record Candidate(BigDecimal value, double weight, String source, double lineConfidence) {}

    /** An item line with a name and an amount read partly as letters; {@code position} is its index among the items. */
    private record Damaged(int position, int line, String name, String token, boolean reduced, double confidence) {}

    private Summary summary(int dateLine) {
        Summary s = new Summary();
        int start = Math.max(0, dateLine + 1);
        for (int i = start; i < Math.min(lines.size(), start + 4); i++) {
            if (lines.get(i).has("品名", "金額", "数量") || lines.get(i).hasUpper("QTY", "DESCRIPTION", "ITEM")) {
                start = i + 1;
            }
        }
        if (dateLine < 0) {
            start = Math.min(lines.size(), 2);
        }
        s.itemsStart = start;
        boolean inItems = true;
        TreeMap<Integer, Tax> taxes = new TreeMap<>();
        boolean external = lines.stream().anyMatch(l -> l.has("外税", "外消費税", "(外)"));
        int medianHeight = medianHeight();
        for (int i = start; i < lines.size(); i++) {
            ReceiptLine line = lines.get(i);
            Amount amount = line.trailingAmount(decimals);
            Kind kind = kind(line);
            if (kind != Kind.OTHER && kind != Kind.DISCOUNT && kind != Kind.IGNORED) {
                inItems = false;
            }
            switch (kind) {
                case SUBTOTAL -> {
                    if (amount != null && s.subtotal == null && amount.value().signum() > 0) {
                        s.subtotal = amount.value();
                        s.subtotalLine = i;
                        confidence.put("subtotal", round(line.confidence() * 0.95));
                    }
                }
                case TOTAL -> {
                    if (amount != null && amount.value().signum() > 0) {
                        double weight = line.hasUpper("ROUND", "GRAND", "NETT", "NET TOTAL", "INCL") ? 3.3 : 3;
                        s.totals.add(new Candidate(amount.value(), weight, "label", line.confidence()));
                        for (BigDecimal alternative : misreadAlternatives(amount)) {
                            s.totals.add(new Candidate(alternative, 0.9, "label-variant", line.confidence()));
                        }
                        if (s.totalLine < 0) {
                            s.totalLine = i;
                        }
                    }
                }
                case TENDERED -> {
                    if (amount != null && s.tendered == null && amount.value().signum() > 0) {
                        s.tendered = amount.value();
                        s.tenderedLine = i;
                    }
                }
                case CHANGE -> {
                    if (amount != null && s.change == null && amount.value().signum() >= 0) {
                        s.change = amount.value();
                        s.changeLine = i;
                        if (s.tendered == null && i > 0) {
                            // お預り misread: on receipts the amount tendered is printed right above the change
                            Amount above = lines.get(i - 1).trailingAmount(decimals);
                            if (above != null && above.value().compareTo(amount.value()) > 0) {
                                s.tendered = above.value();
                            }
                        }
                    }
                }
                case TAX -> tax(line, amount, taxes, external);
                case DISCOUNT -> {
                    if (amount != null) {
                        BigDecimal off = amount.value().abs();
                        if (inItems && !s.items.isEmpty()) {
                            Item last = s.items.removeLast();
                            BigDecimal before = last.discount() == null ? BigDecimal.ZERO : last.discount();
                            s.items.add(new Item(
                                    last.name(),
                                    last.quantity(),
                                    last.unitPrice(),
                                    last.amount(),
                                    before.add(off),
                                    last.reducedTax(),
                                    last.confidence()));
                        } else {
                            s.discounts.add(new Discount(label(amount.label()), off));
                        }
                    }
                }
                case IGNORED -> {}
                case OTHER -> {
                    if (inItems
                            && amount != null
                            && s.subtotal == null
                            && s.items.size() >= 2
                            && amount.value().compareTo(itemSum(s.items)) == 0) {
                        // the 小計 word is lost but the line adds up the items above: it is the subtotal
                        s.subtotal = amount.value();
                        s.subtotalLine = i;
                        confidence.put("subtotal", round(line.confidence() * 0.8));
                        inItems = false;
                    } else if (inItems) {
                        int before = s.items.size();
                        if (!s.damaged.isEmpty() && s.damaged.getLast().line() == i - 1 && quantityLine(line)) {
                            // the quantity line of an item whose amount was lost is not the item above's
                            continue;
                        }
                        Matcher damaged = amount == null || amount.label().matches(".*\\s[SsOoDQBIl|Zz]$")
                                ? DAMAGED_ITEM.matcher(line.text().strip())
                                : null;
                        if (damaged != null
                                && damaged.matches()
                                && damaged.group("token").matches(".*\\d.*")
                                && damaged.group("token").matches(".*[SsOoDQBIl|Zz].*")
                                && !quantityLine(line)) {
                            s.damaged.add(new Damaged(
                                    s.items.size(),
                                    i,
                                    KanaCorrection.correct(label(damaged.group("name"))),
                                    damaged.group("token"),
                                    damaged.group("mark") != null,
                                    line.confidence()));
                            s.itemsEnd = i;
                            continue;
                        }
                        item(line, amount, s.items);
                        s.itemsEnd = i;
                        if (s.items.size() > before) {
                            itemLines.add(i);
                        }
                    } else if (amount != null && amount.value().signum() > 0) {
                        s.unlabelled.add(amount);
                        if (medianHeight > 0 && line.height() > medianHeight * 1.5) {
                            s.totals.add(new Candidate(amount.value(), 1.0, "large-print", line.confidence()));
                        }
                    }
                }
            }
        }
        s.taxes.addAll(taxes.values());
        if (external) {
            BigDecimal sum = BigDecimal.ZERO;
            boolean any = false;
            for (Tax t : s.taxes) {
                if (!t.included() && t.amount() != null) {
                    sum = sum.add(t.amount());
                    any = true;
                }
            }
            s.externalTax = any ? sum : null;
        }
        if (!s.items.isEmpty()) {
            double mean =
                    s.items.stream().mapToDouble(Item::confidence).average().orElse(0);
            confidence.put("items", round(mean));
        }
        if (!s.taxes.isEmpty()) {
            confidence.put("taxes", 0.8);
        }
        return s;
    }

    private static boolean quantityLine(ReceiptLine line) {
        String t = line.text().strip();
        return QUANTITY_LINE.matcher(t).matches()
                || AT_LINE.matcher(t).matches()
                || MISREAD_QUANTITY_LINE.matcher(t).matches()
                || UNIT_PRICE_LINE.matcher(line.compact()).find();
    }

    /**
     * The one item whose amount was read partly as letters gets the amount the receipt's arithmetic leaves
     * for it (subtotal, or total, less the other items), when that amount fits the characters that were
     * read: "S60" fits 560 or 860, not 1,560.
     */
    private void recoverDamagedItem(Summary s, @Nullable BigDecimal total) {
        if (s.damaged.size() != 1) {
            return;
        }
        Damaged d = s.damaged.getFirst();
        BigDecimal receiptDiscounts = s.receiptDiscounts();
        BigDecimal external = s.addedTax();
        List<BigDecimal> targets = new ArrayList<>();
        if (s.subtotal != null) {
            targets.add(s.subtotal);
        }
        if (total != null) {
            targets.add(total.add(receiptDiscounts).subtract(external));
        }
        BigDecimal others = itemSum(s.items);
        for (BigDecimal target : targets) {
            BigDecimal missing = target.subtract(others);
            if (missing.signum() > 0 && missing.scale() <= 0 && fits(d.token(), missing.toPlainString())) {
                s.items.add(
                        d.position(),
                        new Item(d.name(), 1, null, missing, null, d.reduced(), round(d.confidence() * 0.7)));
                itemLines.add(d.line());
                if (s.subtotal != null && itemSum(s.items).compareTo(s.subtotal) == 0) {
                    confidence.computeIfPresent("subtotal", (k, v) -> round(Math.max(v, 0.97)));
                }
                confidence.put(
                        "items",
                        round(s.items.stream()
                                .mapToDouble(Item::confidence)
                                .average()
                                .orElse(0)));
                return;
            }
        }
    }

    /** Whether digits could have been read as these characters, letter for digit (S for 5 or 8, O for 0 …). */
    static boolean fits(String token, String digits) {
        String t = token.replaceAll("[.,]", "");
        if (t.length() != digits.length()) {
            return false;
        }
        for (int k = 0; k < t.length(); k++) {
            char c = t.charAt(k);
            char want = digits.charAt(k);
            String could = switch (c) {
                case 'S', 's' -> "58";
                case 'O', 'o', 'D', 'Q' -> "0";
                case 'B' -> "8";
                case 'I', 'l', '|' -> "1";
                case 'Z', 'z' -> "2";
                default -> String.valueOf(c);
            };
            if (could.indexOf(want) < 0) {
                return false;
            }
        }
        return true;
    }

    private static BigDecimal itemSum(List<Item> items) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Item item : items) {
            sum = sum.add(item.amount());
            if (item.discount() != null) {
                sum = sum.subtract(item.discount());
            }
        }
        return sum;
    }

    private int medianHeight() {
        int[] heights = lines.stream()
                .mapToInt(ReceiptLine::height)
                .filter(h -> h > 0)
                .sorted()
                .toArray();
        return heights.length == 0 ? 0 : heights[heights.length / 2];
    }

    /** ¥ is often read as a leading 4 or 7: "¥1,450" comes out as "41,450". */
    private static List<BigDecimal> misreadAlternatives(Amount amount) {
        String digits = amount.value().toPlainString();
        List<BigDecimal> out = new ArrayList<>();
        if (!amount.marked() && digits.length() >= 3 && (digits.startsWith("4") || digits.startsWith("7"))) {
            out.add(new BigDecimal(digits.substring(1)));
        }
        return out;
    }

    private enum Kind {
        SUBTOTAL,
        TOTAL,
        TENDERED,
        CHANGE,
        TAX,
        DISCOUNT,
        IGNORED,
        OTHER
    }

    private Kind kind(ReceiptLine line) {
        String upper = line.compact().toUpperCase(java.util.Locale.ROOT);
        if (line.has("小計") || upper.contains("SUBTOTAL") || upper.contains("SUB-TOTAL")) {
            return Kind.SUBTOTAL;
        }
        if (line.has("お釣", "おつり", "釣銭", "釣り", "つり銭") || upper.startsWith("CHANGE")) {
            return Kind.CHANGE;
        }
        if (line.has("お預", "預り", "預かり", "現計") || upper.startsWith("CASH") || upper.startsWith("TENDER")) {
            return Kind.TENDERED;
        }
        if (line.has("対象", "内税", "外税", "消費税", "税額", "税率", "内税額")
                || (line.has("税") && RATE.matcher(line.compact()).find())
                || upper.matches("^(GST|SST|TAX|SERVICE ?TAX|TOTALGST|TOTALTAX).*")) {
            return Kind.TAX;
        }
        if (line.has("合計点数", "点数", "買上点数") || line.compact().matches(".*合計\\d+点.*")) {
            return Kind.IGNORED;
        }
        if (line.has("合計", "お会計", "お買上計", "お買上げ計", "ご請求", "お支払金額", "お支払額", "総計")
                || upper.matches("^(GRAND|NETT?|ROUNDED|TOTAL|AMOUNTDUE|AMOUNTPAYABLE|TOTALPAYABLE).*")
                        && !upper.matches(".*(QTY|QUANTITY|ITEM|DISCOUNT|SAVING|EXCL|ROUNDINGADJ|ADJ).*")
                        && (!upper.matches(".*(GST|TAX).*") || upper.matches(".*INCL.*"))) {
            return Kind.TOTAL;
        }
        if (line.has("値引", "割引", "値下", "クーポン", "引き") || upper.contains("DISCOUNT") || upper.contains("OFF")) {
            return Kind.DISCOUNT;
        }
        if (line.has(
                        "支払", "ポイント", "登録番号", "領収", "TEL", "電話", "クレジット", "カード", "お客様", "担当", "責任者", "レジNo", "レジ番",
                        "レジ#", "電子マネー", "残高", "承認", "取引", "会員", "日付", "品名", "軽減税率", "印は", "※は")
                || upper.matches("^(ROUNDING|CHANGE|CASH|VISA|MASTER|CARD|GST|QTY|TOTALQTY|ITEM).*")) {
            return Kind.IGNORED;
        }
        return Kind.OTHER;
    }

    private void tax(ReceiptLine line, @Nullable Amount amount, TreeMap<Integer, Tax> taxes, boolean external) {
        if (amount == null) {
            return;
        }
        Integer rate = null;
        Matcher m = RATE.matcher(line.compact());
        if (m.find()) {
            rate = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
        } else if (line.has("軽減")) {
            rate = 8;
        } else if (line.has("標準")) {
            rate = 10;
        }
        if (rate == null && line.has("消費税", "税額", "内税", "外税") && lastTaxRate != null) {
            // "(内消費税等 ¥71)" under "(8%対象 ¥960)" belongs to that rate
            rate = lastTaxRate;
        }
        if (rate == null) {
            return;
        }
        lastTaxRate = rate;
        boolean included = !external && !line.has("外税", "外消費税");
        Tax existing = taxes.getOrDefault(rate, new Tax(rate, null, null, included));
        BigDecimal value = amount.value().abs();
        String compact = line.compact();
        boolean base = line.has("対象");
        boolean taxWord = compact.replace("税率", "").matches(".*(税|TAX).*");
        if (base && taxWord) {
            // "10%対象 ¥2,404 (内消費税 ¥218)": the amount at the end is the tax, the first one the base
            Matcher first = Pattern.compile("対象[^\\d]*([\\d,.]+)").matcher(line.text());
            BigDecimal b = first.find() ? ReceiptLine.parseNumber(first.group(1), decimals) : null;
            if (b != null && b.compareTo(value) != 0) {
                taxes.put(rate, new Tax(rate, b, value, existing.included()));
            } else {
                taxes.put(rate, new Tax(rate, value, existing.amount(), existing.included()));
            }
        } else if (base) {
            taxes.put(rate, new Tax(rate, value, existing.amount(), existing.included()));
        } else {
            taxes.put(rate, new Tax(rate, existing.base(), value, included && existing.included()));
        }
    }

    private void item(ReceiptLine line, @Nullable Amount amount, List<Item> items) {
        String compact = line.compact();
        // a quantity × unit price line under its item: "3点 x 280", "2個 @140", "@140 x 2", "単価 200"
        Integer qty = null;
        BigDecimal unit = null;
        Matcher q = QUANTITY_LINE.matcher(line.text().strip());
        Matcher at = AT_LINE.matcher(line.text().strip());
        Matcher up = UNIT_PRICE_LINE.matcher(compact);
        Matcher misread = MISREAD_QUANTITY_LINE.matcher(line.text().strip());
        if (q.matches()) {
            qty = digits(q.group("qty"));
            unit = ReceiptLine.parseNumber(q.group("unit").replace(",", ""), decimals);
        } else if (at.matches()) {
            qty = digits(at.group("qty") != null ? at.group("qty") : at.group("qty2"));
            String u = at.group("unit") != null ? at.group("unit") : at.group("unit2");
            unit = ReceiptLine.parseNumber(u.replace(",", ""), decimals);
        } else if (up.find()) {
            unit = ReceiptLine.parseNumber(up.group("unit").replace(",", ""), decimals);
        } else if (misread.matches() && !items.isEmpty()) {
            qty = digits(misread.group("qty"));
            unit = ReceiptLine.parseNumber(misread.group("unit").replace(",", ""), decimals);
            Item last = items.getLast();
            if (unit == null
                    || unit.signum() <= 0
                    || last.amount().remainder(unit).signum() != 0) {
                // the unit price itself is misread: the line still is no item of its own
                return;
            }
        }
        if (unit != null && !items.isEmpty()) {
            Item last = items.getLast();
            if (last.unitPrice() == null) {
                int quantity = qty != null ? qty : last.quantity();
                if (unit.signum() > 0 && last.amount().remainder(unit).signum() == 0) {
                    int derived = last.amount().divide(unit).intValue();
                    if (qty == null
                            || unit.multiply(BigDecimal.valueOf(quantity)).compareTo(last.amount()) != 0) {
                        quantity = derived;
                    }
                }
                items.removeLast();
                items.add(new Item(
                        last.name(),
                        quantity,
                        unit,
                        last.amount(),
                        last.discount(),
                        last.reducedTax() || compact.matches(".*[※*軽]$"),
                        last.confidence()));
            }
            return;
        }
        if (amount == null || amount.value().signum() <= 0) {
            return;
        }
        String name = amount.label();
        boolean reduced = amount.tail().matches("[※*軽☆★]|\\(?軽\\)?");
        Matcher mark = Pattern.compile("^[※*☆★]\\s?|\\s?[※*☆★軽]$").matcher(name);
        if (mark.find()) {
            reduced = true;
            name = mark.replaceAll("");
        }
        int quantity = 1;
        BigDecimal unitPrice = null;
        Matcher prefix = QUANTITY_PREFIX.matcher(name);
        if (prefix.matches() && prefix.group("rest").codePoints().anyMatch(Character::isLetter)) {
            quantity = Integer.parseInt(prefix.group("qty"));
            name = prefix.group("rest");
        }
        Matcher inline = INLINE_QUANTITY.matcher(" " + name);
        if (inline.find()) {
            String qs = inline.group("qty") != null
                    ? inline.group("qty")
                    : inline.group("qty2") != null ? inline.group("qty2") : inline.group("qty3");
            quantity = Integer.parseInt(qs);
            if (inline.group("unit") != null) {
                unitPrice = ReceiptLine.parseNumber(inline.group("unit").replace(",", ""), decimals);
            }
            name = (" " + name).substring(0, inline.start()).strip();
        }
        name = label(name);
        if (name.codePoints().filter(Character::isLetter).count() < 1) {
            return;
        }
        name = KanaCorrection.correct(name);
        if (unitPrice == null
                && quantity > 1
                && amount.value().remainder(BigDecimal.valueOf(quantity)).signum() == 0) {
            unitPrice = amount.value().divide(BigDecimal.valueOf(quantity));
        }
        double c = line.confidence() * (name.length() >= 2 ? 0.95 : 0.6);
        items.add(new Item(name, quantity, unitPrice, amount.value(), null, reduced, round(c)));
    }

    @Nullable
    private static Integer digits(@Nullable String s) {
        if (s == null) {
            return null;
        }
        String d = s.replaceAll("\\D", "");
        if (d.isEmpty() || d.length() > 3) {
            return null;
        }
        int n = Integer.parseInt(d);
        return n == 0 ? null : n;
    }

    private static String label(String text) {
        return text.replaceAll("\\s{2,}", " ").replaceAll("[.:・\\s]+$", "").strip();
    }

    // ---- total ------------------------------------------------------------------------------

    /**
     * Votes between the 合計 line and what the arithmetic of the receipt says. A misread total line
     * loses to two sums that agree; a lost total line is recovered from them.
     */
    @Nullable
    private BigDecimal total(Summary s) {
        List<Candidate> candidates = new ArrayList<>(s.totals);
        BigDecimal receiptDiscounts = s.receiptDiscounts();
        BigDecimal external = s.addedTax();
        if (s.tendered != null && s.change != null && s.tendered.compareTo(s.change) > 0) {
            candidates.add(new Candidate(s.tendered.subtract(s.change), 2, "tendered-change", 0.9));
        }
        if (s.totalLine < 0 && s.tendered != null) {
            // the 合計 word is lost: the total is printed right above お預り (a separator line may sit between)
            for (int i = s.tenderedLine - 1; i >= Math.max(0, s.tenderedLine - 2); i--) {
                ReceiptLine line = lines.get(i);
                Amount a = line.trailingAmount(decimals);
                if (a != null
                        && kind(line) == Kind.OTHER
                        && a.value().signum() > 0
                        && a.value().compareTo(s.tendered) <= 0) {
                    candidates.add(new Candidate(a.value(), 2, "above-tendered", line.confidence()));
                    break;
                }
            }
        }
        if (s.subtotal != null) {
            candidates.add(new Candidate(s.subtotal.subtract(receiptDiscounts).add(external), 2, "subtotal", 0.9));
        }
        if (!s.items.isEmpty()) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Item item : s.items) {
                sum = sum.add(item.amount());
                if (item.discount() != null) {
                    sum = sum.subtract(item.discount());
                }
            }
            candidates.add(new Candidate(sum.subtract(receiptDiscounts).add(external), 1.5, "items", 0.9));
            if (s.subtotal != null && sum.compareTo(s.subtotal) == 0) {
                confidence.computeIfPresent("subtotal", (k, v) -> round(Math.max(v, 0.97)));
                confidence.computeIfPresent("items", (k, v) -> round(Math.max(v, 0.95)));
            }
        }
        boolean allIncluded = !s.taxes.isEmpty() && s.taxes.stream().allMatch(Tax::included);
        if (allIncluded && s.taxes.stream().allMatch(t -> t.base() != null)) {
            BigDecimal bases = s.taxes.stream().map(Tax::base).reduce(BigDecimal.ZERO, BigDecimal::add);
            candidates.add(new Candidate(bases, 1.5, "tax-bases", 0.9));
        }
        if (candidates.isEmpty()) {
            return null;
        }
        Map<BigDecimal, Double> votes = new LinkedHashMap<>();
        Map<BigDecimal, Integer> sources = new LinkedHashMap<>();
        boolean anyLabel = false;
        for (Candidate c : candidates) {
            double w = c.weight() * (0.5 + 0.5 * c.lineConfidence());
            votes.merge(c.value(), w, Double::sum);
            sources.merge(c.value(), 1, Integer::sum);
            anyLabel |= c.source().equals("label") || c.source().equals("above-tendered");
        }
        // an unlabelled amount in the summary (a 合計 line whose word was lost) supports an equal sum
        for (Amount a : s.unlabelled) {
            if (votes.containsKey(a.value())) {
                votes.merge(a.value(), 1.0, Double::sum);
                sources.merge(a.value(), 1, Integer::sum);
            }
        }
        BigDecimal best = null;
        double bestVote = -1;
        for (var e : votes.entrySet()) {
            if (e.getValue() > bestVote) {
                best = e.getKey();
                bestVote = e.getValue();
            }
        }
        int agreeing = sources.get(best);
        BigDecimal chosen = best;
        // the line above お預り counts as the 合計 line when that word was lost
        boolean labelled = candidates.stream()
                .anyMatch(c -> (c.source().equals("label") || c.source().equals("above-tendered"))
                        && c.value().compareTo(chosen) == 0);
        double c;
        if (labelled && agreeing >= 2) {
            c = 0.98;
        } else if (labelled) {
            c = anyLabel && candidates.size() == 1 ? 0.75 : 0.6;
        } else if (agreeing >= 3) {
            c = 0.9;
        } else if (agreeing == 2) {
            c = 0.8;
        } else {
            c = 0.4;
        }
        confidence.put("total", c);
        return best;
    }

    // ---- payment and currency ---------------------------------------------------------------

    private static final String[][] PAYMENTS = {
        {"PayPay", "PAYPAY"},
        {"楽天ペイ", "楽天ペイ"},
        {"d払い", "D払い"},
        {"au PAY", "AUPAY"},
        {"メルペイ", "メルペイ"},
        {"LINE Pay", "LINEPAY"},
        {"QRコード決済", "QR"},
        {"交通系電子マネー", "SUICA"},
        {"交通系電子マネー", "PASMO"},
        {"交通系電子マネー", "ICOCA"},
        {"交通系電子マネー", "交通系"},
        {"電子マネー", "WAON"},
        {"電子マネー", "NANACO"},
        {"電子マネー", "EDY"},
        {"電子マネー", "QUICPAY"},
        {"電子マネー", "電子マネー"},
        {"デビットカード", "デビット"},
        {"クレジットカード", "クレジット"},
        {"クレジットカード", "VISA"},
        {"クレジットカード", "MASTER"},
        {"クレジットカード", "JCB"},
        {"クレジットカード", "AMEX"},
        {"クレジットカード", "CREDIT"},
        {"クレジットカード", "カード"},
        {"現金", "現金"},
        {"現金", "CASH"}
    };

    @Nullable
    private String payment(Summary s) {
        int from = Math.max(0, Math.max(s.totalLine, s.subtotalLine));
        for (int pass = 0; pass < 2; pass++) {
            for (int i = pass == 0 ? from : 0; i < lines.size(); i++) {
                ReceiptLine line = lines.get(i);
                String upper = line.compact().toUpperCase(java.util.Locale.ROOT);
                for (String[] p : PAYMENTS) {
                    if (upper.contains(p[1])) {
                        confidence.put("payment", round(line.confidence() * (line.has("支払") ? 0.95 : 0.8)));
                        return p[0];
                    }
                }
            }
        }
        if (s.tendered != null && s.change != null) {
            confidence.put("payment", 0.7);
            return "現金";
        }
        return null;
    }

    @Nullable
    private String currency() {
        if (japanese) {
            confidence.put("currency", 0.99);
            return "JPY";
        }
        for (ReceiptLine line : lines) {
            if (line.text().matches(".*\\bRM\\s?\\d.*|.*\\(RM\\).*|.*\\bRM\\b.*|.*MYR.*")) {
                confidence.put("currency", 0.9);
                return "MYR";
            }
            if (line.text().matches(".*(US\\$|USD).*")) {
                confidence.put("currency", 0.9);
                return "USD";
            }
        }
        if (decimals) {
            confidence.put("currency", 0.3);
            return null;
        }
        confidence.put("currency", 0.6);
        return "JPY";
    }

    private double lineConfidence(int index) {
        return index >= 0 && index < lines.size() ? lines.get(index).confidence() : 0.5;
    }

    private static double round(double v) {
        return Math.round(Math.max(0, Math.min(1, v)) * 100) / 100.0;
    }
}
