package jp.tokuten.receipts;

import static jp.tokuten.receipts.JudgementFixtures.aGoodReading;
import static jp.tokuten.receipts.JudgementFixtures.anyCampaign;
import static jp.tokuten.receipts.JudgementFixtures.campaign;
import static jp.tokuten.receipts.JudgementFixtures.product;
import static jp.tokuten.receipts.JudgementFixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.receipts.EntryJudgement.Outcome;
import jp.tokuten.receipts.EntryJudgement.RuleResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each eligibility rule on readings built as the reader writes them; no Spring, no database. */
class EligibilityRulesTests {

    static void assertResult(RuleResult r, Outcome outcome, ReasonCode reason) {
        assertThat(r.outcome()).as(r.toString()).isEqualTo(outcome);
        assertThat(r.reason()).as(r.toString()).isEqualTo(reason);
    }

    @Nested
    class Readable {
        final ReadableRule rule = new ReadableRule();

        @Test
        void rejectsAPhotoFromWhichNothingWasReadSoItCanBeRetaken() {
            var nothing = reading().receipt();
            assertResult(
                    rule.check(anyCampaign(), List.of(aGoodReading().receipt(), nothing)),
                    Outcome.FAIL,
                    ReasonCode.UNREADABLE_IMAGE);
            assertThat(rule.check(anyCampaign(), List.of(nothing)).value()).isEqualTo("0/1");
        }

        @Test
        void rejectsAReceiptWhoseReadingFailed() {
            assertResult(
                    rule.check(anyCampaign(), List.of(JudgedReceipt.failed(UUID.randomUUID()))),
                    Outcome.FAIL,
                    ReasonCode.UNREADABLE_IMAGE);
        }

        @Test
        void passesAReceiptWithAnythingRead() {
            assertThat(rule.check(anyCampaign(), List.of(reading().total(500).receipt()))
                            .outcome())
                    .isEqualTo(Outcome.PASS);
        }
    }

    @Nested
    class PurchaseDate {
        final PurchaseDateRule rule = new PurchaseDateRule();

        @Test
        void passesBothEndsOfThePeriod() {
            var first = reading().purchasedAt("2026-06-01T09:00:00").receipt();
            var last = reading().purchasedAt("2026-06-30").receipt();
            var r = rule.check(anyCampaign(), List.of(first, last));
            assertThat(r.outcome()).isEqualTo(Outcome.PASS);
            assertThat(r.value()).isEqualTo("2026-06-01, 2026-06-30");
        }

        @Test
        void rejectsADaySurelyReadOutsideThePeriod() {
            assertResult(
                    rule.check(
                            anyCampaign(),
                            List.of(reading().purchasedAt("2026-07-01T10:00:00").receipt())),
                    Outcome.FAIL,
                    ReasonCode.PURCHASE_DATE_OUTSIDE_PERIOD);
            assertResult(
                    rule.check(
                            anyCampaign(),
                            List.of(reading().purchasedAt("2026-05-31").receipt())),
                    Outcome.FAIL,
                    ReasonCode.PURCHASE_DATE_OUTSIDE_PERIOD);
        }

        @Test
        void neverRejectsOnADateReadUnsurely() {
            var unsure = reading()
                    .purchasedAt("2026-07-01")
                    .unsure("purchasedAt", 0.4)
                    .receipt();
            assertResult(
                    rule.check(anyCampaign(), List.of(unsure)),
                    Outcome.UNSURE,
                    ReasonCode.PURCHASE_DATE_OUTSIDE_PERIOD);
            assertResult(
                    rule.check(anyCampaign(), List.of(reading().total(100).receipt())),
                    Outcome.UNSURE,
                    ReasonCode.PURCHASE_DATE_OUTSIDE_PERIOD);
        }
    }

    @Nested
    class Store {
        final StoreRule rule = new StoreRule(new CampaignStoreDirectory());

        @Test
        void anyStoreWhenTheCampaignListsNone() {
            assertThat(rule.check(
                                    anyCampaign(),
                                    List.of(reading().store("どこかの店").receipt()))
                            .outcome())
                    .isEqualTo(Outcome.PASS);
        }

        @Test
        void matchesAListedStoreAfterFoldingAndAChainInsideTheName() {
            var stores = campaign(null, List.of("あおばマート新市街店"), List.of(), List.of(), List.of());
            assertThat(rule.check(
                                    stores,
                                    List.of(reading().store("ｱｵﾊﾞﾏｰﾄ 新市街店").receipt()))
                            .outcome())
                    .isEqualTo(Outcome.PASS);
            var chains = campaign(null, List.of(), List.of("あおばマート"), List.of(), List.of());
            assertThat(rule.check(chains, List.of(reading().store("あおばマート 駅前店").receipt()))
                            .outcome())
                    .isEqualTo(Outcome.PASS);
        }

        @Test
        void rejectsAnotherStoreSurelyRead() {
            var stores = campaign(null, List.of("あおばマート新市街店"), List.of("みどり屋"), List.of(), List.of());
            assertResult(
                    rule.check(stores, List.of(reading().store("ファミリーストア").receipt())),
                    Outcome.FAIL,
                    ReasonCode.STORE_NOT_ELIGIBLE);
        }

        @Test
        void sendsAnUnsureNameOrAnUnknownPrefectureToReview() {
            var stores = campaign(null, List.of("あおばマート新市街店"), List.of(), List.of(), List.of());
            assertResult(
                    rule.check(
                            stores,
                            List.of(reading()
                                    .store("ファミリー")
                                    .unsure("store.name", 0.3)
                                    .receipt())),
                    Outcome.UNSURE,
                    ReasonCode.STORE_NOT_ELIGIBLE);
            var prefectures = campaign(null, List.of(), List.of(), List.of("熊本県"), List.of());
            assertResult(
                    rule.check(prefectures, List.of(reading().store("ファミリーストア").receipt())),
                    Outcome.UNSURE,
                    ReasonCode.STORE_NOT_ELIGIBLE);
        }

        @Test
        void aStoreDirectoryThatKnowsPrefecturesDecidesThem() {
            StoreDirectory kumamoto =
                    (c, name, phone, reg) -> java.util.Optional.of(new StoreDirectory.MatchedStore(name, null, "熊本県"));
            var prefectures = campaign(null, List.of(), List.of(), List.of("熊本県"), List.of());
            assertThat(new StoreRule(kumamoto)
                            .check(
                                    prefectures,
                                    List.of(reading().store("ファミリーストア").receipt()))
                            .outcome())
                    .isEqualTo(Outcome.PASS);
        }
    }

    @Nested
    class TargetProducts {
        final TargetProductRule rule = new TargetProductRule();

        @Test
        void anyProductWhenTheCampaignListsNone() {
            assertThat(rule.check(
                                    anyCampaign(),
                                    List.of(reading().item("牛乳", 1, 200).receipt()))
                            .outcome())
                    .isEqualTo(Outcome.PASS);
        }

        @Test
        void matchesAHalfWidthKanaAliasAgainstTheNormalisedItemName() {
            var c = campaign(
                    null, List.of(), List.of(), List.of(), List.of(product("コカ・コーラ 500ml", List.of("ｺｶｺｰﾗ"), 2)));
            var r = rule.check(c, List.of(reading().item("コカ・コーラ", 2, 300).receipt()));
            assertThat(r.outcome()).isEqualTo(Outcome.PASS);
            assertThat(r.value()).isEqualTo("コカ・コーラ ×2");
            // and an item printed in half-width kana against a full-width alias
            var full = campaign(null, List.of(), List.of(), List.of(), List.of(product("トクテン茶", List.of("トクテンチャ"), 1)));
            assertThat(rule.check(
                                    full,
                                    List.of(reading().item("ﾄｸﾃﾝﾁｬ 2L", 1, 198).receipt()))
                            .outcome())
                    .isEqualTo(Outcome.PASS);
        }

        @Test
        void countsTheQuantityAcrossTheEntrysReceipts() {
            var c = campaign(null, List.of(), List.of(), List.of(), List.of(product("トクテン茶", List.of(), 3)));
            var two = reading().item("トクテン茶", 2, 300).receipt();
            var one = reading().item("トクテン茶", 1, 150).receipt();
            assertThat(rule.check(c, List.of(two, one)).outcome()).isEqualTo(Outcome.PASS);
            assertResult(rule.check(c, List.of(two)), Outcome.FAIL, ReasonCode.NO_TARGET_ITEM);
        }

        @Test
        void aMinimumAmountOfTheProductCountsTheNetAmount() {
            var c = campaign(
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(new CampaignView.TargetProduct("トクテン茶", List.of(), List.of(), 1, 500L)));
            assertResult(
                    rule.check(c, List.of(reading().item("トクテン茶", 2, 400).receipt())),
                    Outcome.FAIL,
                    ReasonCode.NO_TARGET_ITEM);
            assertThat(rule.check(c, List.of(reading().item("トクテン茶", 3, 600).receipt()))
                            .outcome())
                    .isEqualTo(Outcome.PASS);
        }

        @Test
        void matchesAJanCodePrintedOnTheItemLine() {
            var c = campaign(
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(new CampaignView.TargetProduct("限定品", List.of(), List.of("4901234567894"), 1, null)));
            assertThat(rule.check(
                                    c,
                                    List.of(reading()
                                            .item("4901234567894 ｹﾞﾝﾃｲ", 1, 500)
                                            .receipt()))
                            .outcome())
                    .isEqualTo(Outcome.PASS);
        }

        @Test
        void sendsUnsureItemsToReviewInsteadOfRejecting() {
            var c = campaign(null, List.of(), List.of(), List.of(), List.of(product("トクテン茶", List.of(), 1)));
            assertResult(
                    rule.check(c, List.of(reading().item("卜クテ二茶", 1, 150, 0.3).receipt())),
                    Outcome.UNSURE,
                    ReasonCode.NO_TARGET_ITEM);
            assertResult(
                    rule.check(c, List.of(reading().item("牛乳", 1, 200).receipt())),
                    Outcome.FAIL,
                    ReasonCode.NO_TARGET_ITEM);
        }
    }

    @Nested
    class MinimumTotal {
        final MinimumTotalRule rule = new MinimumTotalRule();

        @Test
        void sumsTheTotalsOfAllTheEntrysReceipts() {
            var c = campaign(5000L, List.of(), List.of(), List.of(), List.of());
            var r = rule.check(
                    c,
                    List.of(
                            reading().total(2000).receipt(),
                            reading().total(1800).receipt(),
                            reading().total(1200).receipt()));
            assertThat(r.outcome()).isEqualTo(Outcome.PASS);
            assertThat(r.value()).isEqualTo("5000");
        }

        @Test
        void rejectsASumSurelyBelowTheMinimum() {
            var c = campaign(5000L, List.of(), List.of(), List.of(), List.of());
            var r = rule.check(
                    c,
                    List.of(
                            reading().total(2000).receipt(),
                            reading().total(2999).receipt()));
            assertResult(r, Outcome.FAIL, ReasonCode.BELOW_MINIMUM_AMOUNT);
            assertThat(r.value()).isEqualTo("4999");
        }

        @Test
        void sendsAnUnsureTotalToReview() {
            var c = campaign(5000L, List.of(), List.of(), List.of(), List.of());
            assertResult(
                    rule.check(
                            c, List.of(reading().total(900).unsure("total", 0.5).receipt())),
                    Outcome.UNSURE,
                    ReasonCode.BELOW_MINIMUM_AMOUNT);
            assertResult(
                    rule.check(c, List.of(reading().item("x", 1, 100).receipt())),
                    Outcome.UNSURE,
                    ReasonCode.BELOW_MINIMUM_AMOUNT);
        }
    }

    @Test
    void aReviewersCorrectionIsSureAndReplacesTheReading() {
        var corrected = JudgedReceipt.of(
                UUID.randomUUID(),
                reading().total(900).unsure("total", 0.2).json(),
                java.util.Map.of("total", "5200", "purchasedAt", "2026-06-02"));
        assertThat(corrected.total()).isEqualByComparingTo("5200");
        assertThat(corrected.sure("total")).isTrue();
        assertThat(corrected.purchaseDate()).isEqualTo(java.time.LocalDate.of(2026, 6, 2));
    }

    @Test
    void theSameReceiptHasTheSameFingerprintAndAnotherReceiptAnother() {
        var a = EntryJudge.claims(List.of(aGoodReading().receipt()));
        var b = EntryJudge.claims(List.of(aGoodReading().receipt()));
        var other =
                EntryJudge.claims(List.of(aGoodReading().receiptNumber("0013").receipt()));
        assertThat(a).hasSize(1);
        assertThat(a.getFirst().fingerprint()).isEqualTo(b.getFirst().fingerprint());
        assertThat(other.getFirst().fingerprint()).isNotEqualTo(a.getFirst().fingerprint());
        assertThat(EntryJudge.claims(List.of(aGoodReading()
                        .photo("perceptualHash", "c3d2e1f0a0b0c0d0")
                        .receipt())))
                .extracting(EntryJudge.Claim::kind)
                .containsExactly("content", "image");
        // too little read to tell one receipt from another: no fingerprint
        assertThat(EntryJudge.claims(List.of(reading().total(500).receipt()))).isEmpty();
    }
}
