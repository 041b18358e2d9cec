package jp.tokuten.coupons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.TenantRole;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The distribution endpoints: serial codes generated, exported and imported, claimed (a wrong code and a
 * claimed one answer alike), the lottery's apply, draw and counts, the rate limit's 429; bad input and
 * another tenant's ids and codes for each.
 */
@TokutenTest
class CouponDistributionApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

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
    String viewer;
    String otherEditor;

    @BeforeEach
    void twoTenantsWithKeys() {
        shop = TenantFixtures.aTenant(tenants, "api-dist");
        editor = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);
        viewer = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
        var other = TenantFixtures.aTenant(tenants, "api-dist-other");
        otherEditor = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.EDITOR);
    }

    ResultActions call(MockHttpServletRequestBuilder request, String key, String body) throws Exception {
        return mvc.perform(request.header("Authorization", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    static String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    String coupon(String extra) throws Exception {
        String created =
                body(call(post("/api/v1/coupons"), editor, """
                        {"title": "シリアル300円引き", "benefit": {"type": "amount_off", "amount": 300},
                         "validity": {"days": 30}, "totalCap": 20, "perHolderCap": 1 %s}""".formatted(extra)).andExpect(status().isCreated()));
        String id = JsonPath.read(created, "$.id");
        call(post("/api/v1/coupons/" + id + "/publish"), editor, "").andExpect(status().isOk());
        return id;
    }

    List<String> exportedCodes(String id) throws Exception {
        byte[] csv = mvc.perform(get("/api/v1/coupons/" + id + "/serials.csv").header("Authorization", editor))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        String text = new String(csv, StandardCharsets.UTF_8);
        return text.lines().skip(1).map(l -> l.split(",")[0]).toList();
    }

    @Test
    void serialCodesAreGeneratedExportedImportedAndClaimed() throws Exception {
        String id = coupon("");
        call(post("/api/v1/coupons/" + id + "/serials"), editor, "{\"count\": 5}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.count").value(5))
                .andExpect(jsonPath("$.serials").value(5))
                .andExpect(jsonPath("$.remaining").value(15));
        call(post("/api/v1/coupons/" + id + "/serials"), editor, "{\"count\": 16}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("cap_reached"));

        var response = mvc.perform(get("/api/v1/coupons/" + id + "/serials.csv")
                        .header("Authorization", editor)
                        .header("Accept-Language", "ja"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/csv; charset=UTF-8"))
                .andReturn()
                .getResponse();
        byte[] bytes = response.getContentAsByteArray();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("シリアルコード,状態,登録者");
        var codes = exportedCodes(id);
        assertThat(codes)
                .hasSize(5)
                .allSatisfy(c -> assertThat(c)
                        .matches("[" + CouponCodes.ALPHABET + "]{4}(-[" + CouponCodes.ALPHABET + "]{4}){2}"));

        String claimed =
                body(call(post("/api/v1/coupon-instances/" + codes.get(0).toLowerCase() + "/claim"), editor, """
                        {"holder": "hanako@example.jp"}""")
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$.couponId").value(id))
                        .andExpect(jsonPath("$.usesLeft").value(1)));
        assertThat(JsonPath.<String>read(claimed, "$.code"))
                .isEqualTo(codes.get(0).replace("-", ""));
        call(get("/api/v1/coupons/" + id), viewer, "")
                .andExpect(jsonPath("$.issued").value(1))
                .andExpect(jsonPath("$.serials").value(4))
                .andExpect(jsonPath("$.remaining").value(15));
        byte[] sjis = mvc.perform(get("/api/v1/coupons/" + id + "/serials.csv?charset=Shift_JIS")
                        .header("Authorization", editor)
                        .header("Accept-Language", "ja"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        String sjisText = new String(sjis, Charset.forName("windows-31j"));
        assertThat(sjisText).contains("hanako@example.jp").contains("登録済み").contains("未登録");

        // a serial redeemed as it is, without a holder
        call(post("/api/v1/coupon-instances/" + codes.get(1) + "/redeem"), editor, "{}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.usesLeft").value(0));

        mvc.perform(post("/api/v1/coupons/" + id + "/serials/import")
                        .header("Authorization", editor)
                        .contentType("text/csv")
                        .content("\uFEFFコード\r\nAAAA-CCCC-DDDD\r\nffff-hhhh-jjjj\r\n".getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.count").value(2))
                // 4 unclaimed (one of them used as it is) and 2 imported
                .andExpect(jsonPath("$.serials").value(6));
        mvc.perform(post("/api/v1/coupons/" + id + "/serials/import")
                        .header("Authorization", editor)
                        .contentType("text/csv")
                        .content("AAAA-CCCC-KKKK\nAAAA-CCCC-DDDD\nAAAA-CCCC-0000\nAAAA-CCCC-KKKK\n"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_csv"))
                .andExpect(jsonPath("$.errors[0].line").value(3))
                .andExpect(jsonPath("$.errors[0].code").value("invalid_code"))
                .andExpect(jsonPath("$.errors[1].line").value(4))
                .andExpect(jsonPath("$.errors[1].code").value("duplicate_in_file"));
        mvc.perform(post("/api/v1/coupons/" + id + "/serials/import")
                        .header("Authorization", editor)
                        .contentType("text/csv")
                        .content("AAAA-CCCC-KKKK\nAAAA-CCCC-DDDD\n"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].line").value(2))
                .andExpect(jsonPath("$.errors[0].code").value("already_exists"));
        call(get("/api/v1/coupons/" + id), viewer, "")
                .andExpect(jsonPath("$.serials").value(6))
                .andExpect(jsonPath("$.used").value(1))
                .andExpect(jsonPath("$.remaining").value(13));
    }

    Map<String, Object> withoutInstance(String problem) {
        Map<String, Object> body = JsonMapper.builder().build().readValue(problem, Map.class);
        body.remove("instance");
        return body;
    }

    @Test
    void aWrongCodeAndAClaimedCodeGetTheSameAnswerAndTooManyWrongOnesA429() throws Exception {
        String id = coupon("");
        call(post("/api/v1/coupons/" + id + "/serials"), editor, "{\"count\": 2}")
                .andExpect(status().isCreated());
        var codes = exportedCodes(id);
        call(post("/api/v1/coupon-instances/" + codes.get(0) + "/claim"), editor, "{\"holder\": \"first@example.jp\"}")
                .andExpect(status().isOk());

        String claimedAgain = body(call(
                        post("/api/v1/coupon-instances/" + codes.get(0) + "/claim"),
                        editor,
                        "{\"holder\": \"a@example.jp\"}")
                .andExpect(status().isNotFound()));
        String wrong = body(
                call(post("/api/v1/coupon-instances/7KQM-3XHT-A94P/claim"), editor, "{\"holder\": \"a@example.jp\"}")
                        .andExpect(status().isNotFound()));
        String notACode = body(call(post("/api/v1/coupon-instances/x/claim"), editor, "{\"holder\": \"a@example.jp\"}")
                .andExpect(status().isNotFound()));
        assertThat(withoutInstance(claimedAgain))
                .isEqualTo(withoutInstance(wrong))
                .isEqualTo(withoutInstance(notACode))
                .containsEntry("code", "not_found");
        // another tenant's code is not found either, and stays unclaimed
        call(post("/api/v1/coupon-instances/" + codes.get(1) + "/claim"), otherEditor, "{\"holder\": \"b@example.jp\"}")
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));

        // a@example.jp has had 3 wrong codes; 2 more are answered 404, then 429 with Retry-After
        for (int i = 0; i < 2; i++) {
            call(post("/api/v1/coupon-instances/7KQM-3XHT-A94" + "ACDEFHJ".charAt(i) + "/claim"), editor, """
                            {"holder": "a@example.jp"}""")
                    .andExpect(status().isNotFound());
        }
        for (int i = 0; i < 3; i++) {
            call(post("/api/v1/coupon-instances/" + codes.get(1) + "/claim"), editor, "{\"holder\": \"A@example.jp\"}")
                    .andExpect(status().isTooManyRequests())
                    .andExpect(header().exists("Retry-After"))
                    .andExpect(jsonPath("$.code").value("rate_limited"));
        }
        long recorded = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> jdbc.queryForObject(
                        "select count(*) from audit.entries where kind = 'meaning' and action = 'coupon.rate_limited'",
                        Long.class)));
        assertThat(recorded).isEqualTo(1);
        String details = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> jdbc.queryForObject(
                        "select details::text from audit.entries where action = 'coupon.rate_limited'", String.class)));
        assertThat(details).doesNotContain("example.jp").doesNotContain(codes.get(1));
        // another holder may still claim it
        call(post("/api/v1/coupon-instances/" + codes.get(1) + "/claim"), editor, "{\"holder\": \"c@example.jp\"}")
                .andExpect(status().isOk());
    }

    @Test
    void acquisitionsPerHolderAreLimited() throws Exception {
        String id = coupon(", \"perHolderCap\": null, \"totalCap\": 100");
        for (int i = 0; i < 10; i++) {
            call(post("/api/v1/coupons/" + id + "/acquire"), editor, "{\"holder\": \"hoarder@example.jp\"}")
                    .andExpect(status().isCreated());
        }
        call(post("/api/v1/coupons/" + id + "/acquire"), editor, "{\"holder\": \"HOARDER@example.jp\"}")
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.code").value("rate_limited"));
        call(post("/api/v1/coupons/" + id + "/acquire"), editor, "{\"holder\": \"other@example.jp\"}")
                .andExpect(status().isCreated());
        call(get("/api/v1/coupons/" + id), viewer, "")
                .andExpect(jsonPath("$.issued").value(11));
    }

    @Test
    void aLotteryIsAppliedForAndCountedThroughTheApi() throws Exception {
        var now = OffsetDateTime.now(ZoneOffset.ofHours(9)).truncatedTo(ChronoUnit.SECONDS);
        String id =
                coupon(", \"acquisition\": \"lottery\", \"applyFrom\": \"%s\", \"applyUntil\": \"%s\", \"winners\": 5"
                        .formatted(now.minusHours(1), now.plusDays(1)));
        call(get("/api/v1/coupons/" + id), viewer, "")
                .andExpect(jsonPath("$.acquisition").value("lottery"))
                .andExpect(jsonPath("$.winners").value(5))
                .andExpect(jsonPath("$.applyUntil").exists());
        call(post("/api/v1/coupons/" + id + "/apply"), editor, "{\"holder\": \"taro@example.jp\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("applied"));
        call(post("/api/v1/coupons/" + id + "/apply"), editor, "{\"holder\": \"TARO@example.jp\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("already_applied"));
        call(post("/api/v1/coupons/" + id + "/acquire"), editor, "{\"holder\": \"jiro@example.jp\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("acquisition_by_lottery"));
        call(post("/api/v1/coupons/" + id + "/serials"), editor, "{\"count\": 1}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("acquisition_by_lottery"));
        call(post("/api/v1/coupons/" + id + "/draw"), editor, "")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("application_window_open"));
        call(get("/api/v1/coupons/" + id + "/applications"), viewer, "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.applications").value(1))
                .andExpect(jsonPath("$.won").value(0))
                .andExpect(jsonPath("$.drawnAt").doesNotExist());

        String later = coupon(", \"acquisition\": \"lottery\", \"applyFrom\": \"%s\", \"applyUntil\": \"%s\""
                .formatted(now.plusDays(1), now.plusDays(2)));
        call(post("/api/v1/coupons/" + later + "/apply"), editor, "{\"holder\": \"taro@example.jp\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("not_in_application_window"));
        String firstCome = coupon("");
        call(post("/api/v1/coupons/" + firstCome + "/apply"), editor, "{\"holder\": \"taro@example.jp\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("not_a_lottery"));
        call(get("/api/v1/coupons/" + firstCome + "/applications"), viewer, "")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("not_a_lottery"));

        // another tenant's coupon is not found
        call(post("/api/v1/coupons/" + id + "/apply"), otherEditor, "{\"holder\": \"x@example.jp\"}")
                .andExpect(status().isNotFound());
        call(post("/api/v1/coupons/" + id + "/draw"), otherEditor, "").andExpect(status().isNotFound());
        call(get("/api/v1/coupons/" + id + "/applications"), otherEditor, "").andExpect(status().isNotFound());
    }

    @Test
    void badInputIsRefusedWithItsCodeAndAnotherTenantsCouponIsNotFound() throws Exception {
        String id = coupon("");
        for (String bad : List.of(
                "{}", "{\"count\": \"5\"}", "{\"count\": 0}", "{\"count\": 100001}", "[]", "{\"count\": 1.5}")) {
            call(post("/api/v1/coupons/" + id + "/serials"), editor, bad)
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("invalid_count"));
        }
        call(post("/api/v1/coupons/" + id + "/serials"), editor, "{\"count\": ").andExpect(status().is4xxClientError());
        call(post("/api/v1/coupons/not-an-id/serials"), editor, "{\"count\": 1}")
                .andExpect(status().isNotFound());
        call(post("/api/v1/coupons/" + id + "/serials"), otherEditor, "{\"count\": 1}")
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/coupons/" + id + "/serials.csv").header("Authorization", otherEditor))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/coupons/" + id + "/serials/import")
                        .header("Authorization", otherEditor)
                        .contentType("text/csv")
                        .content("AAAA-CCCC-DDDD\n"))
                .andExpect(status().isNotFound());
        for (String bad : List.of("", "\n\n", "a,b\n\"unclosed\n", "AAAA-CCCC\n")) {
            mvc.perform(post("/api/v1/coupons/" + id + "/serials/import")
                            .header("Authorization", editor)
                            .contentType("text/csv")
                            .content(bad))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("invalid_csv"));
        }
        mvc.perform(post("/api/v1/coupons/" + id + "/serials/import")
                        .header("Authorization", editor)
                        .contentType("text/csv")
                        .content(new byte[] {0, 1, 2, 3}))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_csv"));
        for (String bad : List.of("{}", "{\"holder\": 5}", "{\"holder\": \" \"}", "[]")) {
            call(post("/api/v1/coupon-instances/AAAA-CCCC-DDDD/claim"), editor, bad)
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("invalid_holder"));
            call(post("/api/v1/coupons/" + id + "/apply"), editor, bad)
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("invalid_holder"));
        }
        call(post("/api/v1/coupons/not-an-id/draw"), editor, "").andExpect(status().isNotFound());
        call(get("/api/v1/coupons/not-an-id/applications"), viewer, "").andExpect(status().isNotFound());
        String[][] lotteries = {
            {", \"acquisition\": \"lottery\", \"applyUntil\": \"tomorrow\"", "applyUntil"},
            {", \"acquisition\": \"lottery\", \"applyUntil\": \"2026-12-24T10:00:00+09:00\", \"winners\": 21", "winners"
            },
            {
                ", \"acquisition\": \"lottery\", \"applyFrom\": \"2026-12-25T10:00:00+09:00\", \"applyUntil\": \"2026-12-24T10:00:00+09:00\"",
                "applyUntil"
            },
            {", \"applyUntil\": \"2026-12-24T10:00:00+09:00\"", "applyUntil"},
            {", \"acquisition\": \"lottery\", \"applyUntil\": 5", "applyUntil"},
        };
        for (String[] c : lotteries) {
            call(post("/api/v1/coupons"), editor, """
                            {"title": "抽選", "benefit": {"type": "text", "text": "t"}, "validity": {"days": 3},
                             "totalCap": 20 %s}""".formatted(c[0]))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("invalid_coupon"))
                    .andExpect(jsonPath("$.field").value(c[1]));
        }
    }
}
