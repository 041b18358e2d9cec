package jp.tokuten.coupons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.stores.StoreDraft;
import jp.tokuten.stores.Stores;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** How a use at the counter is confirmed: the store's PIN, the store's QR code, the holder's rotating token. */
@TokutenTest
class CouponProofsTests {

    @Autowired
    Coupons coupons;

    @Autowired
    Acquisitions acquisitions;

    @Autowired
    Redemptions redemptions;

    @Autowired
    Stores stores;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    TenantView shop;
    UUID store;
    UUID otherStore;
    String code;

    @BeforeEach
    void aHeldCoupon() {
        shop = TenantFixtures.aTenant(tenants, "coupon-proofs");
        binder.runAs(shop.id(), () -> {
            store = stores.create(new StoreDraft("新宿店", null, null, null, null, null))
                    .id();
            otherStore = stores.create(new StoreDraft("池袋店", null, null, null, null, null))
                    .id();
            var c = coupons.publish(coupons.create(CouponFixtures.yenOff(50).withCaps(null, null, 3))
                    .id());
            code = acquisitions.acquire(c.id(), "proof@example.jp").code();
        });
    }

    ProblemException refusal(Runnable call) {
        try {
            binder.runAs(shop.id(), call);
        } catch (ProblemException p) {
            return p;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void theStorePinConfirmsAUseAndAWrongOneChangesNothing() {
        String pin = binder.callAs(shop.id(), () -> stores.changePin(store, "4821"));

        assertThat(refusal(() -> redemptions.redeem(code, store, Proof.pin("4822"), null))
                        .code())
                .isEqualTo("wrong_pin");
        assertThat(refusal(() -> redemptions.redeem(code, otherStore, Proof.pin(pin), null))
                        .code())
                .isEqualTo("wrong_pin");
        assertThat(refusal(() -> redemptions.redeem(code, null, Proof.pin(pin), null))
                        .code())
                .isEqualTo("wrong_pin");
        var used = binder.callAs(shop.id(), () -> redemptions.redeem(code, store, Proof.pin("４８２１"), null));

        assertThat(used.usesLeft()).isEqualTo(2);
        assertThat(used.proof()).isEqualTo("pin");
        assertThat(used.storeId()).isEqualTo(store);
    }

    @Test
    void theStoresQrCodeConfirmsAUseOnlyAtThatStore() {
        String token = binder.callAs(shop.id(), () -> stores.secrets(store).qrToken());

        assertThat(refusal(() -> redemptions.redeem(code, otherStore, Proof.storeQr(token), null))
                        .code())
                .isEqualTo("wrong_store");
        assertThat(refusal(() -> redemptions.redeem(code, store, Proof.storeQr(token + "x"), null))
                        .code())
                .isEqualTo("wrong_store");
        var used = binder.callAs(shop.id(), () -> redemptions.redeem(code, store, Proof.storeQr(token), null));

        assertThat(used.proof()).isEqualTo("store_qr");
        assertThat(binder.callAs(
                        shop.id(),
                        () -> redemptions.instance(code).orElseThrow().lastUse().storeId()))
                .isEqualTo(store);
    }

    @Test
    void theRotatingTokenIsCheckedAndAnOldOneIsStale() {
        var shown = binder.callAs(shop.id(), () -> redemptions.currentToken(code));
        assertThat(shown.value()).matches("[0-9]{6}");
        assertThat(shown.changesAt()).isAfter(shown.at());

        assertThat(binder.callAs(
                        shop.id(),
                        () -> redemptions.checkToken(code, shown.value()).code()))
                .isEqualTo(code);
        var instance = binder.callAs(shop.id(), () -> redemptions.instance(code).orElseThrow());
        byte[] key = binder.callAs(shop.id(), () -> tx.execute(s -> redemptions.tokenKeyFor(instance)));
        long now = RotatingTokens.step(java.time.Instant.now());
        String anHourAgo = RotatingTokens.token(key, instance.id(), now - 720);
        String twoStepsAgo = RotatingTokens.token(key, instance.id(), now - 2);
        for (String stale : new String[] {anHourAgo, twoStepsAgo}) {
            if (!stale.equals(shown.value())) {
                assertThat(refusal(() -> redemptions.checkToken(code, stale)).code())
                        .isEqualTo("stale_token");
                assertThat(refusal(() -> redemptions.redeem(code, store, Proof.token(stale), null))
                                .code())
                        .isEqualTo("stale_token");
            }
        }
        assertThat(binder.callAs(
                        shop.id(),
                        () -> redemptions.instance(code).orElseThrow().usesLeft()))
                .isEqualTo(3);
        var fresh = binder.callAs(shop.id(), () -> redemptions.currentToken(code));
        assertThat(binder.callAs(shop.id(), () -> redemptions.redeem(code, store, Proof.token(fresh.value()), null))
                        .usesLeft())
                .isEqualTo(2);
    }

    @Test
    void anotherTenantCannotSeeOrUseTheCode() {
        var other = TenantFixtures.aTenant(tenants, "coupon-proofs-other");
        assertThat(binder.callAs(other.id(), () -> redemptions.instance(code))).isEmpty();
        assertThatThrownBy(() -> binder.callAs(other.id(), () -> redemptions.redeem(code, null, Proof.staff(), null)))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("not_found"));
        assertThatThrownBy(() -> binder.callAs(other.id(), () -> redemptions.currentToken(code)))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("not_found"));
    }
}
