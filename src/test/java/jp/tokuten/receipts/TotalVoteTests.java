package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import jp.tokuten.ocr.OcrText;
import jp.tokuten.receipts.ReceiptReading.Tax;
import jp.tokuten.receipts.TotalVote.Candidate;
import jp.tokuten.receipts.TotalVote.Source;
import org.junit.jupiter.api.Test;

/** The vote on the total and the evidence score it gives, one test per source of evidence. */
class TotalVoteTests {

    private static ReceiptReading read(String text) {
        return ReceiptReader.parse(List.of(OcrText.of(text)));
    }

    private static final String HEADER = """
            あおばフレッシュマート
            TEL 096-123-4567
            2026年6月11日(木) 20:33
            """;

    @Test
    void aTotalLineConfirmedByTwoSumsIsTheStrongestEvidence() {
        ReceiptReading r = read(HEADER + """
                ※炭酸水レモン                        ¥120
                キッチンペーパー                      ¥280
                小計                                  ¥400
                合計                                  ¥400
                お預り                              ¥1,000
                お釣り                                ¥600
                """);
        assertThat(r.total()).isEqualByComparingTo("400");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_TWO_SUMS);
    }

    @Test
    void aTotalLineConfirmedByOneSum() {
        ReceiptReading r = read(HEADER + """
                合計                                  ¥400
                お預り                              ¥1,000
                お釣り                                ¥600
                """);
        assertThat(r.total()).isEqualByComparingTo("400");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_ONE_SUM);
    }

    @Test
    void aTotalLineAloneIsWeak() {
        ReceiptReading r = read(HEADER + """
                合計                                  ¥400
                """);
        assertThat(r.total()).isEqualByComparingTo("400");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_ALONE);
    }

    @Test
    void aLostTotalLineIsRecoveredFromSumsThatAgree() {
        ReceiptReading r = read(HEADER + """
                ※炭酸水レモン                        ¥120
                キッチンペーパー                      ¥280
                小計                                  ¥400
                """);
        assertThat(r.total()).isEqualByComparingTo("400");
        assertThat(r.confidence()).containsEntry("total", TotalVote.TWO_SUMS);
    }

    @Test
    void aContradictionLowersTheScoreByOneStep() {
        // tendered minus change says 140: a misread お釣り (860 for 660) or a misread 合計
        ReceiptReading r = read(HEADER + """
                ※炭酸水レモン                        ¥120
                キッチンペーパー                      ¥220
                小計                                  ¥340
                合計                                  ¥340
                お預り                              ¥1,000
                お釣り                                ¥860
                """);
        assertThat(r.total()).isEqualByComparingTo("340");
        assertThat(r.confidence())
                .containsEntry("total", ParseContext.round(TotalVote.LABEL_AND_TWO_SUMS - TotalVote.CONTRADICTED));
    }

    @Test
    void aMisreadTotalLineLosesToTwoSumsThatAgree() {
        TotalVote.Outcome o = TotalVote.decide(List.of(
                new Candidate(new BigDecimal("1840"), Source.LABEL, 0.9),
                new Candidate(new BigDecimal("1240"), Source.SUBTOTAL, 0.9),
                new Candidate(new BigDecimal("1240"), Source.ITEMS, 0.9)));
        assertThat(o.value()).isEqualByComparingTo("1240");
        assertThat(o.agreeing()).containsExactlyInAnyOrder(Source.SUBTOTAL, Source.ITEMS);
        assertThat(o.contradicted()).isTrue();
        assertThat(o.score()).isEqualTo(TotalVote.TWO_SUMS - TotalVote.CONTRADICTED);
    }

    @Test
    void weakSourcesSupportButAreNoEvidenceOnTheirOwn() {
        TotalVote.Outcome o = TotalVote.decide(List.of(
                new Candidate(new BigDecimal("980"), Source.LARGE_PRINT, 0.9),
                new Candidate(new BigDecimal("980"), Source.UNLABELLED, 1.0)));
        assertThat(o.value()).isEqualByComparingTo("980");
        assertThat(o.score()).isEqualTo(TotalVote.NOTHING);
        assertThat(TotalVote.decide(List.of())).isNull();
    }

    @Test
    void taxableAmountsCountAsASumOnlyWhenTheirTaxFits() {
        assertThat(TaxRules.fitsBase(new Tax(8, new BigDecimal("960"), new BigDecimal("71"), true)))
                .isTrue();
        assertThat(TaxRules.fitsBase(new Tax(10, new BigDecimal("280"), new BigDecimal("25"), true)))
                .isTrue();
        assertThat(TaxRules.fitsBase(new Tax(10, new BigDecimal("280"), new BigDecimal("26"), true)))
                .isTrue(); // rounded up: some registers do
        assertThat(TaxRules.fitsBase(new Tax(8, new BigDecimal("960"), new BigDecimal("77"), true)))
                .isFalse();
        assertThat(TaxRules.fitsBase(new Tax(8, new BigDecimal("960"), null, true)))
                .isFalse();
        ReceiptReading r = read(HEADER + """
                ※炭酸水レモン                        ¥120
                キッチンペーパー                      ¥280
                (8%対象                              ¥120)
                (内消費税等                            ¥8)
                (10%対象                             ¥280)
                (内消費税等                           ¥25)
                合計                                  ¥400
                """);
        assertThat(r.total()).isEqualByComparingTo("400");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_TWO_SUMS);
    }

    @Test
    void aRoundingAdjustmentAbroadMakesTheRoundedTotal() {
        ReceiptReading r = read("""
                KEDAI RUNCIT MAJU SDN BHD
                Date: 12/03/2018
                MILO 1KG                  17.45
                ROTI GARDENIA              3.57
                TOTAL                     21.02
                ROUNDING ADJ              -0.02
                CASH                      50.00
                CHANGE                    29.00
                """);
        assertThat(r.total()).isEqualByComparingTo("21.00");
        // the 21.02 line is the total before rounding, no contradiction; the items sum to 21.02, not 21.00
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_ONE_SUM);
    }

    @Test
    void aRoundingAdjustmentWhoseMinusWasLostStillRoundsToFiveSen() {
        assertThat(TotalVote.rounded(new BigDecimal("60.31"), new BigDecimal("0.01")))
                .isEqualByComparingTo("60.30");
        assertThat(TotalVote.rounded(new BigDecimal("60.33"), new BigDecimal("0.02")))
                .isEqualByComparingTo("60.35");
        assertThat(TotalVote.rounded(new BigDecimal("21.02"), new BigDecimal("-0.02")))
                .isEqualByComparingTo("21.00");
    }

    @Test
    void changeWhoseDotWasReadAsACommaStillConfirmsTheTotal() {
        ReceiptReading r = read("""
                KEDAI RUNCIT MAJU SDN BHD
                Date: 12/03/2018
                MILO 1KG                  17.45
                ROTI GARDENIA              9.15
                Total Incl GST            26.60
                Cash Tendered            100.00
                Change                    73,40
                """);
        assertThat(r.total()).isEqualByComparingTo("26.60");
        assertThat(r.change()).isEqualByComparingTo("73.40");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_TWO_SUMS);
    }

    @Test
    void amountsWithCentsMakeAReceiptForeignEvenWithAJapaneseWordMisreadInIt() {
        // the Japanese models read a logo as 合計 and 円: the cents still say ringgit, and 465.34 stays whole
        ReceiptReading r = read("""
                合計 円
                SYARIKAT MAJU HARDWARE
                Date: 12/03/2018
                PAINT 5L                 420.00
                BRUSH                     45.34
                TOTAL                    465.34
                CASH                     500.00
                CHANGE                    34.66
                """);
        assertThat(r.total()).isEqualByComparingTo("465.34");
        assertThat(r.currency()).isNotEqualTo("JPY");
    }

    @Test
    void aSpacedThousandsSeparatorIsJoinedAndTaxableAmountsThatFitContradict() {
        ReceiptReading r = read(HEADER + """
                小計                \\1 387
                (8%対象              \\786)
                (内消費税等            \\58)
                (10%対象              \\601)
                (内消費税等            \\54)
                合計 ¥1,387
                """);
        assertThat(r.subtotal()).isEqualByComparingTo("1387");
        assertThat(r.total()).isEqualByComparingTo("1387");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_TWO_SUMS);
        // the same with the subtotal and the total line both misread alike: the bases still speak
        TotalVote.Outcome o = TotalVote.decide(List.of(
                new Candidate(new BigDecimal("387"), Source.LABEL, 0.9),
                new Candidate(new BigDecimal("387"), Source.SUBTOTAL, 0.9),
                new Candidate(new BigDecimal("1387"), Source.TAX_BASES, 0.9)));
        assertThat(o.value()).isEqualByComparingTo("387");
        assertThat(o.contradicted()).isTrue();
        assertThat(o.score()).isLessThan(0.9);
    }

    @Test
    void taxAddedOnTopIsWhatItsBaseGivesWhenThePrintedTaxIsMisreadOrLost() {
        // "¥12" read as "半 12" (lost) and "¥0" as "¥6": the bases give 12 and 0, and the total line agrees
        ReceiptReading r = read(HEADER + """
                レジ袋 L                       \\5
                ※ 鮭おにぎり                 \\150
                小計                          \\155
                外税 8% 対象                 \\ 150
                外税 8%                       半 12
                外税 10% 対象                  \\5
                外税 10%                       \\6
                合計                          \\167
                """);
        assertThat(r.total()).isEqualByComparingTo("167");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_TWO_SUMS);
        assertThat(TaxRules.addedTax(new Tax(8, new BigDecimal("150"), new BigDecimal("12"), false)))
                .isEqualByComparingTo("12");
        assertThat(TaxRules.addedTax(new Tax(10, new BigDecimal("1475"), new BigDecimal("148"), false)))
                .isEqualByComparingTo("148"); // rounded up by this register: kept as printed
        assertThat(TaxRules.addedTax(new Tax(10, null, new BigDecimal("30"), false)))
                .isEqualByComparingTo("30");
    }
}
