package jp.tokuten.coupons;

import java.util.List;
import jp.tokuten.identity.DemoTenantCreated;
import jp.tokuten.stores.DemoStores;
import jp.tokuten.stores.StoreView;
import jp.tokuten.stores.Stores;
import jp.tokuten.tenancy.TenantBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The demo tenant's sample coupon: published, good at two of the sample stores (the two bakeries of the
 * demo campaign), so that acquiring it from its public URL and redeeming it by a store's PIN can be tried on
 * the first run. Acts on the bound tenant; calling it again changes nothing.
 */
@Service
public class DemoCoupon {

    /** The demo coupon's title, by which {@link #ensure()} finds it again. */
    public static final String TITLE = "焼きたてパン 100円引きクーポン";

    /** The two sample stores it is good at. */
    static final List<String> STORES = List.of("オーブンテラス 万代店", "まちのベーカリー 那覇久茂地店");

    private static final Logger log = LoggerFactory.getLogger(DemoCoupon.class);

    private final Coupons coupons;
    private final Stores stores;
    private final DemoStores demoStores;

    DemoCoupon(Coupons coupons, Stores stores, DemoStores demoStores) {
        this.coupons = coupons;
        this.stores = stores;
        this.demoStores = demoStores;
    }

    /** The demo coupon of the bound tenant, created and published (with its two stores) when not there yet. */
    @Transactional
    public CouponView ensure() {
        TenantBinder.required();
        var existing =
                coupons.list(null).stream().filter(c -> c.title().equals(TITLE)).findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        demoStores.ensureSampleStores();
        var storeIds = stores.findByNames(STORES).stream().map(StoreView::id).toList();
        var draft = CouponDraft.simple(TITLE, new Benefit(Benefit.Type.AMOUNT_OFF, 100L, null, "パン100円引き"), 30)
                .withCaps(1000, 1, 1)
                .withStores(storeIds);
        var published = coupons.publish(coupons.create(new CouponDraft(
                        draft.title(),
                        "お会計から100円引きになります。レジでこの画面をお見せください。",
                        """
                                ・これはデモ用のクーポンです。
                                ・お一人様1枚、1回限り有効です。
                                ・他のクーポンとの併用はできません。""",
                        draft.benefit(),
                        draft.validFrom(),
                        draft.validTo(),
                        draft.validDays(),
                        draft.weekdays(),
                        draft.hoursFrom(),
                        draft.hoursTo(),
                        draft.totalCap(),
                        draft.perHolderCap(),
                        draft.usesPerCoupon(),
                        draft.budget(),
                        draft.valuePerUse(),
                        draft.stores(),
                        draft.acquisition(),
                        draft.anonymous(),
                        draft.reversalWindowMinutes(),
                        draft.reversalRestores()))
                .id());
        log.info(
                "Created the demo coupon {} (public page /c/<demo tenant>/coupons/{})", published.id(), published.id());
        return published;
    }

    /** On the first run the demo tenant is created and bound while this runs. */
    @EventListener
    void demoTenantCreated(DemoTenantCreated event) {
        ensure();
    }
}
