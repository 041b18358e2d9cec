package jp.tokuten.rewards;

import static jp.tokuten.rewards.PremiumLimits.Offer.EVERYONE;
import static jp.tokuten.rewards.PremiumLimits.Offer.SWEEPSTAKES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Locale;
import jp.tokuten.rewards.PremiumLimits.Course;
import jp.tokuten.rewards.PremiumLimits.Plan;
import jp.tokuten.rewards.PremiumLimits.Prize;
import jp.tokuten.rewards.PremiumLimits.Warning;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

class PremiumLimitsTests {

    // 一般懸賞: each prize at most 20 times the transaction value …

    @Test
    void aSweepstakesPrizeMayBeWorthTwentyTimesTheTransaction() {
        assertThat(PremiumLimits.maxPrizeYen(SWEEPSTAKES, 700)).isEqualTo(14_000);
        assertThat(PremiumLimits.maxPrizeYen(SWEEPSTAKES, 4_999)).isEqualTo(99_980);
        assertThat(PremiumLimits.maxPrizeYen(SWEEPSTAKES, 0)).isZero();
    }

    // … and at most ¥100,000 from a transaction of ¥5,000

    @Test
    void aSweepstakesPrizeIsCappedAtOneHundredThousandYenFromFiveThousandYen() {
        assertThat(PremiumLimits.maxPrizeYen(SWEEPSTAKES, 5_000)).isEqualTo(100_000);
        assertThat(PremiumLimits.maxPrizeYen(SWEEPSTAKES, 5_001)).isEqualTo(100_000);
        assertThat(PremiumLimits.maxPrizeYen(SWEEPSTAKES, 1_000_000)).isEqualTo(100_000);
    }

    // 一般懸賞: all prizes together at most 2% of the expected sales

    @Test
    void sweepstakesPrizesTogetherMayBeWorthTwoPercentOfExpectedSales() {
        assertThat(PremiumLimits.maxSweepstakesTotalYen(700_000)).isEqualTo(14_000);
        assertThat(PremiumLimits.maxSweepstakesTotalYen(149)).isEqualTo(2); // 2.98 rounds down
        assertThat(PremiumLimits.maxSweepstakesTotalYen(10_000_000)).isEqualTo(200_000);
    }

    // 総付景品: ¥200 under ¥1,000 …

    @Test
    void anEveryoneGetsPrizeMayBeWorthTwoHundredYenUnderOneThousandYen() {
        assertThat(PremiumLimits.maxPrizeYen(EVERYONE, 0)).isEqualTo(200);
        assertThat(PremiumLimits.maxPrizeYen(EVERYONE, 500)).isEqualTo(200);
        assertThat(PremiumLimits.maxPrizeYen(EVERYONE, 999)).isEqualTo(200);
    }

    // … else 20% of the transaction

    @Test
    void anEveryoneGetsPrizeMayBeWorthTwentyPercentFromOneThousandYen() {
        assertThat(PremiumLimits.maxPrizeYen(EVERYONE, 1_000)).isEqualTo(200);
        assertThat(PremiumLimits.maxPrizeYen(EVERYONE, 2_500)).isEqualTo(500);
        assertThat(PremiumLimits.maxPrizeYen(EVERYONE, 1_004)).isEqualTo(200); // 200.8 rounds down
        assertThat(PremiumLimits.maxPrizeYen(EVERYONE, 100_000)).isEqualTo(20_000);
    }

    @Test
    void mechanicsMapToTheirOffer() {
        assertThat(PremiumLimits.Offer.ofMechanic("instant_win")).isEqualTo(SWEEPSTAKES);
        assertThat(PremiumLimits.Offer.ofMechanic("closed_draw")).isEqualTo(SWEEPSTAKES);
        assertThat(PremiumLimits.Offer.ofMechanic("everyone")).isEqualTo(EVERYONE);
        assertThatThrownBy(() -> PremiumLimits.Offer.ofMechanic("raffle")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PremiumLimits.maxPrizeYen(SWEEPSTAKES, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPlanWithinEveryLimitHasNoWarnings() {
        var plan = new Plan(
                1_000L,
                10_000_000L,
                List.of(
                        new Course("A賞", SWEEPSTAKES, null, List.of(new Prize("旅行券", 20_000, 5))),
                        new Course("B賞", SWEEPSTAKES, null, List.of(new Prize("ギフト券", 1_000, 100))),
                        new Course("もれなく", EVERYONE, null, List.of(new Prize("ステッカー", 200, 10_000)))));

        assertThat(PremiumLimits.check(plan)).isEmpty();
    }

    @Test
    void warnsOfEachPrizeOverItsLimitWithTheLimit() {
        var plan = new Plan(
                1_000L,
                100_000_000L,
                List.of(
                        new Course("A賞", SWEEPSTAKES, null, List.of(new Prize("旅行券", 20_001, 1))),
                        new Course("W賞", SWEEPSTAKES, 10_000L, List.of(new Prize("自転車", 100_001, 1))),
                        new Course("もれなく", EVERYONE, null, List.of(new Prize("タオル", 201, 10)))));

        assertThat(PremiumLimits.check(plan))
                .extracting(Warning::code, Warning::prize, w -> w.arguments().get(3))
                .containsExactly(
                        tuple(PremiumLimits.PRIZE_OVER_LIMIT, "旅行券", 20_000L),
                        tuple(PremiumLimits.PRIZE_OVER_LIMIT, "自転車", 100_000L),
                        tuple(PremiumLimits.PRIZE_OVER_LIMIT, "タオル", 200L));
    }

    @Test
    void warnsWhenSweepstakesPrizesTogetherExceedTwoPercentOfExpectedSalesButNotForEveryoneGetsPrizes() {
        // 14,000 allowed on ¥700,000 of sales; 10 × 1,000 + 5 × 1,000 = 15,000 in two courses
        var plan = new Plan(
                700L,
                700_000L,
                List.of(
                        new Course("A賞", SWEEPSTAKES, null, List.of(new Prize("ギフト券", 1_000, 10))),
                        new Course("B賞", SWEEPSTAKES, null, List.of(new Prize("ギフト券", 1_000, 5))),
                        new Course("もれなく", EVERYONE, null, List.of(new Prize("ステッカー", 100, 1_000_000)))));

        List<Warning> warnings = PremiumLimits.check(plan);

        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(PremiumLimits.TOTAL_OVER_LIMIT);
            assertThat(w.arguments()).containsExactly(15_000L, 14_000L, 700_000L);
        });
    }

    @Test
    void saysWhatCannotBeCheckedWithoutTransactionValueOrExpectedSales() {
        var plan = new Plan(null, null, List.of(new Course("A賞", SWEEPSTAKES, null, List.of(new Prize("旅行券", 1, 1)))));

        assertThat(PremiumLimits.check(plan))
                .extracting(Warning::code)
                .containsExactly(PremiumLimits.TRANSACTION_VALUE_MISSING, PremiumLimits.EXPECTED_SALES_MISSING);
        assertThat(PremiumLimits.check(new Plan(null, null, List.of()))).isEmpty();
    }

    @Test
    void warningsAreWordedInJapaneseAndEnglish() {
        var messages = new ResourceBundleMessageSource();
        messages.setBasename("i18n/delivery");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        var plan = new Plan(
                1_000L, 700_000L, List.of(new Course("A賞", SWEEPSTAKES, null, List.of(new Prize("旅行券", 30_000, 1)))));

        var warnings = PremiumLimits.check(plan);
        var ja = warnings.stream()
                .map(w -> messages.getMessage(w.messageKey(), w.arguments().toArray(), Locale.JAPANESE))
                .toList();
        var en = warnings.stream()
                .map(w -> messages.getMessage(w.messageKey(), w.arguments().toArray(), Locale.ENGLISH))
                .toList();

        assertThat(ja)
                .containsExactly(
                        "「A賞」の景品「旅行券」（30,000円）は、景品表示法の上限（取引価額1,000円に対し20,000円）を超えています。",
                        "懸賞の景品総額（30,000円）が、景品表示法の上限（売上予定総額700,000円の2%、14,000円）を超えています。");
        assertThat(en.getFirst()).contains("¥30,000", "¥20,000", "¥1,000");
    }
}
