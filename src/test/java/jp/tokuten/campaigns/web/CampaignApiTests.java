package jp.tokuten.campaigns.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code /api/v1/campaigns}: the contract JSON of issue 10, every bad input, other tenants, roles. */
@TokutenTest
class CampaignApiTests {

    static final String HERE = "203.0.113.7";

    /** Exactly the body of the contract. */
    static final String CONTRACT = """
            {"name": "冬のパン祭り",
             "purchasePeriod": {"from": "2026-12-01", "to": "2027-01-31"},
             "entryPeriod": {"from": "2026-12-01", "to": "2027-02-07"},
             "targetProducts": [{"name": "塩バターパン", "aliases": ["ｼｵﾊﾞﾀｰﾊﾟﾝ", "塩バター"], "minimumQuantity": 2}],
             "minimumTotal": 1000,
             "stores": ["オーブンテラス 万代店", "まちのベーカリー"],
             "perEntrantLimit": {"perDay": 1, "total": 5},
             "receiptsPerEntry": 3}""";

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
    Campaigns campaigns;

    TenantView shop;
    String editor;
    String viewer;

    @BeforeEach
    void aTenantWithKeys() {
        shop = TenantFixtures.aTenant(tenants, "campapi");
        editor = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);
        viewer = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
    }

    ResultActions call(AbstractMockHttpServletRequestBuilder<?> request, String key) throws Exception {
        return mvc.perform(request.header("Authorization", key).with(r -> {
            r.setRemoteAddr(HERE);
            return r;
        }));
    }

    ResultActions create(String json) throws Exception {
        return call(
                post("/api/v1/campaigns")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json),
                editor);
    }

    String createdId(String json) throws Exception {
        String body = create(json)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    long campaignCount() {
        return binder.callAs(shop.id(), () -> (long) campaigns.list(null).size());
    }

    @Test
    void createsTheContractsCampaignAsADraftAndReadsItBack() throws Exception {
        String body = create(CONTRACT)
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/api/v1/campaigns/")))
                .andExpect(jsonPath("$.status").value("draft"))
                .andExpect(jsonPath("$.name").value("冬のパン祭り"))
                .andExpect(jsonPath("$.purchasePeriod.from").value("2026-12-01"))
                .andExpect(jsonPath("$.purchasePeriod.to").value("2027-01-31"))
                .andExpect(jsonPath("$.entryPeriod.to").value("2027-02-07"))
                .andExpect(jsonPath("$.targetProducts[0].name").value("塩バターパン"))
                .andExpect(jsonPath("$.targetProducts[0].aliases[0]").value("ｼｵﾊﾞﾀｰﾊﾟﾝ"))
                .andExpect(jsonPath("$.targetProducts[0].minimumQuantity").value(2))
                .andExpect(jsonPath("$.minimumTotal").value(1000))
                .andExpect(jsonPath("$.stores", hasSize(2)))
                .andExpect(jsonPath("$.perEntrantLimit.perDay").value(1))
                .andExpect(jsonPath("$.perEntrantLimit.total").value(5))
                .andExpect(jsonPath("$.receiptsPerEntry").value(3))
                // the defaults of decision 065
                .andExpect(jsonPath("$.uploadGraceDays").value(0))
                .andExpect(jsonPath("$.fraudAction").value("review"))
                .andExpect(jsonPath("$.formFields", hasSize(0)))
                .andExpect(jsonPath("$.image").doesNotExist())
                .andExpect(jsonPath("$.preview", startsWith("/c/" + shop.slug() + "/campaigns/")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = JsonPath.read(body, "$.id");
        call(get("/api/v1/campaigns/" + id), viewer)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.status").value("draft"))
                .andExpect(jsonPath("$.targetProducts[0].aliases[1]").value("塩バター"));
    }

    @Test
    void missingProductsAndStoresMeanAnyAndMissingEntryPeriodIsThePurchasePeriod() throws Exception {
        create("""
                        {"name": "どれでも", "purchasePeriod": {"from": "2026-12-01", "to": "2026-12-31"}}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.targetProducts", hasSize(0)))
                .andExpect(jsonPath("$.stores", hasSize(0)))
                .andExpect(jsonPath("$.entryPeriod.from").value("2026-12-01"))
                .andExpect(jsonPath("$.entryPeriod.to").value("2026-12-31"))
                .andExpect(jsonPath("$.receiptsPerEntry").value(1))
                .andExpect(jsonPath("$.perEntrantLimit.perDay").doesNotExist())
                .andExpect(jsonPath("$.minimumTotal").doesNotExist());
    }

    @Test
    void takesTheExtrasJanCodesMinimumAmountFormFieldsAndTexts() throws Exception {
        create("""
                        {"name": "全部入り", "purchasePeriod": {"from": "2026-12-01", "to": "2026-12-31"},
                         "uploadGraceDays": 7, "chains": ["トクテンマート"], "prefectures": ["新潟県"],
                         "targetProducts": [{"name": "お茶", "janCodes": ["4901234567894"], "minimumAmount": 300}],
                         "formFields": [{"key": "kana", "required": true, "type": "katakana", "maxLength": 40},
                                        {"key": "q1", "label": "購入のきっかけ", "type": "choice", "options": ["テレビ", "店頭"]}],
                         "landingText": "対象のお茶を買って応募", "terms": "規約", "fraudAction": "block"}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.uploadGraceDays").value(7))
                .andExpect(jsonPath("$.chains[0]").value("トクテンマート"))
                .andExpect(jsonPath("$.prefectures[0]").value("新潟県"))
                .andExpect(jsonPath("$.targetProducts[0].janCodes[0]").value("4901234567894"))
                .andExpect(jsonPath("$.targetProducts[0].minimumQuantity").value(1))
                .andExpect(jsonPath("$.targetProducts[0].minimumAmount").value(300))
                .andExpect(jsonPath("$.formFields[0].type").value("katakana"))
                .andExpect(jsonPath("$.formFields[0].required").value(true))
                .andExpect(jsonPath("$.formFields[1].options[1]").value("店頭"))
                .andExpect(jsonPath("$.landingText").value("対象のお茶を買って応募"))
                .andExpect(jsonPath("$.fraudAction").value("block"));
    }

    @Test
    void replacesListsOpensClosesAndArchives() throws Exception {
        String id = createdId(CONTRACT);
        call(
                        put("/api/v1/campaigns/" + id)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(CONTRACT.replace("冬のパン祭り", "冬のパン祭り 第2弾")
                                        .replace("\"receiptsPerEntry\": 3", "\"receiptsPerEntry\": 2")),
                        editor)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("冬のパン祭り 第2弾"))
                .andExpect(jsonPath("$.receiptsPerEntry").value(2));
        call(post("/api/v1/campaigns/" + id + "/open"), editor)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("open"));
        call(get("/api/v1/campaigns").param("status", "open"), viewer)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.campaigns", hasSize(1)))
                .andExpect(jsonPath("$.campaigns[0].id").value(id));
        call(get("/api/v1/campaigns").param("status", "draft"), viewer).andExpect(jsonPath("$.campaigns", hasSize(0)));
        call(post("/api/v1/campaigns/" + id + "/archive"), editor)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invalid_transition"));
        call(post("/api/v1/campaigns/" + id + "/close"), editor)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("closed"));
        call(post("/api/v1/campaigns/" + id + "/archive"), editor)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("archived"));
        call(
                        put("/api/v1/campaigns/" + id)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(CONTRACT),
                        editor)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("invalid_transition"));
        call(get("/api/v1/campaigns"), viewer)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.campaigns", hasSize(1)))
                .andExpect(jsonPath("$.campaigns[0].name").value("冬のパン祭り 第2弾"))
                .andExpect(jsonPath("$.campaigns[0].status").value("archived"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing name                 | "name": "冬のパン祭り",           |                                          | name
            blank name                   | "name": "冬のパン祭り"            | "name": "  "                             | name
            name not a string            | "name": "冬のパン祭り"            | "name": 42                               | name
            purchase from after to       | "to": "2027-01-31"              | "to": "2026-11-30"                       | purchasePeriod
            entry from after to          | "to": "2027-02-07"              | "to": "2026-11-01"                       | entryPeriod
            no such date                 | "from": "2026-12-01", "to": "2027-01-31" | "from": "2026-02-30", "to": "2027-01-31" | purchasePeriod.from
            not ISO date                 | "from": "2026-12-01", "to": "2027-01-31" | "from": "2026/12/01", "to": "2027-01-31" | purchasePeriod.from
            date as number               | "from": "2026-12-01", "to": "2027-01-31" | "from": 20261201, "to": "2027-01-31"     | purchasePeriod.from
            period not an object         | "purchasePeriod": {"from": "2026-12-01", "to": "2027-01-31"} | "purchasePeriod": "2026-12" | purchasePeriod
            minimumTotal as text         | "minimumTotal": 1000            | "minimumTotal": "1000"                   | minimumTotal
            negative minimumTotal        | "minimumTotal": 1000            | "minimumTotal": -1                       | minimumTotal
            fractional quantity          | "minimumQuantity": 2            | "minimumQuantity": 1.5                   | targetProducts[0].minimumQuantity
            zero quantity                | "minimumQuantity": 2            | "minimumQuantity": 0                     | targetProducts
            product without name         | "name": "塩バターパン",             | "aliases2": 1,                           | targetProducts[0].name
            aliases not strings          | "aliases": ["ｼｵﾊﾞﾀｰﾊﾟﾝ", "塩バター"] | "aliases": ["ｼｵﾊﾞﾀｰﾊﾟﾝ", 7]         | targetProducts[0].aliases[1]
            stores not a list            | "stores": ["オーブンテラス 万代店", "まちのベーカリー"] | "stores": "オーブンテラス" | stores
            negative per-day limit       | "perDay": 1                     | "perDay": -1                             | perEntrantLimit
            zero total limit             | "total": 5                      | "total": 0                               | perEntrantLimit
            per day above total          | "perDay": 1                     | "perDay": 9                              | perEntrantLimit
            limit as text                | "perDay": 1                     | "perDay": "1"                            | perEntrantLimit.perDay
            receiptsPerEntry zero        | "receiptsPerEntry": 3           | "receiptsPerEntry": 0                    | receiptsPerEntry
            receiptsPerEntry above max   | "receiptsPerEntry": 3           | "receiptsPerEntry": 11                   | receiptsPerEntry
            receiptsPerEntry huge        | "receiptsPerEntry": 3           | "receiptsPerEntry": 99999999999999       | receiptsPerEntry
            unknown fraud action         | "receiptsPerEntry": 3           | "receiptsPerEntry": 3, "fraudAction": "ban" | fraudAction
            unknown form field type      | "receiptsPerEntry": 3           | "receiptsPerEntry": 3, "formFields": [{"key": "kana", "type": "kanji"}] | formFields[0].type
            unknown form field key       | "receiptsPerEntry": 3           | "receiptsPerEntry": 3, "formFields": [{"key": "password"}] | formFields
            grace above 60 days          | "receiptsPerEntry": 3           | "receiptsPerEntry": 3, "uploadGraceDays": 61 | uploadGraceDays
            """)
    void refusesBadInputNamingTheFieldAndStoresNothing(String what, String from, String to, String field)
            throws Exception {
        String json = CONTRACT.replace(from, to == null ? "" : to);
        assertThat(json).as(what).isNotEqualTo(CONTRACT);
        long before = campaignCount();
        create(json)
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("invalid_campaign"))
                .andExpect(jsonPath("$.field").value(field))
                .andExpect(jsonPath("$.detail").isNotEmpty());
        assertThat(campaignCount()).as(what).isEqualTo(before);
    }

    @Test
    void malformedJsonAndNonObjectsAre400() throws Exception {
        for (String json : new String[] {"{\"name\": ", "[1, 2]", "\"a campaign\"", "null", ""}) {
            int status = create(json).andReturn().getResponse().getStatus();
            assertThat(status).as(json).isEqualTo(400);
        }
        create("{\"name\": ").andExpect(jsonPath("$.code").value("malformed_request"));
        call(post("/api/v1/campaigns").contentType(MediaType.TEXT_PLAIN).content(CONTRACT), editor)
                .andExpect(status().isUnsupportedMediaType());
        assertThat(campaignCount()).isZero();
    }

    @Test
    void anUnknownStatusFilterIs400AndABadIdIs400() throws Exception {
        call(get("/api/v1/campaigns").param("status", "running"), viewer)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_request"))
                .andExpect(jsonPath("$.field").value("status"));
        call(get("/api/v1/campaigns/not-a-uuid"), viewer).andExpect(status().isBadRequest());
    }

    @Test
    void anotherTenantsCampaignIsNotFound() throws Exception {
        String id = createdId(CONTRACT);
        var other = TenantFixtures.aTenant(tenants, "campother");
        String theirs = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.ADMIN);
        call(get("/api/v1/campaigns/" + id), theirs)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        call(
                        put("/api/v1/campaigns/" + id)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(CONTRACT),
                        theirs)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        for (String step : new String[] {"open", "close", "archive"}) {
            call(post("/api/v1/campaigns/" + id + "/" + step), theirs)
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.code").value("not_found"));
        }
        call(get("/api/v1/campaigns"), theirs).andExpect(jsonPath("$.campaigns", hasSize(0)));
        call(get("/api/v1/campaigns/" + UUID.randomUUID()), editor).andExpect(status().isNotFound());
        call(get("/api/v1/campaigns/" + id), viewer)
                .andExpect(jsonPath("$.status").value("draft"));
    }

    @Test
    void anEditorUploadsTheLandingImageAndBadImagesAreRefused() throws Exception {
        String id = createdId(CONTRACT);
        var good = new org.springframework.mock.web.MockMultipartFile(
                "image", "c.jpg", "image/jpeg", jp.tokuten.files.Photos.jpeg(640, 320));
        call(multipart("/api/v1/campaigns/" + id + "/image").file(good), editor)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.image").value("/c/" + shop.slug() + "/campaigns/" + id + "/image"));
        var small = new org.springframework.mock.web.MockMultipartFile(
                "image", "s.jpg", "image/jpeg", jp.tokuten.files.Photos.jpeg(100, 100));
        call(multipart("/api/v1/campaigns/" + id + "/image").file(small), editor)
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("invalid_campaign_image"))
                .andExpect(jsonPath("$.reason").value("dimensions"));
        var text = new org.springframework.mock.web.MockMultipartFile(
                "image", "t.jpg", "image/jpeg", "not an image at all".getBytes());
        int status = call(multipart("/api/v1/campaigns/" + id + "/image").file(text), editor)
                .andExpect(jsonPath("$.code").value("not_a_photo"))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(status).isBetween(400, 499);
        var other = TenantFixtures.aTenant(tenants, "campimgapi");
        String theirs = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.EDITOR);
        call(multipart("/api/v1/campaigns/" + id + "/image").file(good), theirs)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        call(multipart("/api/v1/campaigns/" + id + "/image").file(good), viewer).andExpect(status().isForbidden());
    }

    @Test
    void viewersReadButDoNotChange() throws Exception {
        String id = createdId(CONTRACT);
        call(post("/api/v1/campaigns").contentType(MediaType.APPLICATION_JSON).content(CONTRACT), viewer)
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"));
        call(post("/api/v1/campaigns/" + id + "/open"), viewer).andExpect(status().isForbidden());
        String reviewer = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.REVIEWER);
        call(
                        put("/api/v1/campaigns/" + id)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(CONTRACT),
                        reviewer)
                .andExpect(status().isForbidden());
        String staff = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.STORE_STAFF);
        call(get("/api/v1/campaigns/" + id), staff).andExpect(status().isForbidden());
        call(get("/api/v1/campaigns/" + id), reviewer)
                .andExpect(status().isOk())
                .andExpect(jsonPath(
                        "$.preview",
                        endsWith(binder.callAs(
                                shop.id(),
                                () -> campaigns.require(UUID.fromString(id)).previewToken()))));
        assertThat(campaignCount()).isEqualTo(1);
    }
}
