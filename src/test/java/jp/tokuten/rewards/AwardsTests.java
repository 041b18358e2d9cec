package jp.tokuten.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.coupons.Benefit;
import jp.tokuten.coupons.CouponDraft;
import jp.tokuten.coupons.Coupons;
import jp.tokuten.coupons.Redemptions;
import jp.tokuten.identity.Entrants;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Granting an award of each kind does that kind's work, in the caller's transaction. */
@TokutenTest
class AwardsTests {

    @Autowired
    Awards awards;

    @Autowired
    GiftCodePools pools;

    @Autowired
    Entrants entrants;

    @Autowired
    Coupons coupons;

    @Autowired
    Redemptions redemptions;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    TenantView shop;
    UUID campaign = UUID.randomUUID();
    UUID entrant;

    @BeforeEach
    void aTenantWithAnEntrant() {
        shop = TenantFixtures.aTenant(tenants, "rewards");
        entrant = binder.callAs(
                shop.id(),
                () -> entrants.findOrCreateByEmail("Winner@Example.jp").id());
    }

    @Test
    void aPhysicalPrizeOpensAnAddressRequestDueAtTheEndOfTheFourteenthDay() {
        Instant before = Instant.now();
        var award = binder.callAs(shop.id(), () -> awards.grant(RewardFixtures.physical(campaign, entrant)));

        assertThat(award.status()).isEqualTo(AwardView.Status.ADDRESS_REQUESTED);
        assertThat(award.kind()).isEqualTo(NewAward.Kind.PHYSICAL);
        assertThat(award.source()).isEqualTo(NewAward.Source.DRAW);
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        assertThat(award.deadline())
                .isEqualTo(LocalDate.ofInstant(before, tokyo)
                        .plusDays(15)
                        .atStartOfDay(tokyo)
                        .toInstant());
        assertThat(binder.callAs(shop.id(), () -> awards.get(award.id()))).isEqualTo(award);
        assertThat(binder.callAs(shop.id(), () -> awards.list(campaign))).containsExactly(award);
        assertThat(binder.callAs(shop.id(), () -> awards.forEntrant(entrant))).containsExactly(award);
    }

    @Test
    void aGiftCodePrizeTakesOneCodeOfThePoolForTheWinner() {
        var pool = binder.callAs(shop.id(), () -> pools.create("Amazonギフト", campaign, 0));
        binder.callAs(
                shop.id(),
                () -> pools.upload(pool.id(), "code\nGIFT-0001\nGIFT-0002\n".getBytes(StandardCharsets.UTF_8)));

        var first = binder.callAs(shop.id(), () -> awards.grant(RewardFixtures.giftCode(campaign, entrant, pool.id())));
        var second =
                binder.callAs(shop.id(), () -> awards.grant(RewardFixtures.giftCode(campaign, entrant, pool.id())));

        assertThat(first.status()).isEqualTo(AwardView.Status.DELIVERED);
        assertThat(java.util.List.of(first.giftCode(), second.giftCode()))
                .containsExactlyInAnyOrder("GIFT-0001", "GIFT-0002");
        assertThat(first.toString()).doesNotContain("GIFT-000");
        assertThatThrownBy(() -> binder.callAs(
                        shop.id(), () -> awards.grant(RewardFixtures.giftCode(campaign, entrant, pool.id()))))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("out_of_stock"));
        assertThat(binder.callAs(shop.id(), () -> awards.list(campaign))).hasSize(2);
        assertThat(binder.callAs(shop.id(), () -> pools.get(pool.id())).remaining())
                .isZero();
    }

    @Test
    void aCouponPrizeIssuesTheCouponToTheWinnersEmailAddress() {
        UUID coupon = binder.callAs(
                shop.id(),
                () -> coupons.publish(coupons.create(CouponDraft.simple(
                                        "当選者限定 300円引き", new Benefit(Benefit.Type.AMOUNT_OFF, 300L, null, ""), 30))
                                .id())
                        .id());
        var award = binder.callAs(
                shop.id(),
                () -> awards.grant(new NewAward(
                        campaign,
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        entrant,
                        null,
                        NewAward.Source.EVERYONE,
                        NewAward.Kind.COUPON,
                        "300円引きクーポン",
                        300,
                        null,
                        coupon,
                        null)));

        assertThat(award.status()).isEqualTo(AwardView.Status.DELIVERED);
        assertThat(award.couponCode()).isNotBlank();
        var instance = binder.callAs(shop.id(), () -> redemptions.instance(award.couponCode()))
                .orElseThrow();
        assertThat(instance.holder()).isEqualTo("winner@example.jp");
        assertThat(instance.id()).isEqualTo(award.couponInstanceId());
    }

    @Test
    void aKindWithoutItsReferenceIsRefusedWithTheField() {
        assertThatThrownBy(() -> new NewAward(
                        campaign,
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        entrant,
                        null,
                        NewAward.Source.DRAW,
                        NewAward.Kind.GIFT_CODE,
                        "ギフト",
                        500,
                        null,
                        null,
                        null))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.code()).isEqualTo("invalid_award");
                    assertThat(p.properties()).containsEntry("field", "giftCodePoolId");
                });
    }

    @Test
    void anotherTenantsPoolAndAwardsAreNotFound() {
        var pool = binder.callAs(shop.id(), () -> pools.create("ギフト", null, 0));
        binder.callAs(shop.id(), () -> pools.upload(pool.id(), "A1\n".getBytes(StandardCharsets.UTF_8)));
        var award = binder.callAs(shop.id(), () -> awards.grant(RewardFixtures.physical(campaign, entrant)));
        var rival = TenantFixtures.aTenant(tenants, "rewards-rival");
        UUID rivalEntrant = binder.callAs(
                rival.id(), () -> entrants.findOrCreateByEmail("x@example.jp").id());

        assertThatThrownBy(() -> binder.callAs(
                        rival.id(), () -> awards.grant(RewardFixtures.giftCode(campaign, rivalEntrant, pool.id()))))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("not_found"));
        assertThat(binder.callAs(rival.id(), () -> awards.find(award.id()))).isEmpty();
        assertThat(binder.callAs(rival.id(), () -> awards.list(null))).isEmpty();
    }
}
