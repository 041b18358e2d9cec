package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tokuten.ocr.OcrLine;
import jp.tokuten.ocr.OcrText;
import jp.tokuten.receipts.ReceiptReading.Store;
import org.jspecify.annotations.Nullable;

/**
 * Reads the OCR text of a receipt into a {@link ReceiptReading}. Pure Java, no engine: it is tested on
 * text. The rules are per field, each in its own unit: the store ({@link StoreRules}), the date and time
 * ({@link ReceiptDates}), the items and the money after them ({@link MoneyRules}, {@link ItemRules},
 * {@link TaxRules}, by the kind of each line, {@link LineKind}), the total ({@link TotalVote}: the 合計 line
 * and the receipt's own arithmetic vote), the payment ({@link PaymentRules}). Confidences are evidence
 * scores; {@link Calibration} turns them into probabilities.
 */
final class ReceiptParser {

    /** Lines ending in an amount with cents that make a receipt one printed abroad, whatever words it has. */
    private static final int CENTS_ABROAD = 3;

    private final List<ReceiptLine> lines;
    private final java.util.SortedSet<Integer> figureLines = new java.util.TreeSet<>();
    private final boolean japanese;
    private final boolean decimals;
    private final Map<String, Double> confidence = new LinkedHashMap<>();
    private final StoreRules storeRules;
    private final MoneyRules moneyRules;
    private final PaymentRules paymentRules;
    private final ParseContext context;

    private ReceiptParser(List<ReceiptLine> lines) {
        this.lines = lines;
        long jp = lines.stream().filter(l -> l.japaneseLetters() >= 2).count();
        boolean yenWords = lines.stream().anyMatch(l -> l.has("円", "¥", "合計", "小計", "お預", "お釣", "対象", "税込", "領収"));
        long cents = lines.stream()
                .filter(l -> ReceiptLine.centsRepaired(l.text()).matches(".*\\d\\.\\d{2}\\s*(?:[A-Z]{1,2}|[|\"'。])?$"))
                .count();
        // Tesseract's jpn model sprinkles a few kana into English receipts, and reads a word of a logo as
        // 合計 or 円 now and then: amounts with cents decide (yen have none)
        this.japanese = (yenWords && cents < CENTS_ABROAD) || (jp * 5 >= lines.size() * 2 && cents < 2);
        this.decimals = !japanese && cents >= 2;
        this.context = new ParseContext(lines, japanese, decimals, confidence);
        this.storeRules = new StoreRules(context);
        this.moneyRules = new MoneyRules(context);
        this.paymentRules = new PaymentRules(context);
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
        ReceiptParser parser = new ReceiptParser(lines);
        ReceiptReading reading = parser.read();
        return new Parsed(
                reading,
                parser.figureLines.stream().map(sources::get).toList(),
                parser.moneyRules.itemLines().stream().map(sources::get).toList());
    }

    private ReceiptReading read() {
        ReceiptDates.Found date = ReceiptDates.date(lines, !japanese);
        String purchasedAt = null;
        if (date != null) {
            LocalTime time = ReceiptDates.time(lines, date);
            purchasedAt = time == null
                    ? date.date().toString()
                    : date.date().atTime(time).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            double c = context.lineConfidence(date.lineIndex()) * date.strength();
            confidence.put("purchasedAt", ParseContext.round(time == null ? c * 0.9 : c));
        }

        // a date printed at the foot (common abroad) says nothing about where the items start
        boolean dateAtTop = date != null && date.lineIndex() < Math.max(8, lines.size() / 2);
        ReceiptSummary summary = moneyRules.summary(dateAtTop ? date.lineIndex() : -1);
        Store store = storeRules.store(dateAtTop ? date.lineIndex() : Math.min(lines.size(), 8));
        String receiptNumber = storeRules.receiptNumber();
        TotalVote.Outcome vote = TotalVote.decide(TotalVote.candidates(summary, lines, decimals));
        BigDecimal total = vote == null ? null : vote.value();
        if (vote != null) {
            confidence.put("total", ParseContext.round(vote.score()));
        }
        if (TotalVote.itemsMakeSubtotal(summary.items, summary.subtotal)) {
            // two readings of different lines agree: the items and the subtotal are both right
            confidence.computeIfPresent("subtotal", (k, v) -> ParseContext.round(Math.max(v, 0.97)));
            confidence.computeIfPresent("items", (k, v) -> ParseContext.round(Math.max(v, 0.95)));
        }
        moneyRules.recoverDamagedItem(summary, total);
        figures(date, summary, store);
        String payment = paymentRules.payment(summary);
        String currency = paymentRules.currency();
        return new ReceiptReading(
                store,
                purchasedAt,
                receiptNumber,
                summary.items,
                summary.discounts,
                summary.subtotal,
                summary.taxes,
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
    private void figures(ReceiptDates.@Nullable Found date, ReceiptSummary summary, Store store) {
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
        if (storeRules.phoneLine() >= 0) {
            figureLines.add(storeRules.phoneLine());
        }
        if (storeRules.registrationLine() >= 0) {
            figureLines.add(storeRules.registrationLine());
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
}
