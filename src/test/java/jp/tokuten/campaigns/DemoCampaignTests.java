package jp.tokuten.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The demo tenant's campaign matches the sample bakery receipts and is open today. */
@TokutenTest
class DemoCampaignTests {

    /** The date printed on the sample bakery receipts (jomb v0.2.0 bakery_001 and bakery_002). */
    static final LocalDate SAMPLE_RECEIPT_DATE = LocalDate.of(2026, 6, 11);

    @Autowired
    DemoCampaign demo;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Clock clock;

    @Test
    void theDemoCampaignIsOpenMatchesTheSampleReceiptsAndIsMadeOnce() {
        var tenant = TenantFixtures.aTenant(tenants, "demoish");
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
        binder.runAs(tenant.id(), () -> {
            var first = demo.ensure();
            var again = demo.ensure();
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(campaigns.list(null)).hasSize(1);
            var c = campaigns.require(first.id());
            assertThat(c.status()).isEqualTo(CampaignStatus.OPEN);
            assertThat(c.takesEntriesOn(today)).isTrue();
            assertThat(c.purchasePeriod().contains(SAMPLE_RECEIPT_DATE)).isTrue();
            assertThat(c.stores()).containsExactlyInAnyOrder("オーブンテラス", "まちのベーカリー");
            assertThat(c.targetProducts())
                    .extracting(CampaignView.TargetProduct::name)
                    .containsExactly("塩バターパン", "クロワッサン", "メロンパン");
            assertThat(c.targetProducts().getFirst().aliases()).contains("ｼｵﾊﾞﾀｰﾊﾟﾝ");
            // both sample receipts qualify on their total (1,378 and 1,650 yen)
            assertThat(c.minimumTotal()).isLessThanOrEqualTo(1378L);
        });
        var other = TenantFixtures.aTenant(tenants, "nodemo");
        binder.runAs(other.id(), () -> assertThat(campaigns.list(null)).isEmpty());
    }
}
