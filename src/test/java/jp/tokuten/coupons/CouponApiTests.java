package jp.tokuten.coupons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.stores.StoreDraft;
import jp.tokuten.stores.Stores;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The coupon API as issue 12 names it: create, publish, read with counts, acquire, issue, redeem (idempotent),
 * reverse, the per-use CSV; every documented refusal changes nothing; another tenant's ids are not found.
 */
@TokutenTest
class CouponApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    Stores stores;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    TenantView shop;
    String editor;
    String staff;
    String admin;
    UUID shibuya;
    UUID umeda;

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

    @BeforeEach
    void aTenantWithKeysAndTwoStores() {
        shop = TenantFixtures.aTenant(tenants, "api-coupons");
        editor = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);
        staff = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.STORE_STAFF);
        admin = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.ADMIN);
        shibuya = binder.callAs(
                shop.id(),
                () -> stores.create(new StoreDraft("渋谷店", null, null, "東京都", null, null))
                        .id());
        umeda = binder.callAs(
                shop.id(),
                () -> stores.create(new StoreDraft("梅田店", null, null, "大阪府", null, null))
                        .id());
    }

    ResultActions call(MockHttpServletRequestBuilder request, String key, String body) throws Exception {
        return mvc.perform(request.header("Authorization", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    String coupon(String extra) throws Exception {
        String body = call(post("/api/v1/coupons"), editor, """
                        {"title": "ドリンク100円引き", "benefit": {"type": "amount_off", "amount": 100},
                         "validity": {"days": 14}, "totalCap": 100, "perHolderCap": 1, "usesPerCoupon": 1,
                         "acquisition": "first_come" %s}""".formatted(extra))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = JsonPath.read(body, "$.id");
        call(post("/api/v1/coupons/" + id + "/publish"), editor, "").andExpect(status().isOk());
        return id;
    }

    String acquire(String coupon, String holder) throws Exception {
        String body = call(post("/api/v1/coupons/" + coupon + "/acquire"), editor, """
                        {"holder": "%s"}""".formatted(holder))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return JsonPath.read(body, "$.code");
    }

    @Test
    void createsPublishesHandsOutRedeemsAndReversesThroughTheApi() throws Exception {
        String created = call(
                        post("/api/v1/coupons"), editor, """
                        {"title": "ランチ10%%オフ", "benefit": {"type": "percent_off", "percent": 10},
                         "validity": {"from": "%s", "to": "%s"}, "totalCap": 2, "perHolderCap": null,
                         "usesPerCoupon": 2, "stores": ["%s"], "acquisition": "first_come"}""".formatted(TODAY.minusDays(1), TODAY.plusDays(30), shibuya))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.status").value("draft"))
                .andExpect(jsonPath("$.benefit.type").value("percent_off"))
                .andExpect(jsonPath("$.stores[0]").value(shibuya.toString()))
                .andExpect(jsonPath("$.remaining").value(2))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = JsonPath.read(created, "$.id");
        call(post("/api/v1/coupons/" + id + "/acquire"), editor, "{\"holder\": \"a@example.jp\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("coupon_not_published"));
        call(post("/api/v1/coupons/" + id + "/publish"), editor, "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("published"));

        call(post("/api/v1/coupons/" + id + "/acquire"), editor, "{\"holder\": \"Hanako@Example.jp\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.couponId").value(id))
                .andExpect(jsonPath("$.usesLeft").value(2))
                .andExpect(jsonPath("$.validUntil").value(TODAY.plusDays(30) + "T23:59:59+09:00"));
        String prize = call(post("/api/v1/coupons/" + id + "/issue"), editor, "{\"holder\": \"member-0042\"}")
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String code = JsonPath.read(prize, "$.code");
        call(post("/api/v1/coupons/" + id + "/acquire"), editor, "{\"holder\": \"late@example.jp\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("cap_reached"));

        String used = call(
                        post("/api/v1/coupon-instances/" + code + "/redeem").header("Idempotency-Key", "pos-1"),
                        staff,
                        "{\"storeId\": \"%s\"}".formatted(shibuya))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.usesLeft").value(1))
                .andExpect(jsonPath("$.storeId").value(shibuya.toString()))
                .andExpect(jsonPath("$.usedAt").exists())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String again = call(
                        post("/api/v1/coupon-instances/" + code + "/redeem").header("Idempotency-Key", "pos-1"),
                        staff,
                        "{\"storeId\": \"%s\"}".formatted(shibuya))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(again).isEqualTo(used);
        String redemptionId = JsonPath.read(used, "$.redemptionId");

        call(get("/api/v1/coupons/" + id), staff, "")
                .andExpect(jsonPath("$.issued").value(2))
                .andExpect(jsonPath("$.used").value(1))
                .andExpect(jsonPath("$.reversed").value(0))
                .andExpect(jsonPath("$.remaining").value(0));

        call(post("/api/v1/coupon-instances/" + code + "/reverse"), staff, """
                        {"redemptionId": "%s", "reason": "二重に操作したため"}""".formatted(redemptionId))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reversedReason").value("二重に操作したため"));
        call(get("/api/v1/coupon-instances/" + code), staff, "")
                .andExpect(jsonPath("$.usesLeft").value(2));
        call(get("/api/v1/coupons/" + id), editor, "")
                .andExpect(jsonPath("$.used").value(0))
                .andExpect(jsonPath("$.reversed").value(1));

        var csv = mvc.perform(get("/api/v1/coupons/" + id + "/redemptions.csv").header("Authorization", editor))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        byte[] bytes = csv.getContentAsByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text)
                .contains("利用日時")
                .contains(CouponCodes.display(code))
                .contains("渋谷店")
                .contains("二重に操作したため");
        byte[] sjis = mvc.perform(get("/api/v1/coupons/" + id + "/redemptions.csv?charset=Shift_JIS")
                        .header("Authorization", editor))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(new String(sjis, Charset.forName("windows-31j"))).contains("渋谷店");
    }

    @Test
    void everyRefusalHasItsCodeAndChangesNothing() throws Exception {
        String id = coupon(", \"stores\": [\"%s\"]".formatted(shibuya));
        String code = acquire(id, "one@example.jp");
        call(post("/api/v1/coupons/" + id + "/acquire"), editor, "{\"holder\": \"ONE@example.jp\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("holder_cap_reached"));
        call(post("/api/v1/coupon-instances/" + code + "/redeem"), staff, "{\"storeId\": \"%s\"}".formatted(umeda))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("wrong_store"));
        call(post("/api/v1/coupon-instances/" + code + "/redeem"), staff, "{}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("wrong_store"));
        call(post("/api/v1/coupon-instances/ZZZZZZZZZZZZ/redeem"), staff, "{}")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        call(
                        post("/api/v1/coupon-instances/" + code + "/redeem"),
                        staff,
                        "{\"storeId\": \"%s\", \"token\": \"123456\"}".formatted(shibuya))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("stale_token"));
        call(get("/api/v1/coupon-instances/" + code), staff, "")
                .andExpect(jsonPath("$.usesLeft").value(1));

        call(
                        post("/api/v1/coupon-instances/" + code.toLowerCase() + "/redeem"),
                        staff,
                        "{\"storeId\": \"%s\"}".formatted(shibuya))
                .andExpect(status().isOk());
        call(post("/api/v1/coupon-instances/" + code + "/redeem"), staff, "{\"storeId\": \"%s\"}".formatted(shibuya))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("already_used"));
        call(get("/api/v1/coupons/" + id), editor, "")
                .andExpect(jsonPath("$.used").value(1));

        String dinner = coupon(", \"weekdays\": [\"%s\"]"
                .formatted(DayOfWeek.from(LocalDate.now(ZoneId.of("Asia/Tokyo")).plusDays(1))
                        .name()
                        .substring(0, 3)
                        .toLowerCase()));
        String dinnerCode = acquire(dinner, "two@example.jp");
        call(post("/api/v1/coupon-instances/" + dinnerCode + "/redeem"), staff, "{}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("outside_hours"));

        String later = coupon(
                ", \"validity\": {\"from\": \"%s\", \"to\": \"%s\"}".formatted(TODAY.plusDays(2), TODAY.plusDays(9)));
        String laterCode = acquire(later, "three@example.jp");
        call(post("/api/v1/coupon-instances/" + laterCode + "/redeem"), staff, "{}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("not_yet_valid"));

        String old = coupon("");
        String oldCode = acquire(old, "four@example.jp");
        binder.runAs(
                shop.id(),
                () -> tx.executeWithoutResult(s -> jdbc.update(
                        "update coupons.instances set valid_until = now() - interval '1 second' where code = ?",
                        oldCode)));
        call(post("/api/v1/coupon-instances/" + oldCode + "/redeem"), staff, "{}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("expired"));
        for (String c : new String[] {dinnerCode, laterCode, oldCode}) {
            call(get("/api/v1/coupon-instances/" + c), staff, "")
                    .andExpect(jsonPath("$.usesLeft").value(1));
        }
    }

    @Test
    void badInputIsRefusedWithAFieldAndNeverA5xx() throws Exception {
        String[][] cases = {
            {"{}", "title"},
            {"{\"title\": \"x\"}", "benefit"},
            {"{\"title\": \"x\", \"benefit\": {\"type\": \"cashback\"}, \"validity\": {\"days\": 1}}", "benefit.type"},
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"amount_off\"}, \"validity\": {\"days\": 1}}",
                "benefit.amount"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"amount_off\", \"amount\": \"100\"}, \"validity\": {\"days\": 1}}",
                "benefit.amount"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"percent_off\", \"percent\": 120}, \"validity\": {\"days\": 1}}",
                "benefit.percent"
            },
            {"{\"title\": \"x\", \"benefit\": {\"type\": \"gift\"}, \"validity\": {\"days\": 1}}", "benefit.text"},
            {"{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}}", "validity"},
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"from\": \"2026-02-30\", \"to\": \"2026-03-01\"}}",
                "validity.from"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"from\": \"2026-03-02\", \"to\": \"2026-03-01\"}}",
                "validity.to"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"days\": 0}}",
                "validity.days"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"days\": 3}, \"totalCap\": 0}",
                "totalCap"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"days\": 3}, \"perHolderCap\": -1}",
                "perHolderCap"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"days\": 3}, \"usesPerCoupon\": 1.5}",
                "usesPerCoupon"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"days\": 3}, \"stores\": [\"nope\"]}",
                "stores[0]"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"days\": 3}, \"stores\": [\""
                        + UUID.randomUUID() + "\"]}",
                "stores[0]"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"days\": 3}, \"acquisition\": \"fastest\"}",
                "acquisition"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"days\": 3}, \"weekdays\": [\"月\"]}",
                "weekdays[0]"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"days\": 3}, \"hours\": {\"from\": \"14:00\", \"to\": \"11:00\"}}",
                "hours.to"
            },
            {
                "{\"title\": \"x\", \"benefit\": {\"type\": \"text\", \"text\": \"t\"}, \"validity\": {\"days\": 3}, \"budget\": 1000}",
                "valuePerUse"
            },
            {"[]", "body"},
        };
        for (String[] c : cases) {
            call(post("/api/v1/coupons"), editor, c[0])
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("invalid_coupon"))
                    .andExpect(jsonPath("$.field").value(c[1]));
        }
        call(post("/api/v1/coupons"), editor, "{not json").andExpect(status().isBadRequest());
        call(get("/api/v1/coupons"), editor, "").andExpect(jsonPath("$.coupons").isEmpty());

        String id = coupon("");
        call(post("/api/v1/coupons/" + id + "/acquire"), editor, "{}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_holder"));
        call(post("/api/v1/coupons/" + id + "/acquire"), editor, "{\"holder\": 42}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_holder"));
        call(post("/api/v1/coupons/" + id + "/publish"), editor, "")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invalid_transition"));
        call(put("/api/v1/coupons/" + id), editor, """
                        {"title": "新しい名前", "benefit": {"type": "amount_off", "amount": 500}, "validity": {"days": 14},
                         "totalCap": 100, "perHolderCap": 1}""")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("coupon_published"))
                .andExpect(jsonPath("$.field").value("benefit"));
        String code = acquire(id, "bad@example.jp");
        call(post("/api/v1/coupon-instances/" + code + "/redeem").header("Idempotency-Key", "  "), staff, "{}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_idempotency_key"));
        call(post("/api/v1/coupon-instances/" + code + "/redeem"), staff, "{\"storeId\": 7}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_redemption"));
        call(post("/api/v1/coupon-instances/" + code + "/redeem"), staff, "{\"storeId\": \"not-a-store\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("wrong_store"));
        call(
                        post("/api/v1/coupon-instances/" + code + "/reverse"),
                        staff,
                        "{\"redemptionId\": \"x\", \"reason\": \"r\"}")
                .andExpect(status().isNotFound());
        String used = call(post("/api/v1/coupon-instances/" + code + "/redeem"), staff, "{}")
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String redemption = JsonPath.read(used, "$.redemptionId");
        call(
                        post("/api/v1/coupon-instances/" + code + "/reverse"),
                        staff,
                        "{\"redemptionId\": \"%s\"}".formatted(redemption))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_reason"));
        binder.runAs(
                shop.id(),
                () -> tx.executeWithoutResult(s -> jdbc.update(
                        "update coupons.redemptions set used_at = now() - interval '2 hours' where id = ?::uuid",
                        redemption)));
        call(
                        post("/api/v1/coupon-instances/" + code + "/reverse"),
                        admin,
                        "{\"redemptionId\": \"%s\", \"reason\": \"遅い\"}".formatted(redemption))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("reversal_window_passed"));
        call(get("/api/v1/coupons/" + id), editor, "")
                .andExpect(jsonPath("$.used").value(1));
    }

    @Test
    void rolesDecideWhoMayDoWhat() throws Exception {
        String id = coupon("");
        String code = acquire(id, "roles@example.jp");
        String viewer = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
        call(post("/api/v1/coupons/" + id + "/acquire"), viewer, "{\"holder\": \"x@example.jp\"}")
                .andExpect(status().isForbidden());
        call(post("/api/v1/coupons/" + id + "/acquire"), staff, "{\"holder\": \"x@example.jp\"}")
                .andExpect(status().isForbidden());
        call(post("/api/v1/coupon-instances/" + code + "/redeem"), viewer, "{}").andExpect(status().isForbidden());
        call(post("/api/v1/coupons/" + id + "/close"), staff, "").andExpect(status().isForbidden());
        String used = call(post("/api/v1/coupon-instances/" + code + "/redeem"), staff, "{}")
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        call(
                        post("/api/v1/coupon-instances/" + code + "/reverse"),
                        editor,
                        "{\"redemptionId\": \"%s\", \"reason\": \"r\"}"
                                .formatted((String) JsonPath.read(used, "$.redemptionId")))
                .andExpect(status().isForbidden());
        call(post("/api/v1/coupons/" + id + "/close"), editor, "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("closed"));
        call(post("/api/v1/coupons/" + id + "/acquire"), editor, "{\"holder\": \"y@example.jp\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("coupon_closed"));
    }

    @Test
    void thePosterIsAPdfWithTheTitleBenefitAndAQrCodeOfThePublicPage() throws Exception {
        String id = coupon(", \"terms\": \"他のクーポンとの併用はできません。\"");
        byte[] pdf = mvc.perform(get("/api/v1/coupons/" + id + "/poster.pdf").header("Authorization", staff))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();

        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("ドリンク100円引き")
                    .contains("100円引き")
                    .contains("取得日から14日間有効")
                    .contains("併用はできません");
            var image = new org.apache.pdfbox.rendering.PDFRenderer(doc).renderImageWithDPI(0, 100);
            var png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", png);
            String url = jp.tokuten.stores.StoreFixtures.decodeQr(png.toByteArray());
            assertThat(url).endsWith("/c/" + shop.slug() + "/coupons/" + id);
        }
        call(get("/api/v1/coupons/" + UUID.randomUUID() + "/poster.pdf"), staff, "")
                .andExpect(status().isNotFound());
    }

    @Test
    void anotherTenantsCouponsAndCodesAreNotFound() throws Exception {
        String id = coupon("");
        String code = acquire(id, "mine@example.jp");
        var other = TenantFixtures.aTenant(tenants, "api-coupons-other");
        String otherAdmin = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.ADMIN);

        call(get("/api/v1/coupons/" + id), otherAdmin, "")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        call(post("/api/v1/coupons/" + id + "/publish"), otherAdmin, "").andExpect(status().isNotFound());
        call(post("/api/v1/coupons/" + id + "/close"), otherAdmin, "").andExpect(status().isNotFound());
        call(post("/api/v1/coupons/" + id + "/acquire"), otherAdmin, "{\"holder\": \"x@example.jp\"}")
                .andExpect(status().isNotFound());
        call(post("/api/v1/coupons/" + id + "/issue"), otherAdmin, "{\"holder\": \"x@example.jp\"}")
                .andExpect(status().isNotFound());
        call(get("/api/v1/coupon-instances/" + code), otherAdmin, "").andExpect(status().isNotFound());
        call(post("/api/v1/coupon-instances/" + code + "/redeem"), otherAdmin, "{}")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        call(get("/api/v1/coupons/" + id + "/redemptions.csv"), otherAdmin, "").andExpect(status().isNotFound());
        call(get("/api/v1/coupons"), otherAdmin, "")
                .andExpect(jsonPath("$.coupons").isEmpty());
        String otherStore = binder.callAs(
                other.id(),
                () -> stores.create(new StoreDraft("他社店", null, null, null, null, null))
                        .id()
                        .toString());
        call(post("/api/v1/coupons"), editor, """
                        {"title": "x", "benefit": {"type": "text", "text": "t"}, "validity": {"days": 3},
                         "stores": ["%s"]}""".formatted(otherStore))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("stores[0]"));
        call(post("/api/v1/coupon-instances/" + code + "/redeem"), staff, "{\"storeId\": \"%s\"}".formatted(otherStore))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("wrong_store"));
        call(get("/api/v1/coupon-instances/" + code), editor, "")
                .andExpect(jsonPath("$.usesLeft").value(1));
    }
}
