package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import javax.imageio.ImageIO;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.ocr.TesseractAvailable;
import jp.tokuten.ocr.TestScans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Receipts as they arrive beside phone photos: scanned small on a whole A4 page, or printed abroad in Latin
 * script (decision 103). Real images made here, read by the real engine.
 */
class ReceiptScanTests {

    static final OcrEngine ENGINE = OcrEngine.tesseract();
    static final ReceiptReader READER = new ReceiptReader(ENGINE);

    /** An English till receipt, as Malaysian shops print them (GST, rounding, cash and change). */
    static final List<String> LATIN_RECEIPT = List.of(
            "     KEDAI RUNCIT MAJU JAYA",
            "  NO 12, JALAN BUNGA RAYA 3/4",
            "   81200 JOHOR BAHRU, JOHOR",
            "       TEL: 07-355 1234",
            "    GST ID: 001234567890",
            "",
            "          TAX INVOICE",
            "Invoice No : CS10045",
            "Date : 14/05/2018   Time : 10:21",
            "Cashier : AMINAH    Counter : 2",
            "--------------------------------",
            "ITEM                QTY   AMOUNT",
            "--------------------------------",
            "MILO ACTIV-GO 400G    1    12.90",
            "GARDENIA BREAD        2     5.60",
            "FRESH EGGS GRADE A    1     4.50",
            "MINERAL WATER 1.5L    3     5.70",
            "--------------------------------",
            "SUBTOTAL                   28.70",
            "GST 6%                      1.72",
            "ROUNDING ADJ               -0.02",
            "TOTAL                      30.40",
            "CASH                       50.00",
            "CHANGE                     19.60",
            "--------------------------------",
            "  GOODS SOLD ARE NOT RETURNABLE",
            "   THANK YOU, PLEASE COME AGAIN");

    @BeforeAll
    static void engineInstalled() {
        TesseractAvailable.require();
    }

    static BufferedImage fixture(String name) throws Exception {
        try (var in = ReceiptScanTests.class.getResourceAsStream("/receipts/" + name)) {
            return ImageIO.read(in);
        }
    }

    @Test
    void readsAReceiptScannedSmallOnAWholeA4Page() throws Exception {
        BufferedImage page = TestScans.onA4Page(fixture("gen_003.jpg"), 1, 1400, 900);

        ReceiptReading r = READER.read(List.of(page));

        // gen_003.json: the faded receipt, on a page about 35 times its area: scaled whole to 1,600 px wide it would be
        // about 260 px wide
        assertThat(r.total()).isEqualByComparingTo("1986");
        assertThat(r.purchasedAt()).startsWith("2026-10-03");
        assertThat(r.store().phone()).isEqualTo("07-7597-4451");
    }

    @Test
    void choosesTheLatinModelsForAReceiptPrintedInLatinScriptFromABandOfIt() {
        BufferedImage receipt = TestScans.printed(LATIN_RECEIPT);

        assertThat(READER.latinBand(ENGINE.prepare(receipt))).isTrue();

        ReceiptReading r = READER.read(List.of(receipt));
        assertThat(r.total()).isEqualByComparingTo("30.40");
        assertThat(r.purchasedAt()).startsWith("2018-05-14");
    }

    @Test
    void aLatinReceiptsTotalIsSureWhenItsTaxAndRoundingAddUp() {
        // read by the engine: items 28.70 = SUBTOTAL, GST 1.72 is 6 % of it (added), 30.42 rounds to 30.40,
        // CASH − CHANGE is 30.40: the total line and two sums (decision 160); before, the subtotal and the
        // items said 28.70 against the total line and the total stayed under 0.9
        ReceiptReading r = ReceiptReader.uncalibrated(ENGINE).read(List.of(TestScans.printed(LATIN_RECEIPT)));
        assertThat(r.total()).isEqualByComparingTo("30.40");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_TWO_SUMS);
        assertThat(READER.read(List.of(TestScans.printed(LATIN_RECEIPT)))
                        .confidence()
                        .get("total"))
                .isGreaterThanOrEqualTo(JudgedReceipt.SURE);
    }

    @Test
    void aLatinLookingBandIsOverruledOnlyByAReadingWithMoreJapaneseThanLatinLetters() {
        var noise = jp.tokuten.ocr.OcrText.of("eco sein snus sum は 人\nPee he SD Be EE は\n");
        var japanese = jp.tokuten.ocr.OcrText.of("ファミリーストア 梅田駅前店\nTEL 04-3733-0986\n合計 ¥699\n");

        assertThat(ReceiptReader.mostlyJapanese(List.of(noise))).isFalse();
        assertThat(ReceiptReader.mostlyJapanese(List.of(japanese))).isTrue();
    }

    @Test
    void keepsTheJapaneseModelsForJapaneseReceipts() throws Exception {
        for (String name : List.of("gen_001.jpg", "gen_003.jpg", "gen_005.jpg")) {
            assertThat(READER.latinBand(ENGINE.prepare(fixture(name)))).as(name).isFalse();
        }
    }
}
