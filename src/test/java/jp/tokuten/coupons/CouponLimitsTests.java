package jp.tokuten.coupons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The limits that must never be exceeded, under hundreds of concurrent calls: the total cap, the per-holder
 * cap, the uses of a single-use coupon and of a 回数券, and what a reversal gives back.
 */
@TokutenTest
class CouponLimitsTests {

    @Autowired
    Coupons coupons;

    @Autowired
    Acquisitions acquisitions;

    @Autowired
    Redemptions redemptions;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    TenantView shop;

    @BeforeEach
    void aTenant() {
        shop = TenantFixtures.aTenant(tenants, "coupon-limits");
    }

    UUID published(CouponDraft draft) {
        return binder.callAs(
                shop.id(), () -> coupons.publish(coupons.create(draft).id()).id());
    }

    @Test
    void aThousandConcurrentAcquisitionsOfACouponCappedAtAHundredIssueExactlyAHundred() throws Exception {
        UUID coupon = published(CouponFixtures.yenOff(100).withCaps(100, null, 1));

        Map<String, Integer> outcomes = CouponFixtures.burst(
                binder, shop.id(), 1000, 200, n -> acquisitions.acquire(coupon, "rush" + n + "@example.jp"));

        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 100, "cap_reached", 900));
        var after = binder.callAs(shop.id(), () -> coupons.require(coupon));
        assertThat(after.issued()).isEqualTo(100);
        assertThat(after.remaining()).isZero();
    }

    @Test
    void aPerHolderCapHoldsWhenOneHolderAcquiresManyTimesAtOnce() throws Exception {
        UUID coupon = published(CouponFixtures.yenOff(100).withCaps(1000, 3, 1));

        Map<String, Integer> outcomes = CouponFixtures.burst(
                binder,
                shop.id(),
                300,
                100,
                n -> acquisitions.acquire(coupon, n % 2 == 0 ? "same@example.jp" : "SAME@example.jp"));

        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 3, "holder_cap_reached", 297));
        assertThat(binder.callAs(shop.id(), () -> redemptions.instancesOf("same@example.jp")))
                .hasSize(3);
        assertThat(binder.callAs(shop.id(), () -> coupons.require(coupon).remaining()))
                .isEqualTo(997);
    }

    @Test
    void twoHundredConcurrentRedemptionsOfOneSingleUseCouponRecordOneUse() throws Exception {
        UUID coupon = published(CouponFixtures.yenOff(100));
        var instance = binder.callAs(shop.id(), () -> acquisitions.acquire(coupon, "one@example.jp"));

        Map<String, Integer> outcomes = CouponFixtures.burst(
                binder, shop.id(), 200, 200, n -> redemptions.redeem(instance.code(), null, Proof.api(), "key-" + n));

        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 1, "already_used", 199));
        var after = binder.callAs(shop.id(), () -> coupons.require(coupon));
        assertThat(after.used()).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyTwoHundredTimesAtOnceRecordsOneUseAndAnswersAlike() throws Exception {
        UUID coupon = published(CouponFixtures.yenOff(100).withCaps(null, null, 5));
        var instance = binder.callAs(shop.id(), () -> acquisitions.acquire(coupon, "retry@example.jp"));
        var answers = java.util.concurrent.ConcurrentHashMap.<UUID>newKeySet();

        Map<String, Integer> outcomes = CouponFixtures.burst(binder, shop.id(), 200, 200, n -> {
            var r = redemptions.redeem(instance.code(), null, Proof.api(), "flaky-network-retry");
            answers.add(r.redemptionId());
            return r;
        });

        assertThat(outcomes).containsExactly(Map.entry("ok", 200));
        assertThat(answers).hasSize(1);
        assertThat(binder.callAs(
                        shop.id(),
                        () -> redemptions
                                .instance(instance.code())
                                .orElseThrow()
                                .usesLeft()))
                .isEqualTo(4);
        assertThat(binder.callAs(shop.id(), () -> coupons.require(coupon).used()))
                .isEqualTo(1);
    }

    @Test
    void aTicketOfFiveUsesAllowsExactlyFiveAndAReversalAllowsOneMore() throws Exception {
        UUID coupon = published(CouponFixtures.yenOff(100).withCaps(null, null, 5));
        var instance = binder.callAs(shop.id(), () -> acquisitions.acquire(coupon, "ticket@example.jp"));

        Map<String, Integer> outcomes = CouponFixtures.burst(
                binder, shop.id(), 100, 100, n -> redemptions.redeem(instance.code(), null, Proof.api(), "t-" + n));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 5, "already_used", 95));

        var uses = binder.callAs(shop.id(), () -> redemptions.redemptions(coupon));
        assertThat(uses).hasSize(5).allSatisfy(u -> assertThat(u.reversedAt()).isNull());
        var reversed = binder.callAs(
                shop.id(),
                () -> redemptions.reverse(instance.code(), uses.get(2).redemptionId(), "レジ操作の誤り"));
        assertThat(reversed.reversedReason()).isEqualTo("レジ操作の誤り");
        assertThatThrownBy(() -> binder.callAs(
                        shop.id(),
                        () -> redemptions.reverse(instance.code(), uses.get(2).redemptionId(), "again")))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("already_reversed"));

        Map<String, Integer> again = CouponFixtures.burst(
                binder, shop.id(), 50, 50, n -> redemptions.redeem(instance.code(), null, Proof.api(), "u-" + n));
        assertThat(again).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 1, "already_used", 49));
        var after = binder.callAs(shop.id(), () -> coupons.require(coupon));
        assertThat(after.used()).isEqualTo(5);
        assertThat(after.reversed()).isEqualTo(1);
    }

    @Test
    void aBudgetIsNeverOverspentAndClosesTheCouponWhenSpent() throws Exception {
        UUID coupon = published(CouponFixtures.yenOff(300).withBudget(3000L, null));
        var codes = new String[60];
        for (int i = 0; i < codes.length; i++) {
            int n = i;
            codes[i] = binder.callAs(
                    shop.id(),
                    () -> acquisitions.acquire(coupon, "b" + n + "@example.jp").code());
        }

        Map<String, Integer> outcomes = CouponFixtures.burst(
                binder, shop.id(), 60, 60, n -> redemptions.redeem(codes[n], null, Proof.api(), null));

        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 10, "budget_spent", 50));
        var after = binder.callAs(shop.id(), () -> coupons.require(coupon));
        assertThat(after.budgetRemaining()).isZero();
        assertThat(after.status()).isEqualTo(CouponStatus.CLOSED);
        assertThat(after.closedReason()).isEqualTo("budget_spent");
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> acquisitions.acquire(coupon, "late@example.jp")))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("coupon_closed"));
    }
}
