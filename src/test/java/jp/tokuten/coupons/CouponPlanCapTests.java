package jp.tokuten.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.Plans;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The plan's coupon cap (decision 145): never passed under a burst; a coupon closed gives its place back. */
@TokutenTest
class CouponPlanCapTests {

    @Autowired
    Coupons coupons;

    @Autowired
    Tenants tenants;

    @Autowired
    Plans plans;

    @Autowired
    TenantBinder binder;

    @Autowired
    ApplicationContext context;

    TenantView shop;

    @BeforeEach
    void aTenantOnAPlanOfThreeCoupons() throws Exception {
        shop = TenantFixtures.aTenant(tenants, "coupon-cap");
        String code = "c" + Long.toString(System.nanoTime(), 36);
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("""
                        insert into tenancy.plans (code, name, max_campaigns, max_coupons, max_entries_per_month,
                            max_storage_bytes, max_console_sessions, api_requests_per_minute)
                        values (?, 'Three coupons', 5, 3, 100, 1000000, 5, 1000)""")) {
            st.setString(1, code);
            st.executeUpdate();
        }
        plans.assign(shop.id(), code);
    }

    @Test
    void twoHundredConcurrentCreationsMakeThreeAndAClosedCouponGivesItsPlaceBack() throws Exception {
        Map<String, Integer> outcomes =
                CouponFixtures.burst(binder, shop.id(), 200, 48, n -> coupons.create(CouponFixtures.yenOff(100 + n)));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 3, "plan_limit_reached", 197));
        var all = binder.callAs(shop.id(), () -> coupons.list(null));
        assertThat(all).hasSize(3);

        UUID first = all.getFirst().id();
        binder.runAs(shop.id(), () -> {
            coupons.publish(first);
            coupons.close(first);
        });
        assertThat(CouponFixtures.burst(binder, shop.id(), 20, 8, n -> coupons.create(CouponFixtures.yenOff(50))))
                .containsExactlyInAnyOrderEntriesOf(Map.of("ok", 1, "plan_limit_reached", 19));
    }
}
