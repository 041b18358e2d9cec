package jp.tokuten.coupons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.stores.StoreDraft;
import jp.tokuten.stores.Stores;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant's side of coupons in the admin console, through MockMvc on the real database: the coupon form
 * with its errors by field, publish and close, the reports and CSVs, and store staff's redemption screen.
 */
@TokutenTest
class AdminCouponConsoleTests {

    static final String PASSWORD = "coupon console pass phrase";
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

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
    DataSource dataSource;

    @Autowired
    TransactionTemplate tx;

    TenantView shop;
    UUID shibuya;
    Cookie editor;

    @BeforeEach
    void aTenantWithAStoreAndAnEditor() throws Exception {
        shop = TenantFixtures.aTenant(tenants, "console-coupons");
        shibuya = binder.callAs(
                shop.id(),
                () -> stores.create(new StoreDraft("渋谷店", null, null, "東京都", null, null))
                        .id());
        editor = signedIn(shop, TenantRole.EDITOR);
    }

    Cookie signedIn(TenantView t, TenantRole role) throws Exception {
        String email = role.name().toLowerCase() + "-" + System.nanoTime() + "@coupons.example";
        binder.callAs(t.id(), () -> users.create(email, role.name(), role, PASSWORD));
        return ConsoleSignIns.forTenantUsers(mvc).adminSignIn(t.slug(), email, PASSWORD);
    }

    /**
     * The form as a browser sends it: a ¥100-off coupon valid 14 days, one use, every store; {@code changes}
     * are name and value pairs that replace a field (a name given twice sends both values).
     */
    MockHttpServletRequestBuilder form(String path, String... changes) {
        var fields = new java.util.LinkedHashMap<String, java.util.List<String>>();
        String[] defaults = {
            "title", "ドリンク100円引き",
            "description", "ご来店ありがとうございます",
            "terms", "他の割引との併用はできません",
            "benefitType", "amount_off",
            "amount", "１００",
            "percent", "",
            "benefitText", "",
            "validity", "days",
            "validDays", "14",
            "validFrom", "",
            "validTo", "",
            "hoursFrom", "",
            "hoursTo", "",
            "totalCap", "1,000",
            "perHolderCap", "1",
            "usesPerCoupon", "1",
            "budget", "",
            "valuePerUse", "",
            "acquisition", "first_come",
            "reversalWindowMinutes", "60",
            "reversalRestores", "true"
        };
        for (int i = 0; i < defaults.length; i += 2) {
            fields.put(defaults[i], new java.util.ArrayList<>(java.util.List.of(defaults[i + 1])));
        }
        var changed = new java.util.HashSet<String>();
        for (int i = 0; i < changes.length; i += 2) {
            if (changed.add(changes[i])) {
                fields.put(changes[i], new java.util.ArrayList<>());
            }
            fields.get(changes[i]).add(changes[i + 1]);
        }
        var request = post(path).with(csrf());
        fields.forEach((name, values) -> request.param(name, values.toArray(String[]::new)));
        return request;
    }

    UUID created(MockHttpServletResponse response) {
        assertThat(response.getStatus()).isEqualTo(302);
        Matcher m = Pattern.compile("/admin/coupons/([0-9a-f-]{36})$").matcher(response.getRedirectedUrl());
        assertThat(m.find()).as(response.getRedirectedUrl()).isTrue();
        return UUID.fromString(m.group(1));
    }

    CouponView coupon(UUID id) {
        return binder.callAs(shop.id(), () -> coupons.require(id));
    }

    String page(MockHttpServletRequestBuilder request, Cookie who, int expected) throws Exception {
        var response = mvc.perform(request.cookie(who)).andReturn().getResponse();
        assertThat(response.getStatus()).as(request.toString()).isEqualTo(expected);
        return response.getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void anEditorCreatesEditsPublishesAndClosesACouponWithEverySetting() throws Exception {
        UUID id = created(mvc.perform(form(
                                "/admin/coupons",
                                "weekdays",
                                "1",
                                "weekdays",
                                "5",
                                "hoursFrom",
                                "10:00",
                                "hoursTo",
                                "18:00",
                                "stores",
                                shibuya.toString(),
                                "anonymous",
                                "true",
                                "budget",
                                "50000",
                                "usesPerCoupon",
                                "3")
                        .cookie(editor))
                .andReturn()
                .getResponse());
        var c = coupon(id);
        assertThat(c.status()).isEqualTo(CouponStatus.DRAFT);
        assertThat(c.benefit().amount()).isEqualTo(100L);
        assertThat(c.totalCap()).isEqualTo(1000);
        assertThat(c.usesPerCoupon()).isEqualTo(3);
        assertThat(c.weekdays()).containsExactlyInAnyOrder(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY);
        assertThat(c.hoursFrom()).isEqualTo(java.time.LocalTime.of(10, 0));
        assertThat(c.stores()).containsExactly(shibuya);
        assertThat(c.anonymous()).isTrue();
        assertThat(c.budget()).isEqualTo(50000L);
        assertThat(c.valuePerUse()).isEqualTo(100L);

        String edit = page(get("/admin/coupons/" + id), editor, 200);
        assertThat(edit).contains("data-coupon-preview", "100円引き", "取得日から14日間", "data-publish");

        created(mvc.perform(form(
                                "/admin/coupons/" + id,
                                "validity",
                                "period",
                                "validFrom",
                                TODAY.toString(),
                                "validTo",
                                TODAY.plusDays(30).toString(),
                                "benefitType",
                                "percent_off",
                                "percent",
                                "15")
                        .cookie(editor))
                .andReturn()
                .getResponse());
        c = coupon(id);
        assertThat(c.benefit().percent()).isEqualTo(15);
        assertThat(c.validDays()).isNull();
        assertThat(c.validTo()).isEqualTo(TODAY.plusDays(30));

        mvc.perform(post("/admin/coupons/" + id + "/publish").with(csrf()).cookie(editor))
                .andExpect(status().is3xxRedirection());
        assertThat(coupon(id).status()).isEqualTo(CouponStatus.PUBLISHED);
        // published: only the texts change, whatever else the form sends
        created(mvc.perform(form("/admin/coupons/" + id, "title", "ランチ15%オフ", "amount", "999")
                        .cookie(editor))
                .andReturn()
                .getResponse());
        c = coupon(id);
        assertThat(c.title()).isEqualTo("ランチ15%オフ");
        assertThat(c.benefit().percent()).isEqualTo(15);
        // publishing again is refused on the page, and changes nothing
        String again = page(post("/admin/coupons/" + id + "/publish").with(csrf()), editor, 409);
        assertThat(again).contains("data-action-error");

        mvc.perform(post("/admin/coupons/" + id + "/close").with(csrf()).cookie(editor))
                .andExpect(status().is3xxRedirection());
        assertThat(coupon(id).status()).isEqualTo(CouponStatus.CLOSED);
        assertThat(page(get("/admin/coupons?status=closed"), editor, 200)).contains("ランチ15%オフ");
        assertThat(page(get("/admin/coupons?status=draft"), editor, 200)).doesNotContain("ランチ15%オフ");
        assertThat(page(get("/admin/coupons/" + id + "/preview"), editor, 200))
                .contains("data-preview-benefit", "15%オフ");
    }

    @Test
    void badInputIsShownAtItsFieldAndCreatesNothing() throws Exception {
        record Case(String param, String value, String field) {}
        var cases = java.util.List.of(
                new Case("title", "", "title"),
                new Case("amount", "百円", "benefit.amount"),
                new Case("benefitType", "coupon", "benefit"),
                new Case("validDays", "0", "validity.days"),
                new Case("totalCap", "-5", "totalCap"),
                new Case("hoursFrom", "25:99", "hours.from"),
                new Case("weekdays", "8", "weekdays"),
                new Case("stores", UUID.randomUUID().toString(), "stores"),
                new Case("stores", "not-an-id", "stores"),
                new Case("acquisition", "raffle", "acquisition"),
                new Case("reversalWindowMinutes", "99999999999", "reversalWindowMinutes"));
        for (Case c : cases) {
            String body = page(form("/admin/coupons", c.param(), c.value()), editor, 400);
            assertThat(body).as(c.toString()).contains("data-field-error data-field=\"" + c.field() + "\"");
        }
        String dates = page(
                form("/admin/coupons", "validity", "period", "validFrom", "2026-13-45", "validTo", TODAY.toString()),
                editor,
                400);
        assertThat(dates).contains("data-field=\"validity.from\"", "開始日を正しい日付");
        String backwards = page(
                form(
                        "/admin/coupons",
                        "validity",
                        "period",
                        "validFrom",
                        TODAY.toString(),
                        "validTo",
                        TODAY.minusDays(1).toString()),
                editor,
                400);
        assertThat(backwards).contains("data-field=\"validity.to\"");
        assertThat(binder.callAs(shop.id(), () -> coupons.list(null))).isEmpty();
    }

    @Test
    void unknownIdsAndAnotherTenantsCouponAreNotFound() throws Exception {
        var other = TenantFixtures.aTenant(tenants, "console-coupons-other");
        UUID theirs = binder.callAs(
                other.id(), () -> coupons.create(CouponFixtures.yenOff(100)).id());
        for (String id : java.util.List.of(theirs.toString(), UUID.randomUUID().toString(), "not-a-uuid")) {
            for (String path : java.util.List.of(
                    "", "/preview", "/analytics", "/redemptions", "/redemptions.csv", "/poster.pdf")) {
                page(get("/admin/coupons/" + id + path), editor, 404);
            }
            page(post("/admin/coupons/" + id + "/publish").with(csrf()), editor, 404);
            page(post("/admin/coupons/" + id + "/close").with(csrf()), editor, 404);
            page(form("/admin/coupons/" + id), editor, 404);
        }
        assertThat(binder.callAs(other.id(), () -> coupons.require(theirs).status()))
                .isEqualTo(CouponStatus.DRAFT);
    }

    @Test
    void aViewerReadsButCannotPublishAndStoreStaffRedeemButCannotEdit() throws Exception {
        UUID id = binder.callAs(
                shop.id(), () -> coupons.create(CouponFixtures.yenOff(100)).id());
        Cookie viewer = signedIn(shop, TenantRole.VIEWER);
        assertThat(page(get("/admin/coupons/" + id), viewer, 200)).doesNotContain("data-publish", "data-save");
        page(post("/admin/coupons/" + id + "/publish").with(csrf()), viewer, 403);
        page(form("/admin/coupons/" + id), viewer, 403);
        page(get("/admin/redeem"), viewer, 403);
        assertThat(coupon(id).status()).isEqualTo(CouponStatus.DRAFT);

        Cookie staff = signedIn(shop, TenantRole.STORE_STAFF);
        page(get("/admin/coupons"), staff, 403);
        page(get("/admin/coupons/" + id), staff, 403);
        page(form("/admin/coupons"), staff, 403);
        page(post("/admin/coupons/" + id + "/publish").with(csrf()), staff, 403);
        assertThat(page(get("/admin/redeem"), staff, 200)).contains("data-store-choice");
    }

    /** A published single-use ¥100-off coupon good at Shibuya, held by a holder; its code. */
    String aHeldCoupon() {
        return binder.callAs(shop.id(), () -> {
            var c = coupons.publish(coupons.create(CouponFixtures.yenOff(100)
                            .withStores(java.util.List.of(shibuya))
                            .withBudget(10_000L, null))
                    .id());
            return acquisitions.acquire(c.id(), "holder@example.jp").code();
        });
    }

    String staleToken(String code) {
        var instance = binder.callAs(shop.id(), () -> redemptions.instance(code).orElseThrow());
        byte[] key = binder.callAs(shop.id(), () -> tx.execute(s -> redemptions.tokenKeyFor(instance)));
        return RotatingTokens.token(key, instance.id(), RotatingTokens.step(Instant.now()) - 3);
    }

    String currentToken(String code) {
        return binder.callAs(shop.id(), () -> redemptions.currentToken(code).value());
    }

    @Test
    void storeStaffRefuseAStaleTokenUseTheCurrentOneOnceAndReverseItWithAReason() throws Exception {
        String code = aHeldCoupon();
        Cookie staff = signedIn(shop, TenantRole.STORE_STAFF);
        // no store chosen yet: checking goes back to the choice; an unknown store is refused
        page(
                post("/admin/redeem/store")
                        .with(csrf())
                        .param("store", UUID.randomUUID().toString()),
                staff,
                400);
        mvc.perform(post("/admin/redeem/store")
                        .with(csrf())
                        .param("store", shibuya.toString())
                        .cookie(staff))
                .andExpect(status().is3xxRedirection());
        assertThat(page(get("/admin/redeem"), staff, 200)).contains("data-current-store", "渋谷店");

        String stale = page(
                post("/admin/redeem/check").with(csrf()).param("code", code).param("token", staleToken(code)),
                staff,
                409);
        assertThat(stale).contains("data-code=\"stale_token\"").doesNotContain("data-use-button");
        String staleUse = page(
                post("/admin/redeem/use")
                        .with(csrf())
                        .param("code", code)
                        .param("token", staleToken(code))
                        .param("idempotencyKey", UUID.randomUUID().toString()),
                staff,
                409);
        assertThat(staleUse).contains("data-code=\"stale_token\"");
        page(
                post("/admin/redeem/check")
                        .with(csrf())
                        .param("code", "ZZZZZZZZZZZZ")
                        .param("token", "123456"),
                staff,
                404);
        page(post("/admin/redeem/check").with(csrf()).param("code", code).param("token", "12"), staff, 409);
        assertThat(binder.callAs(
                        shop.id(),
                        () -> redemptions.instance(code).orElseThrow().usesLeft()))
                .isEqualTo(1);

        String checked = page(
                post("/admin/redeem/check").with(csrf()).param("code", code).param("token", currentToken(code)),
                staff,
                200);
        assertThat(checked).contains("data-checked", "data-state=\"usable\"", "100円引き", "data-use-button");
        Matcher key =
                Pattern.compile("name=\"idempotencyKey\" value=\"([^\"]+)\"").matcher(checked);
        assertThat(key.find()).isTrue();
        for (int i = 0; i < 2; i++) { // pressed twice: one use
            mvc.perform(post("/admin/redeem/use")
                            .with(csrf())
                            .param("code", code)
                            .param("token", currentToken(code))
                            .param("idempotencyKey", key.group(1))
                            .cookie(staff))
                    .andExpect(status().is3xxRedirection());
        }
        var uses = binder.callAs(
                shop.id(),
                () -> redemptions.redemptions(coupons.list(null).getFirst().id()));
        assertThat(uses).hasSize(1);
        assertThat(uses.getFirst().storeId()).isEqualTo(shibuya);
        assertThat(uses.getFirst().proof()).isEqualTo("token");
        String screen = page(get("/admin/redeem"), staff, 200);
        assertThat(screen).contains("data-today-use", "data-reverse-button");

        String used = page(
                post("/admin/redeem/check").with(csrf()).param("code", code).param("token", currentToken(code)),
                staff,
                200);
        assertThat(used).contains("data-state=\"used\"").doesNotContain("data-use-button");

        String rid = uses.getFirst().redemptionId().toString();
        Cookie anEditor = signedIn(shop, TenantRole.EDITOR);
        page(
                post("/admin/redeem/reverse")
                        .with(csrf())
                        .param("code", code)
                        .param("redemption", rid)
                        .param("reason", "誤操作"),
                anEditor,
                403);
        String noReason = page(
                post("/admin/redeem/reverse")
                        .with(csrf())
                        .param("code", code)
                        .param("redemption", rid)
                        .param("reason", " "),
                staff,
                400);
        assertThat(noReason).contains("data-code=\"invalid_reason\"");
        page(
                post("/admin/redeem/reverse")
                        .with(csrf())
                        .param("code", code)
                        .param("redemption", "x")
                        .param("reason", "誤操作"),
                staff,
                404);
        mvc.perform(post("/admin/redeem/reverse")
                        .with(csrf())
                        .param("code", code)
                        .param("redemption", rid)
                        .param("reason", "お客様の申し出により取消")
                        .cookie(staff))
                .andExpect(status().is3xxRedirection());
        assertThat(binder.callAs(
                        shop.id(),
                        () -> redemptions.instance(code).orElseThrow().usesLeft()))
                .isEqualTo(1);
        assertThat(page(get("/admin/redeem"), staff, 200)).contains("data-use-reversed", "お客様の申し出により取消");
    }

    @Test
    void anotherTenantsCodeIsNotFoundOnTheRedemptionScreen() throws Exception {
        var other = TenantFixtures.aTenant(tenants, "console-coupons-elsewhere");
        String theirs = binder.callAs(other.id(), () -> {
            var c = coupons.publish(coupons.create(CouponFixtures.yenOff(100)).id());
            return acquisitions.acquire(c.id(), "them@example.jp").code();
        });
        String token =
                binder.callAs(other.id(), () -> redemptions.currentToken(theirs).value());
        Cookie staff = signedIn(shop, TenantRole.STORE_STAFF);
        mvc.perform(post("/admin/redeem/store")
                        .with(csrf())
                        .param("store", shibuya.toString())
                        .cookie(staff))
                .andExpect(status().is3xxRedirection());
        page(post("/admin/redeem/check").with(csrf()).param("code", theirs).param("token", token), staff, 404);
        page(
                post("/admin/redeem/use")
                        .with(csrf())
                        .param("code", theirs)
                        .param("token", token)
                        .param("idempotencyKey", UUID.randomUUID().toString()),
                staff,
                404);
        assertThat(binder.callAs(
                        other.id(),
                        () -> redemptions.instance(theirs).orElseThrow().usesLeft()))
                .isEqualTo(1);
    }

    /** One use at Shibuya of a ¥100-off coupon with a budget, made through the service. */
    UUID aUse() {
        String code = aHeldCoupon();
        binder.callAs(shop.id(), () -> redemptions.redeem(code, shibuya, Proof.staff(), null));
        return binder.callAs(shop.id(), () -> coupons.list(null).getFirst().id());
    }

    @Test
    void analyticsAndTheUseLogShowTheUses() throws Exception {
        UUID id = aUse();
        String analytics = page(get("/admin/coupons/" + id + "/analytics"), editor, 200);
        assertThat(analytics)
                .contains("data-figure=\"used\">1<", "data-figure=\"issued\">1<", "data-series=\"used\"")
                .contains("data-store-bar", "渋谷店", "<rect");
        String log = page(get("/admin/coupons/" + id + "/redemptions"), editor, 200);
        assertThat(log).contains("data-use", "渋谷店", "/api/v1/coupons/" + id + "/redemptions.csv");
        var csv = mvc.perform(get("/admin/coupons/" + id + "/redemptions.csv").cookie(editor))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(csv.getContentAsByteArray()).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(csv.getContentAsString(StandardCharsets.UTF_8)).contains("渋谷店");
        String detail = page(get("/admin/coupons/" + id), editor, 200);
        assertThat(detail).contains("/admin/coupons/" + id + "/poster.pdf", "/coupons/" + id + "\"");
        var pdf = mvc.perform(get("/admin/coupons/" + id + "/poster.pdf").cookie(editor))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(pdf.getContentType()).isEqualTo("application/pdf");
        assertThat(new String(pdf.getContentAsByteArray(), 0, 5, StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
    }

    @Test
    void theSettlementCsvSumsUsesByStoreInUtf8OrShiftJis() throws Exception {
        UUID id = aUse();
        String day = TODAY.toString();
        var utf8 = mvc.perform(get("/admin/coupons/settlement.csv")
                        .param("from", day)
                        .param("to", day)
                        .param("store", shibuya.toString())
                        .cookie(editor))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn()
                .getResponse();
        byte[] bytes = utf8.getContentAsByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(text.lines().toList())
                .containsExactly(
                        "店舗名,店舗ID,クーポン,クーポンID,利用数,取消数,純利用数,予算消化額（円）",
                        "渋谷店," + shibuya + ",100円引きクーポン," + id + ",1,0,1,100");
        var sjis = mvc.perform(get("/admin/coupons/settlement.csv")
                        .param("from", day)
                        .param("to", day)
                        .param("charset", "Shift_JIS")
                        .cookie(editor))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(new String(sjis.getContentAsByteArray(), Charset.forName("windows-31j")))
                .contains("渋谷店," + shibuya);
        assertThat(page(get("/admin/coupons/settlement").param("from", day).param("to", day), editor, 200))
                .contains("data-settlement-row", "渋谷店");
        // the day before: nothing
        String before = TODAY.minusDays(1).toString();
        var empty = mvc.perform(get("/admin/coupons/settlement.csv")
                        .param("from", before)
                        .param("to", before)
                        .cookie(editor))
                .andReturn()
                .getResponse();
        assertThat(empty.getContentAsString(StandardCharsets.UTF_8).lines()).hasSize(1);

        page(get("/admin/coupons/settlement.csv").param("from", "2026-02-30").param("to", day), editor, 400);
        page(get("/admin/coupons/settlement.csv").param("from", day).param("to", before), editor, 400);
        page(get("/admin/coupons/settlement.csv").param("from", "2020-01-01").param("to", day), editor, 400);
        page(get("/admin/coupons/settlement.csv").param("from", day), editor, 400);
        page(
                get("/admin/coupons/settlement.csv")
                        .param("store", UUID.randomUUID().toString()),
                editor,
                404);
        var other = TenantFixtures.aTenant(tenants, "console-settle-other");
        UUID theirStore = binder.callAs(
                other.id(),
                () -> stores.create(new StoreDraft("他社店", null, null, null, null, null))
                        .id());
        page(get("/admin/coupons/settlement.csv").param("store", theirStore.toString()), editor, 404);
        page(get("/admin/coupons/settlement").param("from", "yesterday"), editor, 400);
    }

    @Test
    void theSettlementApiAnswersCsvToAViewerKeyAndProblemsForBadInput() throws Exception {
        UUID id = aUse();
        String key = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
        String day = TODAY.toString();
        var response = mvc.perform(get("/api/v1/coupons/settlement.csv")
                        .param("from", day)
                        .param("to", day)
                        .header("Authorization", key))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(response.getContentAsString(StandardCharsets.UTF_8))
                .contains("渋谷店," + shibuya + ",100円引きクーポン," + id + ",1,0,1,100");
        mvc.perform(get("/api/v1/coupons/settlement.csv")
                        .param("from", "2026/13/01")
                        .param("to", day)
                        .header("Authorization", key))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_period"))
                .andExpect(jsonPath("$.field").value("from"));
        mvc.perform(get("/api/v1/coupons/settlement.csv")
                        .param("from", day)
                        .param("to", TODAY.minusDays(3).toString())
                        .header("Authorization", key))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("to"));
        var other = TenantFixtures.aTenant(tenants, "api-settle-other");
        UUID theirStore = binder.callAs(
                other.id(),
                () -> stores.create(new StoreDraft("他社店", null, null, null, null, null))
                        .id());
        mvc.perform(get("/api/v1/coupons/settlement.csv")
                        .param("store", theirStore.toString())
                        .header("Authorization", key))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        String theirKey = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.VIEWER);
        String theirs = mvc.perform(get("/api/v1/coupons/settlement.csv")
                        .param("from", day)
                        .param("to", day)
                        .header("Authorization", theirKey))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(theirs.lines()).hasSize(1);
    }
}
