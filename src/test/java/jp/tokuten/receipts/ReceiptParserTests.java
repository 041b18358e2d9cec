package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import jp.tokuten.ocr.OcrText;
import jp.tokuten.receipts.ReceiptReading.Item;
import jp.tokuten.receipts.ReceiptReading.Tax;
import org.junit.jupiter.api.Test;

/** The parser on OCR-like text, with the misreadings Tesseract really makes on receipts. */
class ReceiptParserTests {

    static ReceiptReading read(String text) {
        return ReceiptReader.parse(List.of(OcrText.of(text)));
    }

    static BigDecimal yen(long v) {
        return BigDecimal.valueOf(v);
    }

    @Test
    void readsATypicalSupermarketReceipt() {
        ReceiptReading r = read("""
                あおばフレッシュマート
                新市街店
                熊本県熊本市中央区新市街1-10-13
                TEL 096-123-4567
                2026年6月11日(木) 20:33
                レシートNo. 0123-456
                品名                                 金額
                ※炭酸水レモン                        ¥120
                ※卵焼き                              ¥840
                   3コ X @280
                キッチンペーパー                      ¥280
                小計                                ¥1,240
                (8%対象                              ¥960)
                (内消費税等                           ¥71)
                (10%対象                             ¥280)
                (内消費税等                           ¥25)
                合計                                ¥1,240
                お預り                              ¥2,000
                お釣り                                ¥760
                登録番号 T5331742204153
                """);
        assertThat(r.store().name()).isEqualTo("あおばフレッシュマート");
        assertThat(r.store().branch()).isEqualTo("新市街店");
        assertThat(r.store().phone()).isEqualTo("096-123-4567");
        assertThat(r.store().registrationNumber()).isEqualTo("T5331742204153");
        assertThat(r.purchasedAt()).isEqualTo("2026-06-11T20:33:00");
        assertThat(r.receiptNumber()).isEqualTo("0123-456");
        assertThat(r.items())
                .extracting(Item::name, Item::quantity, Item::unitPrice, Item::amount, Item::reducedTax)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("炭酸水レモン", 1, null, yen(120), true),
                        org.assertj.core.groups.Tuple.tuple("卵焼き", 3, yen(280), yen(840), true),
                        org.assertj.core.groups.Tuple.tuple("キッチンペーパー", 1, null, yen(280), false));
        assertThat(r.subtotal()).isEqualTo(yen(1240));
        assertThat(r.total()).isEqualTo(yen(1240));
        assertThat(r.tendered()).isEqualTo(yen(2000));
        assertThat(r.change()).isEqualTo(yen(760));
        assertThat(r.payment()).isEqualTo("現金");
        assertThat(r.currency()).isEqualTo("JPY");
        assertThat(r.taxes())
                .extracting(Tax::rate, Tax::base, Tax::amount, Tax::included)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(8, yen(960), yen(71), true),
                        org.assertj.core.groups.Tuple.tuple(10, yen(280), yen(25), true));
        assertThat(r.confidence().get("total")).isGreaterThan(0.9);
    }

    @Test
    void readsWesternAndJapaneseEraDates() {
        assertThat(read("店\n2026/06/11 09:05\n").purchasedAt()).isEqualTo("2026-06-11T09:05:00");
        assertThat(read("店\n2026-06-11 19:26:41\n").purchasedAt()).isEqualTo("2026-06-11T19:26:41");
        assertThat(read("店\n令和8年6月11日 14時03分\n").purchasedAt()).isEqualTo("2026-06-11T14:03:00");
        assertThat(read("店\n令和元年5月1日\n").purchasedAt()).isEqualTo("2019-05-01");
        assertThat(read("店\nR8.6.11 14:03\n").purchasedAt()).isEqualTo("2026-06-11T14:03:00");
        assertThat(read("店\nH31.4.30\n").purchasedAt()).isEqualTo("2019-04-30");
        assertThat(read("店\n平成31年4月30日\n").purchasedAt()).isEqualTo("2019-04-30");
        assertThat(read("店\n26/06/11 14:03\n合計 ¥100\n").purchasedAt()).isEqualTo("2026-06-11T14:03:00");
        assertThat(read("店\n2026年 6月11日(木) 午後2:03\n").purchasedAt()).isEqualTo("2026-06-11T14:03:00");
        assertThat(read("店\n信和 7 年 7 月 23 日 12:54\n").purchasedAt()).isEqualTo("2025-07-23T12:54:00");
        assertThat(read("店\n26年6月11日\n").purchasedAt()).isEqualTo("2026-06-11");
    }

    @Test
    void readsFullWidthAndSpacedDigitsThroughNfkc() {
        ReceiptReading r = read("""
                さくらマート
                ２０２６年０３月０２日　２０：５０：０９
                おにぎり　　　　　　　　　￥１３０
                合 計　　　　　　　　　　 ￥１３０
                """);
        assertThat(r.purchasedAt()).isEqualTo("2026-03-02T20:50:09");
        assertThat(r.total()).isEqualTo(yen(130));
        assertThat(r.items()).extracting(Item::name).containsExactly("おにぎり");
    }

    @Test
    void readsTheRegistrationNumberWhenItsTIsReadAsOne() {
        ReceiptReading r = read("すこやかドラッグ\n2026-06-11\n合計 ¥100\n登録番号 14795509975675\n");
        assertThat(r.store().registrationNumber()).isEqualTo("T4795509975675");
    }

    @Test
    void readsDatesWhoseSeparatorsOcrLostOrReadAsADot() {
        assertThat(read("日付 2026 06・11 20:33:43\n合計 100").purchasedAt()).isEqualTo("2026-06-11T20:33:43");
        assertThat(read("日付 2026/06 11 20:33\n合計 100").purchasedAt()).isEqualTo("2026-06-11T20:33:00");
    }

    @Test
    void readsAmountsWhoseThousandsPointOcrSetApart() {
        ReceiptReading r = read("コーヒーの森\n2025/01/25 20:25\nケーキ  \\3, 151\n小計  \\3. 151\n合計  \\3, 151");
        assertThat(r.subtotal()).isEqualTo(yen(3151));
        assertThat(r.total()).isEqualTo(yen(3151));
    }

    @Test
    void readsATimeWhoseColonsOcrLostRightAfterTheDate() {
        assertThat(read("日付 2026-06-11 131104\n合計 100").purchasedAt()).isEqualTo("2026-06-11T13:11:04");
        assertThat(read("日付 2026-06-11 2611\n合計 100").purchasedAt())
                .as("26 is no hour: the date alone")
                .isEqualTo("2026-06-11");
    }

    @Test
    void aLabelledPhoneNumberReadWithALeadingNineGetsItsZeroBack() {
        assertThat(read("店\nTEL 97-7597-4451\n合計 100").store().phone()).isEqualTo("07-7597-4451");
        assertThat(read("店\n97-7597-4451\n合計 100").store().phone())
                .as("unlabelled digits are not taken for a phone number")
                .isNull();
    }

    @Test
    void readsTheRegistrationNumberWhenItsTIsReadAsOneAfterOtherLetters() {
        assertThat(read("合計 100\nWMT 15331742204153").store().registrationNumber())
                .isEqualTo("T5331742204153");
    }

    @Test
    void neverTakesADateAndTimeWithoutSeparatorsForARegistrationNumber() {
        assertThat(read("2026-06-11 99:27 1\n合計 100").store().registrationNumber())
                .isNull();
    }

    @Test
    void readsRegistrationNumberWithSpacesAndHyphens() {
        ReceiptReading r = read("店\n登録番号:T 1234-5678-90123\n");
        assertThat(r.store().registrationNumber()).isEqualTo("T1234567890123");
    }

    @Test
    void recoversATotalWhoseYenMarkWasReadAsAFour() {
        ReceiptReading r = read("""
                つばさコンビニエンス
                2026-06-11 16:55:41
                おにぎり鮭                130
                日替わり弁当              600
                A4クリアファイル          720
                小計                    1,450
                合計                   41,450
                お預り                  2,000
                お釣り                    550
                """);
        assertThat(r.total()).isEqualTo(yen(1450));
    }

    @Test
    void recoversTheTotalWhenTheBoldTotalWordIsLost() {
        ReceiptReading r = read("""
                まごころドラッグ
                2026-06-11 20:48:41
                ハンドソープ              300
                キッチンペーパー          280
                小計                      580
                an                        580
                支払方法                 現金
                SMO                     1,000
                お釣り                    420
                """);
        assertThat(r.total()).isEqualTo(yen(580));
        assertThat(r.tendered()).isEqualTo(yen(1000));
        assertThat(r.confidence().get("total")).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void neverTakesTheAmountTenderedOrTheChangeForTheTotal() {
        ReceiptReading r = read("""
                テーブルテラス
                2026-06-11 15:57:52
                ケーキセット             1,900
                お預り                 10,000
                お釣り                  8,100
                """);
        assertThat(r.total()).isEqualTo(yen(1900));
        assertThat(r.items()).extracting(Item::name).containsExactly("ケーキセット");
    }

    @Test
    void aMisreadTotalLineLosesToTwoSumsThatAgree() {
        ReceiptReading r = read("""
                季節食堂
                2026-06-11 12:00
                定食                      980
                コーヒー                  400
                小計                    1,380
                合計                    1,880
                お預り                  2,000
                お釣り                    620
                """);
        assertThat(r.total()).isEqualTo(yen(1380));
    }

    @Test
    void anItemCountIsNoTotal() {
        ReceiptReading r = read("店\n2026-06-11\nパン  200\nお茶  150\n合計 2点\n合計 ¥350\n");
        assertThat(r.total()).isEqualTo(yen(350));
    }

    @Test
    void attachesDiscountsToTheirItemAndKeepsCouponsOnTheReceipt() {
        ReceiptReading r = read("""
                エキマエストア
                2026-06-11 19:05:11
                ミックスナッツ               320
                  値引                       -50
                ボックスティッシュ           220
                  割引 10%                   -22
                小計                         468
                クーポン値引                -100
                合計                         368
                """);
        assertThat(r.items())
                .extracting(Item::name, Item::discount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ミックスナッツ", yen(50)),
                        org.assertj.core.groups.Tuple.tuple("ボックスティッシュ", yen(22)));
        assertThat(r.discounts()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("クーポン値引");
            assertThat(d.amount()).isEqualTo(yen(100));
        });
        assertThat(r.total()).isEqualTo(yen(368));
        assertThat(r.confidence().get("total")).isGreaterThan(0.9);
    }

    @Test
    void readsReducedTaxMarksBeforeOrAfterTheAmount() {
        ReceiptReading r = read("""
                店
                2026-06-11
                ※牛乳                      228
                パン                       178*
                電池                       528
                お茶                       118軽
                合計                      1,052
                """);
        assertThat(r.items())
                .extracting(Item::name, Item::reducedTax)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("牛乳", true),
                        org.assertj.core.groups.Tuple.tuple("パン", true),
                        org.assertj.core.groups.Tuple.tuple("電池", false),
                        org.assertj.core.groups.Tuple.tuple("お茶", true));
    }

    @Test
    void addsExternalTaxToTheSubtotal() {
        ReceiptReading r = read("""
                ほくと薬局
                2026/01/05 10:00
                歯ブラシ                    200
                洗剤                        300
                小計                        500
                外税10%対象                 500
                外税10%                      50
                合計                        550
                """);
        assertThat(r.taxes()).singleElement().satisfies(t -> {
            assertThat(t.rate()).isEqualTo(10);
            assertThat(t.base()).isEqualTo(yen(500));
            assertThat(t.amount()).isEqualTo(yen(50));
            assertThat(t.included()).isFalse();
        });
        assertThat(r.total()).isEqualTo(yen(550));
        assertThat(r.confidence().get("total")).isGreaterThan(0.9);
    }

    @Test
    void readsTaxRatesWhosePercentSignIsMisread() {
        ReceiptReading r = read("""
                店
                2026-06-11
                パン                        940
                電池                      3,224
                小計                      4,164
                89%対象                     940
                1096対象                  3,224
                合計                      4,164
                """);
        assertThat(r.taxes())
                .extracting(Tax::rate, Tax::base)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(8, yen(940)),
                        org.assertj.core.groups.Tuple.tuple(10, yen(3224)));
    }

    @Test
    void readsYenMarksReadAsBackslashOrY() {
        ReceiptReading r = read("店\n2026-06-11\nパン  \\\\200\nお茶  Y150\n合計  \\\\350\n");
        assertThat(r.items()).extracting(Item::amount).containsExactly(yen(200), yen(150));
        assertThat(r.total()).isEqualTo(yen(350));
    }

    @Test
    void joinsJapaneseCharactersThatOcrSpacedOut() {
        ReceiptReading r = read("店\n2026-06-11\nカ ッ ト サ ラ ダ   280\n小 計   280\n合 計   280\nお 預 り  500\nお 釣 り  220\n");
        assertThat(r.items()).extracting(Item::name).containsExactly("カットサラダ");
        assertThat(r.subtotal()).isEqualTo(yen(280));
        assertThat(r.tendered()).isEqualTo(yen(500));
        assertThat(r.change()).isEqualTo(yen(220));
    }

    @Test
    void turnsHalfWidthKanaAndCircledDigitsIntoTheirUsualForms() {
        ReceiptReading r = read("店\n2026-06-11\nｶｯﾌﾟﾇｰﾄﾞﾙ  198\nお茶②  236\n合計  434\n");
        assertThat(r.items()).extracting(Item::name).containsExactly("カップヌードル", "お茶2");
    }

    @Test
    void readsQuantityLinesEvenWhenMisread() {
        ReceiptReading r = read("""
                店
                2026-06-11
                アイスカフェラテ             640
                2@ « 320
                ボールペン                   180
                i@ « 180
                合計                         820
                """);
        assertThat(r.items())
                .extracting(Item::name, Item::quantity, Item::unitPrice)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("アイスカフェラテ", 2, yen(320)),
                        org.assertj.core.groups.Tuple.tuple("ボールペン", 1, yen(180)));
    }

    @Test
    void readsQuantityPrefixAndUnitPriceLines() {
        ReceiptReading r = read("カフェ\n2026-06-11\n3点 塩バターパン  600\n単価 200\n合計  600\n");
        assertThat(r.items()).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("塩バターパン");
            assertThat(i.quantity()).isEqualTo(3);
            assertThat(i.unitPrice()).isEqualTo(yen(200));
        });
    }

    @Test
    void findsTheSubtotalByArithmeticWhenItsWordIsLost() {
        ReceiptReading r = read("店\n2026-06-11\nパン  200\nお茶  150\nyt  350\natt  350\n");
        assertThat(r.items()).hasSize(2);
        assertThat(r.subtotal()).isEqualTo(yen(350));
        assertThat(r.total()).isEqualTo(yen(350));
    }

    @Test
    void readsCardAndCodePayments() {
        assertThat(read("店\n2026-06-11\nパン 200\n合計 200\nクレジット 200\n").payment()).isEqualTo("クレジットカード");
        assertThat(read("店\n2026-06-11\nパン 200\n合計 200\nPayPay支払 200\n").payment())
                .isEqualTo("PayPay");
    }

    @Test
    void readsAnEnglishReceiptInRinggitDayFirst() {
        ReceiptReading r = read("""
                BOOK TA .K (TAMAN DAYA) SDN BHD
                NO.53 55,57 & 59, JALAN SAGU 18,
                TAMAN DAYA, 81100 JOHOR BAHRU
                TEL: 07-3507405
                DATE: 25/12/2018 8:13:39 PM
                PUPPY BOOK 4.50
                NOTEBOOK 4.50
                TOTAL: 9.00
                CASH 10.00
                CHANGE 1.00
                """);
        assertThat(r.store().name()).isEqualTo("BOOK TA .K (TAMAN DAYA) SDN BHD");
        assertThat(r.purchasedAt()).isEqualTo("2018-12-25T20:13:39");
        assertThat(r.total()).isEqualByComparingTo("9.00");
        assertThat(r.currency()).isNotEqualTo("JPY");
    }

    @Test
    void readsTotalsAboveADatePrintedAtTheFoot() {
        ReceiptReading r = read("""
                tan woon yann
                ISNI PETRO TRADING
                LOT 2685 JLN GENTING KLANG
                53300 KL
                V-Power 97 RM 86.00
                Total RM 86.00
                Visa RM 86.00
                Points Awarded 35
                Date Time
                18/03/18 15:17
                Thank You
                """);
        assertThat(r.store().name()).isEqualTo("ISNI PETRO TRADING");
        assertThat(r.total()).isEqualByComparingTo("86.00");
        assertThat(r.purchasedAt()).isEqualTo("2018-03-18T15:17:00");
        assertThat(r.currency()).isEqualTo("MYR");
    }

    @Test
    void readsSeveralPhotosOfOneLongReceiptAsOne() {
        OcrText top = OcrText.of("""
                まるとくスーパー
                仙台中央店
                2026/06/11 10:00
                牛乳                 228
                食パン               178
                バナナ               198
                """);
        OcrText bottom = OcrText.of("""
                食パン               178
                バナナ               198
                卵 10個入            268
                小計                 872
                合計                 872
                """);
        ReceiptReading r = ReceiptReader.parse(List.of(top, bottom));
        assertThat(r.items()).extracting(Item::name).containsExactly("牛乳", "食パン", "バナナ", "卵 10個入");
        assertThat(r.total()).isEqualTo(yen(872));
        assertThat(r.confidence().get("total")).isGreaterThan(0.9);
    }

    @Test
    void dropsLinesCutInHalfAtTheEdgeOfAPhoto() {
        OcrText top = OcrText.of("まるとくスーパー\n2026/06/11 10:00\n牛乳  228\n食パン  178\nバナナ  198\n~~ ~~\n");
        OcrText bottom = OcrText.of("__ ._\n食パン  178\nバナナ  198\n卵 10個入  268\n合計  872\n");
        ReceiptReading r = ReceiptReader.parse(List.of(top, bottom));
        assertThat(r.items()).extracting(Item::name).containsExactly("牛乳", "食パン", "バナナ", "卵 10個入");
    }

    @Test
    void leavesFieldsEmptyWhenTheTextSaysNothing() {
        ReceiptReading r = read("~~~\n|||\n");
        assertThat(r.total()).isNull();
        assertThat(r.purchasedAt()).isNull();
        assertThat(r.items()).isEmpty();
        assertThat(r.confidence()).doesNotContainKey("total");
    }

    @Test
    void keepsAnItemOfTwoDigitsAfterAColumnGapButNotADigitGluedToItsName() {
        ReceiptReading r = read("""
                オーブンテラス
                日付  2026-06-11 09:33:42
                品名  金額
                ギフト箱  100
                紙袋小  18
                乾電池 単4
                小計  118
                合計  118
                """);
        assertThat(r.items())
                .extracting(Item::name, Item::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ギフト箱", yen(100)),
                        org.assertj.core.groups.Tuple.tuple("紙袋小", yen(18)));
        assertThat(r.total()).isEqualTo(yen(118));
    }

    @Test
    void recoversTheOneItemAmountReadAsLettersFromTheSubtotal() {
        ReceiptReading r = read("""
                エキマエストア
                日付  2026-06-11 13:52:53
                品名  金額
                バウムクーヘン  320
                アイスカフェラテ M  S60
                2 点 x 280
                カットサラダ  760
                小計  1,640
                合計  1,640
                """);
        assertThat(r.items())
                .extracting(Item::name, Item::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("バウムクーヘン", yen(320)),
                        org.assertj.core.groups.Tuple.tuple("アイスカフェラテ M", yen(560)),
                        org.assertj.core.groups.Tuple.tuple("カットサラダ", yen(760)));
        // the quantity line under the damaged item is not put on the item above it
        assertThat(r.items().getFirst().unitPrice()).isNull();
        assertThat(r.confidence().get("subtotal")).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void leavesADamagedAmountAloneWhenTheArithmeticDoesNotFitItsCharacters() {
        // 1,640 - 320 - 760 = 560, which "S6" (two characters) cannot be
        ReceiptReading r = read("""
                エキマエストア
                日付  2026-06-11 13:52:53
                バウムクーヘン  320
                アイスカフェラテ M  S6
                カットサラダ  760
                小計  1,640
                合計  1,640
                """);
        assertThat(r.items()).extracting(Item::name).containsExactly("バウムクーヘン", "カットサラダ");
        // two damaged amounts: which one got what is unknown, so neither is made up
        ReceiptReading two = read("""
                エキマエストア
                日付  2026-06-11 13:52:53
                バウムクーヘン  3O0
                アイスカフェラテ M  S60
                カットサラダ  760
                小計  1,640
                合計  1,640
                """);
        assertThat(two.items()).extracting(Item::name).containsExactly("カットサラダ");
        assertThat(two.total()).isEqualTo(yen(1640));
    }

    @Test
    void aQuantityLineWithItsCounterMisreadIsNoItem() {
        ReceiptReading r = read("""
                エキマエストア
                日付  2026-06-11 13:52:53
                ミニあんぱん  130
                1 吉 x 130
                メロンパン  110
                1 間 * 110
                小計  240
                合計  240
                """);
        assertThat(r.items())
                .extracting(Item::name, Item::amount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ミニあんぱん", yen(130)),
                        org.assertj.core.groups.Tuple.tuple("メロンパン", yen(110)));
    }

    @Test
    void putsBackTheKanaMarksBlurConfusesInItemNames() {
        ReceiptReading r = read("""
                あおばフレッシュマート
                日付  2026-06-11 12:21:24
                食バン  520
                キッチンペーバー  300
                ポックスティッシュ  220
                小計  1,040
                合計  1,040
                """);
        assertThat(r.items()).extracting(Item::name).containsExactly("食パン", "キッチンペーパー", "ボックスティッシュ");
    }

    @Test
    void takesTheAmountRightAboveTheAmountTenderedForTheTotalWhenThe合計WordIsLost() {
        ReceiptReading r = read("""
                あおばフレッシュマート
                日付  2026-06-11 12:21:24
                パン  150
                サラダ  280
                ett  3,620
                お預り  4,000
                """);
        assertThat(r.total()).isEqualByComparingTo("3620");
        assertThat(r.confidence().get("total")).isGreaterThanOrEqualTo(0.6);
        // nor when it is more than was tendered
        ReceiptReading odd = read("""
                あおばフレッシュマート
                日付  2026-06-11 12:21:24
                パン  150
                サラダ  280
                ett  5,620
                お預り  4,000
                """);
        assertThat(odd.total()).isNotEqualByComparingTo("5620");
    }
}
