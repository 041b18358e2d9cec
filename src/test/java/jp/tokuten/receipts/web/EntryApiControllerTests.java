package jp.tokuten.receipts.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignDraft;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.files.Photos;
import jp.tokuten.identity.ProvisionedTenant;
import jp.tokuten.identity.TenantProvisioning;
import jp.tokuten.jobs.JobQueueFixtures;
import jp.tokuten.ocr.TesseractAvailable;
import jp.tokuten.tenancy.TenantBinder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/** The entries API with an API key, the real database, the real job queue and (end to end) the real OCR engine. */
@TokutenTest
class EntryApiControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    TenantProvisioning provisioning;

    @Autowired
    Campaigns campaigns;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Clock clock;

    @Autowired
    ApplicationContext context;

    ProvisionedTenant tenant;
    String key;
    LocalDate today;

    @BeforeEach
    void tenantWithKey() {
        tenant = provisioning.provision(TenantFixtures.uniqueSlug("entries"), "応募 株式会社");
        key = "Bearer " + tenant.apiKey().key();
        today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
    }

    CampaignView campaign(ProvisionedTenant t, CampaignDraft draft, boolean open) {
        return binder.callAs(t.tenant().id(), () -> {
            var c = campaigns.create(draft);
            return open ? campaigns.open(c.id()) : c;
        });
    }

    CampaignDraft withKana() {
        return CampaignFixtures.withForm(
                CampaignFixtures.aDraft(today),
                List.of(CampaignFixtures.field("kana", FormField.CharType.KATAKANA, 20, true)));
    }

    static MockMultipartFile photo(String field) {
        return new MockMultipartFile(field, "r.jpg", "image/jpeg", Photos.jpeg(300, 500));
    }

    MockMultipartHttpServletRequestBuilder entry(UUID campaign) {
        return (MockMultipartHttpServletRequestBuilder)
                multipart("/api/v1/campaigns/" + campaign + "/entries").header("Authorization", key);
    }

    long rows(String table) {
        return binder.callAs(
                tenant.tenant().id(),
                () -> tx.execute(s -> jdbc.queryForObject("select count(*) from " + table, Long.class)));
    }

    @Test
    void anEntryWithARealReceiptIsReadAndJudged() throws Exception {
        TesseractAvailable.require();
        // gen_001.jpg: コーヒーの森 三宮店, 2025-01-25 20:25, ¥3,151 with からあげ弁当 ×3 among its items (one of
        // them reads as からあはげ弁当, too far from the name to count: two are asked for)
        var purchase = new CampaignView.Period(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31));
        var draft = CampaignFixtures.withRules(
                CampaignFixtures.aDraft(today),
                purchase,
                3000L,
                List.of("コーヒーの森 三宮店"),
                List.of(new CampaignView.TargetProduct("唐揚げ弁当", List.of("からあげ弁当"), List.of(), 2, null)));
        var c = campaign(tenant, draft, true);
        byte[] jpeg = new ClassPathResource("receipts/gen_001.jpg").getContentAsByteArray();
        String body = mvc.perform(entry(c.id())
                        .file(new MockMultipartFile("receipt", "gen_001.jpg", "image/jpeg", jpeg))
                        .param("email", "hanako@example.jp"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/entries/")))
                .andExpect(jsonPath("$.status").value("pending"))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = JsonPath.read(body, "$.id");
        mvc.perform(get("/api/v1/entries/" + id).header("Authorization", key))
                .andExpect(jsonPath("$.status").value("pending"))
                .andExpect(jsonPath("$.receipts[0]").isEmpty());

        JobQueueFixtures.drain(context);

        mvc.perform(get("/api/v1/entries/" + id).header("Authorization", key).param("lang", "en"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.campaignId").value(c.id().toString()))
                .andExpect(jsonPath("$.status").value("approved"))
                .andExpect(jsonPath("$.reasons").isEmpty())
                .andExpect(jsonPath("$.receipts[0].total").value(3151))
                .andExpect(jsonPath("$.receipts[0].purchasedAt").value("2025-01-25T20:25:05"));
    }

    @Test
    void refusesBadEntriesWithTheirCodesAndStoresNothing() throws Exception {
        var c = campaign(tenant, withKana(), true);
        mvc.perform(entry(c.id()).file(photo("receipt")).param("kana", "トクテン"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_form"))
                .andExpect(jsonPath("$.errors.email").value("required"));
        mvc.perform(entry(c.id())
                        .file(photo("receipt"))
                        .param("email", "a@example")
                        .param("kana", "とくてん"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_form"))
                .andExpect(jsonPath("$.errors.email").value("not_email"))
                .andExpect(jsonPath("$.errors.kana").value("not_katakana"));
        mvc.perform(entry(c.id()).param("email", "a@example.jp").param("kana", "トクテン"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_entry"));
        mvc.perform(entry(c.id())
                        .file(new MockMultipartFile("receipt", "r.jpg", "image/jpeg", "not a photo".getBytes()))
                        .param("email", "a@example.jp")
                        .param("kana", "トクテン"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("not_a_photo"));
        mvc.perform(entry(c.id())
                        .file(photo("receipt"))
                        .param("email", "a@example.jp")
                        .param("kana", "トクテン")
                        .param("deviceId", "x".repeat(201)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_entry"))
                .andExpect(jsonPath("$.field").value("deviceId"));
        mvc.perform(entry(c.id())
                        .file(photo("receipt"))
                        .file(photo("receipt"))
                        .file(photo("receipt"))
                        .file(photo("receipt"))
                        .param("email", "a@example.jp")
                        .param("kana", "トクテン"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_entry"));
        mvc.perform(entry(c.id()).param("receipt", "not a file").param("email", "a@example.jp"))
                .andExpect(status().is4xxClientError());
        var closed = campaign(tenant, withKana(), false);
        mvc.perform(entry(closed.id())
                        .file(photo("receipt"))
                        .param("email", "a@example.jp")
                        .param("kana", "トクテン"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("campaign_not_open"));
        assertThat(rows("receipts.entries")).isZero();
        assertThat(rows("receipts.submissions")).isZero();
        assertThat(rows("identity.entrants")).isZero();
        assertThat(rows("identity.entrant_details")).isZero();
    }

    @Test
    void overTheEntrantsLimitIsAConflict() throws Exception {
        var c = campaign(tenant, CampaignFixtures.withLimit(CampaignFixtures.aDraft(today), 1, null), true);
        mvc.perform(entry(c.id()).file(photo("receipt")).param("email", "once@example.jp"))
                .andExpect(status().isAccepted());
        mvc.perform(entry(c.id()).file(photo("receipt")).param("email", "ONCE@example.jp"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("entrant_limit_reached"));
        assertThat(rows("receipts.entries")).isEqualTo(1);
    }

    @Test
    void photosOfOneLongReceiptAreOneReceipt() throws Exception {
        var c = campaign(tenant, CampaignFixtures.aDraft(today), true);
        String body = mvc.perform(entry(c.id())
                        .file(photo("receipt"))
                        .file(photo("receiptPages"))
                        .file(photo("receiptPages"))
                        .param("email", "long@example.jp"))
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        mvc.perform(get("/api/v1/entries/" + JsonPath.read(body, "$.id")).header("Authorization", key))
                .andExpect(jsonPath("$.receipts.length()").value(2));
    }

    @Test
    void listsACampaignsEntriesByStatusAndRecordsADecision() throws Exception {
        var c = campaign(tenant, CampaignFixtures.aDraft(today), true);
        String body = mvc.perform(entry(c.id()).file(photo("receipt")).param("email", "list@example.jp"))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = JsonPath.read(body, "$.id");
        mvc.perform(get("/api/v1/campaigns/" + c.id() + "/entries")
                        .param("status", "pending")
                        .header("Authorization", key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entries[0].id").value(id))
                .andExpect(jsonPath("$.entries.length()").value(1));
        mvc.perform(get("/api/v1/campaigns/" + c.id() + "/entries")
                        .param("status", "approved")
                        .header("Authorization", key))
                .andExpect(jsonPath("$.entries.length()").value(0));
        mvc.perform(get("/api/v1/campaigns/" + c.id() + "/entries")
                        .param("status", "won")
                        .header("Authorization", key))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_request"));
        mvc.perform(get("/api/v1/campaigns/" + c.id() + "/entries")
                        .param("size", "0")
                        .header("Authorization", key))
                .andExpect(status().isUnprocessableContent());
        // the blank photo reads as nothing: rejected, so a retake may follow
        JobQueueFixtures.drain(context);
        mvc.perform(get("/api/v1/entries/" + id).header("Authorization", key))
                .andExpect(jsonPath("$.status").value("rejected"))
                .andExpect(jsonPath("$.reasons[0]").value("unreadable_image"))
                .andExpect(jsonPath("$.reasonTexts[0]").value(org.hamcrest.Matchers.containsString("撮り直して")));
        mvc.perform(decision(id, "{\"decision\": \"maybe\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_decision"))
                .andExpect(jsonPath("$.field").value("decision"));
        mvc.perform(decision(id, "{\"decision\": \"approve\", \"corrections\": {\"total\": {\"x\": 1}}}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("corrections.total"));
        mvc.perform(decision(id, "{\"decision\": \"approve\", \"corrections\": {\"total\": 1500}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("approved"));
        mvc.perform(decision(id, "{\"decision\": \"reject\", \"reason\": \"duplicate_receipt\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("rejected"))
                .andExpect(jsonPath("$.reasons[0]").value("duplicate_receipt"));
    }

    org.springframework.test.web.servlet.RequestBuilder decision(String id, String json) {
        return post("/api/v1/entries/" + id + "/decision")
                .header("Authorization", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json);
    }

    @Test
    void anotherTenantsCampaignsAndEntriesAreNotFound() throws Exception {
        var other = provisioning.provision(TenantFixtures.uniqueSlug("other"), "他社");
        var theirs = campaign(other, CampaignFixtures.aDraft(today), true);
        String otherKey = "Bearer " + other.apiKey().key();
        String body = mvc.perform(multipart("/api/v1/campaigns/" + theirs.id() + "/entries")
                        .file(photo("receipt"))
                        .param("email", "their@example.jp")
                        .header("Authorization", otherKey))
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String theirEntry = JsonPath.read(body, "$.id");

        mvc.perform(entry(theirs.id()).file(photo("receipt")).param("email", "mine@example.jp"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(get("/api/v1/entries/" + theirEntry).header("Authorization", key))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(get("/api/v1/campaigns/" + theirs.id() + "/entries").header("Authorization", key))
                .andExpect(status().isNotFound());
        mvc.perform(decision(theirEntry, "{\"decision\": \"approve\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        assertThat(rows("receipts.entries")).isZero();
        assertThat(rows("receipts.submissions")).isZero();
    }
}
