package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.tokuten.ocr.OcrText;
import org.junit.jupiter.api.Test;

class ReceiptReaderTests {

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
}
