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
        // the 21.02 line is the total before rounding, no contradiction; the items sum to 21.02, which the
        // adjustment rounds as it rounds the total line: two sums
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_TWO_SUMS);
    }

    @Test
    void aMisreadOrLostRoundingAdjustmentRoundsToTheNearestFiveSen() {
        // 0.00 read as 0.09, "-0" for -0.01, nothing readable: the register rounds to 5 sen
        assertThat(TotalVote.rounded(new BigDecimal("5.00"), new BigDecimal("0.09")))
                .isEqualByComparingTo("5.00");
        assertThat(TotalVote.rounded(new BigDecimal("60.31"), null)).isEqualByComparingTo("60.30");
        assertThat(TotalVote.rounded(new BigDecimal("12.48"), null)).isEqualByComparingTo("12.50");
        // an adjustment of zero leaves the amount as it is (paid by card: not rounded)
        assertThat(TotalVote.rounded(new BigDecimal("17.76"), new BigDecimal("0.00")))
                .isEqualByComparingTo("17.76");
    }

    @Test
    void aTotalPrintedUnderTheRoundingLineIsTheRoundedOneAndTheTotalWithTaxAboveItIsRounded() {
        ReceiptReading r = read("""
                KEDAI MAKAN SELERA SDN BHD
                Date: 02-11-2017 13:05:10
                1 NASI LEMAK AYAM            9.90 SR
                1 TEH TARIK                  2.50 SR
                Total (Excluding GST):      12.40
                GST payable (6%):            0.74
                Total (Inclusive of GST):   13.14
                Rounding Adj:                0.01
                TOTAL:                      13.15
                CASH                        20.00
                CHANGE                       6.85
                """);
        assertThat(r.total()).isEqualByComparingTo("13.15");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_TWO_SUMS);
    }

    @Test
    void theAmountBeforeTaxPlusATaxThatFitsItIsASum() {
        ReceiptReading r = read("""
                SYARIKAT BUKU CERIA
                Date: 15/01/2018
                Total Sales (Excluding GST):  42.50
                Discount:                      0.00
                Total GST:                     2.55
                Total Sales (Inclusive of GST): 45.05
                """);
        assertThat(r.total()).isEqualByComparingTo("45.05");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_ONE_SUM);
        // a tax that is no 6 % (nor any rate) of the amount before tax is no sum
        assertThat(SalesTaxRules.fitsAdded(
                        new BigDecimal("2.55"), new BigDecimal("42.50"), List.of(new BigDecimal("6"))))
                .isTrue();
        assertThat(SalesTaxRules.fitsAdded(
                        new BigDecimal("2.65"), new BigDecimal("42.50"), List.of(new BigDecimal("6"))))
                .isFalse();
    }

    @Test
    void aServiceChargeAndTheTaxOnItAreAddedToTheSubtotal() {
        // 180.00 + 18.00 service + 6 % of 198.00 (11.88) = 209.88, rounded 209.90; the subtotal alone is no total
        ReceiptReading r = read("""
                RESTORAN TEPI SUNGAI
                DATE: 12/03/2018 21:40
                1 FRIED RICE SPECIAL         95.00
                1 STEAMED FISH               85.00
                SUB TOTAL                   180.00
                SERVICE CHARGE 10%           18.00
                GST 6%                       11.88
                ROUNDING ADJ                  0.02
                TOTAL                       209.90
                """);
        assertThat(r.total()).isEqualByComparingTo("209.90");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_TWO_SUMS);
    }

    @Test
    void theTaxSummaryRowsMakeTheTotalAndItsTotalRowIsNoTotalLine() {
        ReceiptReading r = read("""
                KEDAI ALAT TULIS MAJU
                Date: 20/12/2017
                Total Qty: 3
                GST/TAX 6%          RM 3.14
                TOTAL               RM 55.54
                GST Summary   Amount (RM)   Tax (RM)
                SR @ 6%          52.40        3.14
                ZR @ 0%           0.00        0.00
                Total            52.40        3.14
                """);
        assertThat(r.total()).isEqualByComparingTo("55.54");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_ONE_SUM);
        assertThat(SalesTaxRules.rates("SR  6.00  26.00  1.56")).containsExactly(new BigDecimal("6.00"));
    }

    @Test
    void aTaxThatFitsTheSubtotalNeitherIncludedNorAddedLeavesTheSubtotalWeak() {
        // 2.40 is no rate's tax on 40.00, included or added: the subtotal may be the amount before tax
        ReceiptReading r = read("""
                KEDAI RUNCIT MAJU SDN BHD
                Date: 12/03/2018
                MILO 1KG                  22.00
                ROTI GARDENIA             18.00
                SUBTOTAL                  40.00
                GST 6%                     2.45
                """);
        assertThat(r.total()).isEqualByComparingTo("40.00");
        assertThat(r.confidence()).containsEntry("total", TotalVote.NOTHING);
        // with the tax included in the prices (6/106 of 40.00 is 2.26) the subtotal is the total
        ReceiptReading included = read("""
                KEDAI RUNCIT MAJU SDN BHD
                Date: 12/03/2018
                MILO 1KG                  22.00
                ROTI GARDENIA             18.00
                SUBTOTAL                  40.00
                GST 6% (included)          2.26
                """);
        assertThat(included.total()).isEqualByComparingTo("40.00");
        assertThat(included.confidence()).containsEntry("total", TotalVote.TWO_SUMS);
    }

    @Test
    void amountsAbroadWithASpaceAfterTheDecimalPointOrARuleAfterThem() {
        ReceiptReading r = read("""
                RESTORAN MAKAN ENAK
                Date: 14/4/2018 19:12:05
                Steamed Egg (S)        RM 10. 00
                Fried Rice             RM 12. 50
                Sub Total              RM 22. 50
                Total After Rounding   RM 22.50 |
                """);
        assertThat(r.total()).isEqualByComparingTo("22.50");
        assertThat(r.subtotal()).isEqualByComparingTo("22.50");
        assertThat(r.items())
                .extracting(ReceiptReading.Item::amount)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("10.00"), new BigDecimal("12.50"));
    }

    @Test
    void aTotalWordMisreadByOneLetterStillLabelsTheTotalAbroad() {
        ReceiptReading r = read("""
                KEDAI BUKU CERIA
                Date: 15/01/2018
                Tatal Sales (Inclusive of GST):  27.45
                CASH                             30.00
                Change                            2.55
                """);
        assertThat(r.total()).isEqualByComparingTo("27.45");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_ONE_SUM);
        assertThat(MoneyRules.misreadTotal(ReceiptLine.of(0, "TOTA |  RM 12.35", 0.9, 0)))
                .isTrue();
        assertThat(MoneyRules.misreadTotal(ReceiptLine.of(0, "Total Qty: 4  18.20", 0.9, 0)))
                .isFalse();
        assertThat(MoneyRules.misreadTotal(ReceiptLine.of(0, "TOMATO SAUCE  4.20", 0.9, 0)))
                .isFalse();
    }

    @Test
    void abroadAnItemsNameAboveItsAmountsAndAHeadingWithoutAmountUnderTheDate() {
        // "TAX INVOICE" under the date does not end the items; the names sit above "price qty amount" lines
        ReceiptReading r = read("""
                KEDAI KOPI SETIA
                21 Apr 2018 12:15
                TAX INVOICE
                Invoice # : OR1804210031
                Item         Qty      Total
                Nasi Goreng Kampung
                $6.50        1        $6.50
                Teh O Ais
                $1.70        1        $1.70
                Total Amount:         $8.20
                Nett Total:           $8.20
                """);
        assertThat(r.items()).extracting(ReceiptReading.Item::name).containsExactly("Nasi Goreng Kampung", "Teh O Ais");
        assertThat(r.total()).isEqualByComparingTo("8.20");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_ONE_SUM);
    }

    @Test
    void itemAmountsAbroadHaveCentsAndATotalAfterTheAdjustmentIsATotal() {
        // "CASHIER CH204511" and a product code are no items; "Total After Adj Incl GST" is the last total
        ReceiptReading r = read("""
                KEDAI SERBANEKA JAYA
                Date: 19/02/2018 16:45
                Cashier : CH204511
                BATTERY AA 2PCS           5.90
                SR: GARDEN HOSE 3M  7723
                Sub-total                 5.90
                Total Sales Incl GST      5.92
                Total After Adj Incl GST  5.90
                """);
        assertThat(r.items()).hasSize(1);
        assertThat(r.total()).isEqualByComparingTo("5.90");
        assertThat(LineKind.of(ReceiptLine.of(0, "Total After Adj Incl GST  5.90", 0.9, 0)))
                .isEqualTo(LineKind.TOTAL);
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

    @Test
    void abroadTheSubtotalWithNothingAfterItAndCashWithNoChangeRepeatTheTotalAndAreNoSums() {
        // the total's figure printed three times: a digit misread on one line is often misread alike on the others
        ReceiptReading r = read("""
                KEDAI BUKU PELANGI
                Date: 03/04/2018
                SUB TOTAL                  9.90
                TOTAL                      9.90
                CASH                       9.90
                CHANGE                     0.00
                """);
        assertThat(r.total()).isEqualByComparingTo("9.90");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_REPEATED);
        // change given back makes tendered less change a sum of other digits
        ReceiptReading paid = read("""
                KEDAI BUKU PELANGI
                Date: 03/04/2018
                SUB TOTAL                  9.90
                TOTAL                      9.90
                CASH                      20.00
                CHANGE                    10.10
                """);
        assertThat(paid.confidence()).containsEntry("total", TotalVote.LABEL_AND_ONE_SUM);
        // two total lines that agree are the figure printed twice too; one alone is weaker
        ReceiptReading twice = read("""
                KEDAI BUKU PELANGI
                Date: 03/04/2018
                TOTAL                      9.90
                NETT TOTAL                 9.90
                """);
        assertThat(twice.confidence()).containsEntry("total", TotalVote.LABEL_REPEATED);
    }

    @Test
    void cashAbroadThatIsNoMultipleOfFiveSenConfirmsNothingAndContradictsNothing() {
        // 50.08 tendered: no sum of notes and coins where cash is rounded to 5 sen, so a digit was misread
        ReceiptReading odd = read("""
                KEDAI RUNCIT SENTOSA
                Date: 07/05/2018
                TOTAL                     23.48
                CASH                      50.08
                CHANGE                    26.60
                """);
        assertThat(odd.total()).isEqualByComparingTo("23.48");
        assertThat(odd.confidence()).containsEntry("total", TotalVote.LABEL_ALONE);
        // change of 7.79 (7.70 misread) does not contradict the total line either
        ReceiptReading change = read("""
                KEDAI RUNCIT SENTOSA
                Date: 07/05/2018
                TOTAL                     12.30
                CASH                      20.00
                CHANGE                     7.79
                """);
        assertThat(change.total()).isEqualByComparingTo("12.30");
        assertThat(change.confidence()).containsEntry("total", TotalVote.LABEL_ALONE);
        // and cash without cents abroad is no amount tendered ("CASH 380" for "$3.80")
        ReceiptReading whole = read("""
                KEDAI RUNCIT SENTOSA
                Date: 07/05/2018
                TOTAL                      3.80
                CASH                        380
                CHANGE                     0.00
                """);
        assertThat(whole.tendered()).isNull();
        assertThat(whole.confidence()).containsEntry("total", TotalVote.LABEL_ALONE);
    }

    @Test
    void aFigureWithItsFirstDigitLostOrOnePutBeforeItIsNoContradictionAbroad() {
        // "$7.40" read as 57.40 on the cash line: the same figure damaged, not another total
        TotalVote.Outcome o = TotalVote.decide(List.of(
                new Candidate(new BigDecimal("7.40"), Source.LABEL, 0.9, 3),
                new Candidate(new BigDecimal("7.40"), Source.FINAL_LABEL, 0.9, 5),
                new Candidate(new BigDecimal("57.40"), Source.EXACT_TENDERED, 0.9)));
        assertThat(o.value()).isEqualByComparingTo("7.40");
        assertThat(o.contradicted()).isFalse();
        assertThat(o.score()).isEqualTo(TotalVote.LABEL_REPEATED);
        assertThat(TotalVote.leadingDigitMisread(new BigDecimal("37.10"), new BigDecimal("7.10")))
                .isTrue();
        assertThat(TotalVote.leadingDigitMisread(new BigDecimal("48.00"), new BigDecimal("18.00")))
                .isFalse();
    }

    @Test
    void aTaxSumWhoseTaxFitsContradictsTotalLinesThatDisagree() {
        // both total lines misread alike (42.40 as 48.40); the summary's 40.00 + 2.40 at 6 % says otherwise
        ReceiptReading r = read("""
                KEDAI ELEKTRIK CAHAYA
                Date: 21/06/2018
                Total Sales Incl GST        48.40
                Total After Adj Incl GST    48.40
                GST Summary   Amount   Tax
                SR @ 6%        40.00   2.40
                """);
        assertThat(r.total()).isEqualByComparingTo("48.40");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_REPEATED - TotalVote.CONTRADICTED);
    }

    @Test
    void aTaxSummaryWithoutTaxOnlyRepeatsTheAmount() {
        // zero-rated rows: amount plus no tax is the amount printed again, with no rate to check it
        ReceiptReading r = read("""
                PASAR MINI HARAPAN
                Date: 02/07/2018
                TOTAL                      15.60
                GST Summary   Amount   Tax
                ZR @ 0%        15.60   0.00
                """);
        assertThat(r.total()).isEqualByComparingTo("15.60");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_REPEATED);
    }

    @Test
    void aTaxWhoseAmountLostItsPointLeavesTheSubtotalWeak() {
        // "GST 6%  078": a tax is added to or included in the subtotal, and which cannot be told
        ReceiptReading r = read("""
                RESTORAN SELERA KAMPUNG
                Date: 14/08/2018
                NASI LEMAK AYAM            8.50
                TEH TARIK                  4.50
                SUB TOTAL                 13.00
                GST 6%                      078
                """);
        assertThat(r.total()).isEqualByComparingTo("13.00");
        assertThat(r.confidence()).containsEntry("total", TotalVote.NOTHING);
    }

    @Test
    void aTotalAfterRoundingWithItsFirstLetterMisreadIsStillATotalLine() {
        // "Iotal After Rounding": TOTAL misread by a letter; "after rounding" is the rounded total, no adjustment
        ReceiptReading r = read("""
                KEDAI ALAT TULIS MAJU
                Date: 11/02/2017
                Rounding Adjustment        0.00
                Iotal After Rounding      42.15
                Cash                      50.00
                CHANGE                     7.85
                """);
        assertThat(r.total()).isEqualByComparingTo("42.15");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_ONE_SUM);
        assertThat(MoneyRules.misreadTotal(ReceiptLine.of(0, "Iotal After Rounding  42.15", 0.9, 0)))
                .isTrue();
        assertThat(MoneyRules.misreadTotal(ReceiptLine.of(0, "Tatal Rounding Adj  0.02", 0.9, 0)))
                .isFalse();
    }

    @Test
    void abroadADashBeforeTheTotalAndAColonOrAStrayKanaAfterItAreNoPartOfTheAmount() {
        // a total is never negative: "- 36.50" is a dash between the words and the amount
        ReceiptReading r = read("""
                KEDAI CETAK PANTAS
                Date: 09/03/2018
                Total Amt Payable  -      36.50 デ
                Paid Amount               50.00
                Change :                  13.50
                """);
        assertThat(r.total()).isEqualByComparingTo("36.50");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_ONE_SUM);
        assertThat(ReceiptLine.of(0, "Grand Total :  12.80 :", 0.9, 0)
                        .trailingAmount(true)
                        .value())
                .isEqualByComparingTo("12.80");
    }

    @Test
    void aRoundingLineWithASmudgeReadBeforeItsWordsStillRoundsTheSums() {
        // 23.50 + 6 % GST 1.41 = 24.91, rounded by -0.01 to 24.90 as the total line says
        ReceiptReading r = read("""
                KEDAI PERABOT SETIA
                Date: 18/05/2017
                Sub Total (Exclusive GST) :  23.50
                GST 6% :                      1.41
                ee Rounding Adj. :           -0.01
                Rounded Total (RM) :         24.90
                """);
        assertThat(r.total()).isEqualByComparingTo("24.90");
        assertThat(r.confidence()).containsEntry("total", TotalVote.LABEL_AND_ONE_SUM);
    }
}
