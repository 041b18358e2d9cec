package jp.tokuten.coupons.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.coupons.Acquisitions;
import jp.tokuten.coupons.Benefit;
import jp.tokuten.coupons.CouponDraft;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.coupons.Coupons;
import jp.tokuten.coupons.InstanceView;
import jp.tokuten.coupons.Redemptions;
import jp.tokuten.identity.EntrantSessions;
import jp.tokuten.identity.Entrants;
import jp.tokuten.stores.StoreDraft;
import jp.tokuten.stores.Stores;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The holder's pages over HTTP: the public coupon page and getting the coupon (signed in, by sign-in,
 * anonymously), refusals as messages, the wallet, the coupon screen and its token, uses by staff, PIN and
 * store QR code with their idempotency keys, and that nothing of another holder or tenant is ever found.
 */
@TokutenTest
class ConsumerCouponPagesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Coupons coupons;

    @Autowired
    Acquisitions acquisitions;

    @Autowired
    Redemptions redemptions;

    @Autowired
    Stores stores;

    @Autowired
    Entrants entrants;

    @Autowired
    EntrantSessions sessions;

    TenantView shop;
    TenantView other;
    UUID store;
    UUID secondStore;
    String pin;
    String qr;

    @BeforeEach
    void shops() {
        shop = TenantFixtures.aTenant(tenants, "holder-pages");
        other = TenantFixtures.aTenant(tenants, "holder-other");
        binder.runAs(shop.id(), () -> {
            store = stores.create(new StoreDraft("新宿店", null, null, null, null, null))
                    .id();
            secondStore = stores.create(new StoreDraft("池袋店", null, null, null, null, null))
                    .id();
            pin = stores.changePin(store, "4821");
            qr = stores.secrets(store).qrToken();
        });
    }

    CouponView published(TenantView t, CouponDraft draft) {
        return binder.callAs(t.id(), () -> coupons.publish(coupons.create(draft).id()));
    }

    static CouponDraft yenOff() {
        return CouponDraft.simple("ドリンク100円引き", new Benefit(Benefit.Type.AMOUNT_OFF, 100L, null, ""), 30);
    }

    Cookie session(TenantView t, String email) {
        String token = binder.callAs(
                t.id(), () -> sessions.open(entrants.findOrCreateByEmail(email).id()));
        return new Cookie(HolderCookies.SESSION, token);
    }

    InstanceView held(TenantView t, UUID coupon, String holder) {
        return binder.callAs(t.id(), () -> acquisitions.acquire(coupon, holder));
    }

    InstanceView now(TenantView t, String code) {
        return binder.callAs(t.id(), () -> redemptions.instance(code).orElseThrow());
    }

    String base() {
        return "/c/" + shop.slug();
    }

    @Test
    void showsThePublicPageWithBenefitStoresAndRemaining() throws Exception {
        var c = published(shop, yenOff().withCaps(50, 1, 1).withStores(List.of(store)));
        mvc.perform(get(base() + "/coupons/" + c.id()).locale(java.util.Locale.JAPANESE))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("100円引き")))
                .andExpect(content().string(containsString("新宿店")))
                .andExpect(content().string(not(containsString("池袋店"))))
                .andExpect(content().string(containsString("残り50枚")))
                .andExpect(content().string(containsString("rel=\"manifest\"")))
                .andExpect(content().string(not(containsString("data-get-anonymously"))));
    }

    @Test
    void anUnknownMalformedDraftOrOtherTenantsCouponIsTheNotFoundPage() throws Exception {
        var theirs = published(other, yenOff());
        var draft = binder.callAs(shop.id(), () -> coupons.create(yenOff()));
        for (String id : List.of(
                UUID.randomUUID().toString(),
                "not-a-uuid",
                "12345",
                draft.id().toString(),
                theirs.id().toString())) {
            mvc.perform(get(base() + "/coupons/" + id)).andExpect(status().isNotFound());
            mvc.perform(post(base() + "/coupons/" + id + "/get")
                            .cookie(session(shop, "nf@example.jp"))
                            .with(csrf()))
                    .andExpect(status().isNotFound());
        }
        assertThat(binder.callAs(other.id(), () -> redemptions.instancesOf("nf@example.jp")))
                .isEmpty();
    }

    @Test
    void aSignedInHolderGetsTheCouponAndSeesItsScreenAndToken() throws Exception {
        var c = published(shop, yenOff());
        Cookie me = session(shop, "Hanako@Example.jp");
        MvcResult got = mvc.perform(
                        post(base() + "/coupons/" + c.id() + "/get").cookie(me).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        String to = got.getResponse().getRedirectedUrl();
        assertThat(to).startsWith(base() + "/coupons/mine/");
        String code = to.substring(to.lastIndexOf('/') + 1);
        assertThat(now(shop, code).holder()).isEqualTo("hanako@example.jp");

        mvc.perform(get(to).cookie(me))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-token")))
                .andExpect(content().string(containsString("name=\"key\"")));
        mvc.perform(get(to + "/token").cookie(me))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andExpect(jsonPath("$.token").value(org.hamcrest.Matchers.matchesPattern("[0-9]{6}")))
                .andExpect(jsonPath("$.serverTime").isString())
                .andExpect(jsonPath("$.changesAt").isString());
        mvc.perform(get(base() + "/coupons/mine").cookie(me))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-code=\"" + code + "\"")));
    }

    @Test
    void aHolderNotSignedInIsSentToSignInAndBack() throws Exception {
        var c = published(shop, yenOff());
        mvc.perform(post(base() + "/coupons/" + c.id() + "/get").with(csrf()))
                .andExpect(redirectedUrl(base() + "/coupons/signin?coupon=" + c.id()));
        mvc.perform(get(base() + "/coupons/signin").param("coupon", c.id().toString()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"" + c.id() + "\"")));
        // a bad address is a message on the form, not an error
        mvc.perform(post(base() + "/coupons/signin")
                        .param("email", "not an address")
                        .param("coupon", c.id().toString())
                        .with(csrf()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("alert-error")));
        // a next that is neither a coupon id nor a store token is dropped
        mvc.perform(get(base() + "/coupons/signin/code").param("coupon", "https://evil.example/"))
                .andExpect(redirectedUrl(base() + "/coupons/signin"));
        mvc.perform(post(base() + "/coupons/signin/code")
                        .param("code", "x".repeat(500))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
    }

    @Test
    void anAnonymousHolderKeepsAReferenceInALongLivedHttpOnlyCookie() throws Exception {
        var c = published(shop, yenOff().withAcquisition(CouponDraft.Acquisition.FIRST_COME, true));
        mvc.perform(get(base() + "/coupons/" + c.id()))
                .andExpect(content().string(containsString("data-get-anonymously")));
        MvcResult got = mvc.perform(
                        post(base() + "/coupons/" + c.id() + "/get-anonymously").with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        String setCookie = got.getResponse().getHeaders("Set-Cookie").stream()
                .filter(h -> h.startsWith(HolderCookies.ANONYMOUS + "="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie).contains("HttpOnly", "Max-Age=63072000", "Path=/c/" + shop.slug());
        String value = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        Cookie mine = new Cookie(HolderCookies.ANONYMOUS, value);
        String to = got.getResponse().getRedirectedUrl();
        String code = to.substring(to.lastIndexOf('/') + 1);
        assertThat(now(shop, code).holder()).isEqualTo(HolderCookies.ANONYMOUS_PREFIX + value);
        mvc.perform(get(to).cookie(mine)).andExpect(status().isOk());
        // without the cookie (another browser) the coupon is not found
        mvc.perform(get(to)).andExpect(status().isNotFound());

        // a coupon that does not allow it refuses with a message
        var signedOnly = published(shop, yenOff());
        mvc.perform(post(base() + "/coupons/" + signedOnly.id() + "/get-anonymously")
                        .with(csrf()))
                .andExpect(redirectedUrl(base() + "/coupons/" + signedOnly.id()))
                .andExpect(flash().attribute("refusal", "coupon.holder.refused.anonymous_not_allowed"));
    }

    @Test
    void refusalsAreMessagesOnThePage() throws Exception {
        var c = published(shop, yenOff().withCaps(1, 1, 1));
        held(shop, c.id(), "first@example.jp");
        MvcResult refused = mvc.perform(post(base() + "/coupons/" + c.id() + "/get")
                        .cookie(session(shop, "second@example.jp"))
                        .with(csrf()))
                .andExpect(redirectedUrl(base() + "/coupons/" + c.id()))
                .andExpect(flash().attribute("refusal", "coupon.holder.refused.cap_reached"))
                .andReturn();
        mvc.perform(get(base() + "/coupons/" + c.id())
                        .locale(java.util.Locale.JAPANESE)
                        .cookie(refused.getResponse().getCookies()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("配布予定枚数に達しました")));

        var perHolder = published(shop, yenOff().withCaps(null, 1, 1));
        Cookie me = session(shop, "twice@example.jp");
        mvc.perform(post(base() + "/coupons/" + perHolder.id() + "/get")
                        .cookie(me)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post(base() + "/coupons/" + perHolder.id() + "/get")
                        .cookie(me)
                        .with(csrf()))
                .andExpect(flash().attribute("refusal", "coupon.holder.refused.holder_cap_reached"));

        var lottery = published(shop, yenOff().withAcquisition(CouponDraft.Acquisition.LOTTERY, false));
        mvc.perform(get(base() + "/coupons/" + lottery.id()))
                .andExpect(content().string(containsString("data-lottery")));
        mvc.perform(post(base() + "/coupons/" + lottery.id() + "/get")
                        .cookie(me)
                        .with(csrf()))
                .andExpect(flash().attribute("refusal", "coupon.holder.refused.acquisition_by_lottery"));

        var closed = published(shop, yenOff());
        binder.runAs(shop.id(), () -> coupons.close(closed.id()));
        mvc.perform(get(base() + "/coupons/" + closed.id())).andExpect(content().string(containsString("data-closed")));
        mvc.perform(post(base() + "/coupons/" + closed.id() + "/get").cookie(me).with(csrf()))
                .andExpect(flash().attribute("refusal", "coupon.holder.refused.coupon_closed"));
    }

    @Test
    void anotherHoldersOrAnotherTenantsCodeIsTheNotFoundPage() throws Exception {
        var c = published(shop, yenOff());
        String theirs = held(shop, c.id(), "them@example.jp").code();
        var elsewhere = published(other, yenOff());
        String otherTenants = held(other, elsewhere.id(), "me@example.jp").code();
        Cookie me = session(shop, "me@example.jp");
        for (String code : List.of(theirs, otherTenants, "NOTACODE", "x".repeat(100))) {
            mvc.perform(get(base() + "/coupons/mine/" + code).cookie(me)).andExpect(status().isNotFound());
            mvc.perform(get(base() + "/coupons/mine/" + code + "/token").cookie(me))
                    .andExpect(status().isNotFound());
            mvc.perform(post(base() + "/coupons/mine/" + code + "/pin")
                            .cookie(me)
                            .param("store", store.toString())
                            .param("pin", pin)
                            .param("key", UUID.randomUUID().toString())
                            .with(csrf()))
                    .andExpect(status().isNotFound());
            mvc.perform(post(base() + "/coupons/mine/" + code + "/staff")
                            .cookie(me)
                            .param("key", UUID.randomUUID().toString())
                            .with(csrf()))
                    .andExpect(status().isNotFound());
            mvc.perform(post(base() + "/s/" + qr + "/use")
                            .cookie(me)
                            .param("code", code)
                            .param("key", UUID.randomUUID().toString())
                            .with(csrf()))
                    .andExpect(status().isNotFound());
        }
        assertThat(now(shop, theirs).usesLeft()).isEqualTo(1);
        assertThat(now(other, otherTenants).usesLeft()).isEqualTo(1);
        // another tenant's store QR token finds no store here
        String theirQr = binder.callAs(
                other.id(),
                () -> stores.secrets(stores.create(new StoreDraft("他社店", null, null, null, null, null))
                                .id())
                        .qrToken());
        mvc.perform(get(base() + "/s/" + theirQr).cookie(me)).andExpect(status().isNotFound());
        mvc.perform(get(base() + "/s/unknown-token").cookie(me)).andExpect(status().isNotFound());
    }

    @Test
    void malformedUseFormsAreMessagesAndAWrongPinChangesNothing() throws Exception {
        var c = published(shop, yenOff().withStores(List.of(store, secondStore)));
        Cookie me = session(shop, "forms@example.jp");
        String code = held(shop, c.id(), "forms@example.jp").code();
        String path = base() + "/coupons/mine/" + code;

        // no store chosen, a store that is not one, no key, no PIN, a PIN far too long
        mvc.perform(post(path + "/pin")
                        .cookie(me)
                        .param("pin", pin)
                        .param("key", "k-1")
                        .with(csrf()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("data-refusal")));
        mvc.perform(post(path + "/pin")
                        .cookie(me)
                        .param("store", "../etc")
                        .param("pin", pin)
                        .param("key", "k-2")
                        .with(csrf()))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(post(path + "/pin")
                        .cookie(me)
                        .param("store", store.toString())
                        .param("pin", pin)
                        .with(csrf()))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(post(path + "/pin")
                        .cookie(me)
                        .param("store", store.toString())
                        .param("key", "k-3")
                        .with(csrf()))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(post(path + "/pin")
                        .cookie(me)
                        .param("store", store.toString())
                        .param("pin", "9".repeat(5000))
                        .param("key", "k-4")
                        .with(csrf()))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(post(path + "/pin")
                        .cookie(me)
                        .param("store", store.toString())
                        .param("pin", pin)
                        .param("key", "bad key with spaces")
                        .with(csrf()))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(post(path + "/staff").cookie(me).param("key", "k-5").with(csrf()))
                .andExpect(status().isUnprocessableContent());

        // a wrong PIN: the message, and the coupon still unused
        mvc.perform(post(path + "/pin")
                        .cookie(me)
                        .locale(java.util.Locale.JAPANESE)
                        .param("store", store.toString())
                        .param("pin", "0000".equals(pin) ? "1111" : "0000")
                        .param("key", "k-6")
                        .with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("店舗PINが正しくありません")));
        assertThat(now(shop, code).usesLeft()).isEqualTo(1);
        assertThat(now(shop, code).lastUse()).isNull();
    }

    @Test
    void theStorePinUsesTheCouponOnceWhateverTheRetries() throws Exception {
        var c = published(shop, yenOff().withStores(List.of(store, secondStore)));
        Cookie me = session(shop, "pin@example.jp");
        String code = held(shop, c.id(), "pin@example.jp").code();
        String path = base() + "/coupons/mine/" + code;
        for (int i = 0; i < 2; i++) {
            mvc.perform(post(path + "/pin")
                            .cookie(me)
                            .param("store", store.toString())
                            .param("pin", pin)
                            .param("key", "double-tap-1")
                            .with(csrf()))
                    .andExpect(redirectedUrl(path));
        }
        var used = now(shop, code);
        assertThat(used.usesLeft()).isZero();
        assertThat(used.lastUse().storeId()).isEqualTo(store);
        assertThat(binder.callAs(shop.id(), () -> redemptions.redemptions(c.id())))
                .hasSize(1);
        mvc.perform(get(path).cookie(me).locale(java.util.Locale.JAPANESE))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("新宿店で")))
                .andExpect(content().string(containsString("data-token")))
                .andExpect(content().string(not(containsString("data-pin-input"))));
        // a new key on a used coupon: the message, no second use
        mvc.perform(post(path + "/pin")
                        .cookie(me)
                        .param("store", store.toString())
                        .param("pin", pin)
                        .param("key", "another")
                        .with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("data-refusal")));
    }

    @Test
    void staffPressingUseAndTheStoreQrCodeEachRecordAUseOfATicket() throws Exception {
        var c = published(shop, yenOff().withCaps(null, null, 3));
        Cookie me = session(shop, "ticket@example.jp");
        String code = held(shop, c.id(), "ticket@example.jp").code();
        String path = base() + "/coupons/mine/" + code;
        mvc.perform(post(path + "/staff")
                        .cookie(me)
                        .param("store", secondStore.toString())
                        .param("key", "staff-1")
                        .with(csrf()))
                .andExpect(redirectedUrl(path));
        assertThat(now(shop, code).usesLeft()).isEqualTo(2);

        mvc.perform(get(base() + "/s/" + qr).cookie(me).locale(java.util.Locale.JAPANESE))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("新宿店")))
                .andExpect(content().string(containsString("data-code=\"" + code + "\"")));
        mvc.perform(post(base() + "/s/" + qr + "/use")
                        .cookie(me)
                        .param("code", code)
                        .param("key", "qr-1")
                        .with(csrf()))
                .andExpect(redirectedUrl(path));
        var after = now(shop, code);
        assertThat(after.usesLeft()).isEqualTo(1);
        assertThat(after.lastUse().storeId()).isEqualTo(store);
        mvc.perform(get(path).cookie(me).locale(java.util.Locale.JAPANESE))
                .andExpect(content().string(containsString("残り1回（全3回）")));
        // the store page without a holder asks to sign in; a use form without a key is a message
        mvc.perform(get(base() + "/s/" + qr))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-signin")));
        mvc.perform(post(base() + "/s/" + qr + "/use")
                        .cookie(me)
                        .param("code", code)
                        .with(csrf()))
                .andExpect(status().isUnprocessableContent());
        assertThat(now(shop, code).usesLeft()).isEqualTo(1);
    }

    @Test
    void theWalletSortsHeldUsedAndExpiredAndCanBeAddedToTheHomeScreen() throws Exception {
        var c = published(shop, yenOff().withCaps(null, 3, 1));
        Cookie me = session(shop, "wallet@example.jp");
        String usable = held(shop, c.id(), "wallet@example.jp").code();
        String used = held(shop, c.id(), "wallet@example.jp").code();
        binder.runAs(shop.id(), () -> redemptions.redeem(used, store, jp.tokuten.coupons.Proof.staff(), "w-1"));
        mvc.perform(get(base() + "/coupons/mine").cookie(me))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-section=\"usable\"")))
                .andExpect(content().string(containsString("data-section=\"used\"")))
                .andExpect(content().string(containsString("data-section=\"expired\"")))
                .andExpect(content().string(containsString("state-usable\" data-code=\"" + usable)))
                .andExpect(content().string(containsString("state-used\" data-code=\"" + used)));
        mvc.perform(get(base() + "/coupons/mine")).andExpect(content().string(containsString("data-signin")));
        mvc.perform(get(base() + "/coupons/manifest.webmanifest"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.valueOf("application/manifest+json")))
                .andExpect(jsonPath("$.start_url").value("/c/" + shop.slug() + "/coupons/mine"))
                .andExpect(jsonPath("$.display").value("standalone"))
                .andExpect(jsonPath("$.icons[0].sizes").value("192x192"));
        mvc.perform(get("/images/coupons/icon-192.png")).andExpect(status().isOk());
        mvc.perform(get("/images/coupons/apple-touch-icon.png")).andExpect(status().isOk());
    }
}
