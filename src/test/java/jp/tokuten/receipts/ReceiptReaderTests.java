package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import jp.tokuten.ocr.OcrLine;
import jp.tokuten.ocr.OcrText;
import jp.tokuten.receipts.ReceiptReading.Item;
import jp.tokuten.receipts.ReceiptReading.Store;
import org.junit.jupiter.api.Test;

/** How the reader combines its two readings of a receipt, and when it takes a receipt for Latin script. */
class ReceiptReaderTests {

    static ReceiptReading reading(String at, String phone, String registration, long total, Map<String, Double> c) {
        return new ReceiptReading(
                new Store("店", null, phone, registration),
                at,
                null,
                List.of(new Item("炭酸水レモン", 1, null, BigDecimal.valueOf(total), null, true, 0.9)),
                List.of(),
                null,
                List.of(),
                BigDecimal.valueOf(total),
                null,
                null,
                null,
                "JPY",
                c);
    }

    static ReceiptReading read(String text) {
        return ReceiptReader.parse(List.of(OcrText.of(text)));
    }

    @Test
    void takesEachUnsureFieldFromTheSurerSecondReading() {
        ReceiptReading first = read("さくらマート\n2O26/O6/11\nパン  200\nお茶  150\nan  350\n");
        ReceiptReading second = read("さくらマー卜\n2026/06/11 10:00\nパン  200\nお茶  150\n合計  350\nお預り 500\nお釣り 150\n");

        ReceiptReading merged = ReceiptReader.merge(first, second);

        assertThat(merged.purchasedAt()).isEqualTo("2026-06-11T10:00:00");
        assertThat(merged.total()).isEqualByComparingTo("350");
        assertThat(merged.confidence().get("total"))
                .isEqualTo(second.confidence().get("total"));
        assertThat(merged.store().name()).isEqualTo(first.store().name());
    }

    @Test
    void keepsTheFirstReadingWhereItIsSurer() {
        ReceiptReading first = read("さくらマート\n2026/06/11 10:00\nパン  200\n合計  200\nお預り 500\nお釣り 300\n");
        ReceiptReading second = read("~~\n|||\n");

        assertThat(ReceiptReader.merge(first, second)).isEqualTo(first);
    }

    @Test
    void takesEachFieldFromTheSurerReadingAndTheItemsFromTheFirst() {
        ReceiptReading first = reading(
                "2026-06-11T13:11:04",
                "05-5519-8093",
                "T5331742204153",
                4319,
                Map.of("purchasedAt", 0.5, "store.phone", 0.45, "store.registrationNumber", 0.9, "total", 0.98));
        ReceiptReading second = new ReceiptReading(
                new Store("店", null, "05-5519-8993", "T5331742204150"),
                "2026-06-11T14:11:04",
                null,
                List.of(new Item("RHOxry", 1, null, BigDecimal.valueOf(4319), null, false, 0.7)),
                List.of(),
                null,
                List.of(),
                BigDecimal.valueOf(4519),
                null,
                null,
                null,
                "JPY",
                Map.of("purchasedAt", 0.9, "store.phone", 0.9, "store.registrationNumber", 0.4, "total", 0.6));

        ReceiptReading merged = ReceiptReader.merge(first, second);

        assertThat(merged.purchasedAt()).isEqualTo("2026-06-11T14:11:04");
        assertThat(merged.store().phone()).isEqualTo("05-5519-8993");
        assertThat(merged.store().registrationNumber()).isEqualTo("T5331742204153");
        assertThat(merged.total()).isEqualTo(BigDecimal.valueOf(4319));
        assertThat(merged.items()).extracting(Item::name).containsExactly("炭酸水レモン");
        assertThat(merged.confidence())
                .containsEntry("purchasedAt", 0.9)
                .containsEntry("store.phone", 0.9)
                .containsEntry("store.registrationNumber", 0.9);
    }

    @Test
    void takesAReceiptWithHardlyAnyKanaForLatinScript() {
        OcrText english = OcrText.of("""
                TAN WOON YANN
                BOOK TA .K (TAMAN DAYA) SDN BHD
                NO.4 JALAN PERJIRANAN 10
                TOTAL INCLUSIVE GST  9.00
                CASH  10.00
                """);
        OcrText japanese = OcrText.of("""
                あおばフレッシュマート
                TEL 096-123-4567 LOYALTY CARD MEMBER POINTS
                お預り  2,000
                お釣り  760
                """);
        assertThat(ReceiptReader.latinScript(List.of(english))).isTrue();
        assertThat(ReceiptReader.latinScript(List.of(japanese))).isFalse();
        assertThat(ReceiptReader.latinScript(List.of(new OcrText(List.of(OcrLine.of("TOTAL 9.00", 0.9))))))
                .as("too little text to tell")
                .isFalse();
    }

    @Test
    void takesOnlyTheMoneyFromAWholeSecondReadingThatIsSurerOfTheTotal() {
        // the first reading lost the 合計 word and misread the figures; the second read the summary right
        // but its date and item names worse
        ReceiptReading first = read("あおばフレッシュマート\n2026/06/11 12:21\nパン  150\nサラダ  280\nat  3.630\nお預り  4、QOO\n");
        ReceiptReading second =
                read("あおばフレッシュマー卜\n2026/06/12 12:21\nバン  150\nザラダ  280\nett  3,620\nお預り  4,000\nお釣り  380\n");
        assertThat(first.confidence().get("total")).isLessThan(0.6);

        ReceiptReading merged = ReceiptReader.moneyFrom(second, first);

        assertThat(merged.total()).isEqualByComparingTo("3620");
        assertThat(merged.tendered()).isEqualByComparingTo("4000");
        assertThat(merged.change()).isEqualByComparingTo("380");
        assertThat(merged.confidence().get("total"))
                .isEqualTo(second.confidence().get("total"));
        assertThat(merged.purchasedAt()).isEqualTo(first.purchasedAt());
        assertThat(merged.items()).isEqualTo(first.items());
        assertThat(merged.store()).isEqualTo(first.store());
        // and a second reading no surer of the total changes nothing
        assertThat(ReceiptReader.moneyFrom(first, merged)).isEqualTo(merged);
    }
}
