package jp.tokuten.consumer.web;

import static jp.tokuten.campaigns.CampaignFixtures.aDraft;
import static jp.tokuten.campaigns.CampaignFixtures.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.access.ChangedBy;
import jp.tokuten.access.ConsumerBasicAuth;
import jp.tokuten.campaigns.CampaignDraft;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.campaigns.FormField.CharType;
import jp.tokuten.files.Photos;
import jp.tokuten.identity.EntrantSessions;
import jp.tokuten.identity.Entrants;
import jp.tokuten.receipts.CampaignEntries;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/** The entrant pages over HTTP: landing, sign-in, entering with the form's checks, results, my entries. */
@TokutenTest
class EntrantPagesTests {

    static final List<FormField> FORM = List.of(
            field("name", CharType.TEXT, 40, true),
            field("kana", CharType.KATAKANA, 40, true),
            field("postalCode", CharType.POSTAL_CODE, 8, true),
            field("phone", CharType.PHONE, 13, false),
            field("email", CharType.EMAIL, 254, false),
            field("birthYear", CharType.YEAR, 4, false),
            field("q1", CharType.DIGITS, 3, false));

    static final Map<String, String> GOOD = Map.of(
            "name", "得点 花子",
            "kana", "トクテン ハナコ",
            "postalCode", "150-0001",
            "phone", "03-1234-5678",
            "email", "hanako@example.jp",
            "birthYear", "1990",
            "q1", "3");

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Entrants entrants;

    @Autowired
    EntrantSessions sessions;

    @Autowired
    CampaignEntries entries;

    @Autowired
    ConsumerBasicAuth basicAuth;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Clock clock;

    TenantView tenant;
    LocalDate today;

    @BeforeEach
    void tenant() {
        tenant = TenantFixtures.aTenant(tenants, "entrant");
        today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
    }

    CampaignView campaign(TenantView t, CampaignDraft draft, boolean open) {
        return binder.callAs(t.id(), () -> {
            var c = campaigns.create(draft);
            return open ? campaigns.open(c.id()) : c;
        });
    }

    CampaignView openCampaign() {
        return campaign(tenant, CampaignFixtures.withForm(aDraft(today), FORM), true);
    }

    /** A signed-in entrant's session cookie, as the sign-in page sets it. */
    Cookie session(TenantView t, String email) {
        String token = binder.callAs(
                t.id(), () -> sessions.open(entrants.findOrCreateByEmail(email).id()));
        return new Cookie(EntrantCookies.SESSION, token);
    }

    long count(String table) {
        return binder.callAs(
                tenant.id(), () -> tx.execute(s -> jdbc.queryForObject("select count(*) from " + table, Long.class)));
    }

    static MockMultipartFile photo() {
        return new MockMultipartFile("receipt", "receipt.jpg", "image/jpeg", Photos.jpeg(600, 900));
    }

    MockMultipartHttpServletRequestBuilder entry(
            TenantView t, CampaignView c, Cookie session, Map<String, String> form) {
        var request = multipart("/c/" + t.slug() + "/campaigns/" + c.id() + "/entries");
        request.file(photo());
        form.forEach(request::param);
        request.cookie(session).with(csrf()).accept(MediaType.APPLICATION_JSON);
        return request;
    }

    @Test
    void theHomeListsOpenCampaignsAndTheLandingPageShowsOne() throws Exception {
        var open = openCampaign();
        var draft = campaign(tenant, aDraft(today), false);
        mvc.perform(get("/c/" + tenant.slug() + "/"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(open.name())))
                .andExpect(content().string(containsString("/campaigns/" + open.id())))
                .andExpect(content().string(not(containsString("/campaigns/" + draft.id()))));
        mvc.perform(get("/c/" + tenant.slug() + "/campaigns/" + open.id()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("応募する")))
                .andExpect(content().string(containsString(open.landingText())))
                .andExpect(content().string(not(containsString("data-preview"))))
                .andExpect(content().string(not(containsString("/image"))))
                .andExpect(header().stringValues(
                                "Set-Cookie",
                                org.hamcrest.Matchers.hasItem(containsString(EntrantCookies.DEVICE + "="))));
        mvc.perform(get("/c/" + tenant.slug() + "/campaigns/" + open.id()).param("lang", "en"))
                .andExpect(content().string(containsString(">Enter<")));
    }

    @Test
    void aDraftIsSeenOnlyThroughItsPreviewLinkWithABanner() throws Exception {
        var d = aDraft(today);
        UUID image = UUID.randomUUID();
        var withImage = new CampaignDraft(
                d.name(),
                d.purchasePeriod(),
                d.entryPeriod(),
                d.uploadGraceDays(),
                d.minimumTotal(),
                d.stores(),
                d.chains(),
                d.prefectures(),
                d.targetProducts(),
                d.perEntrantLimit(),
                d.receiptsPerEntry(),
                d.formFields(),
                d.landingText(),
                d.terms(),
                image,
                d.fraudAction());
        var draft = campaign(tenant, withImage, false);
        String page = "/c/" + tenant.slug() + "/campaigns/" + draft.id();
        mvc.perform(get(page)).andExpect(status().isNotFound());
        mvc.perform(get(page).param("preview", "wrong-token")).andExpect(status().isNotFound());
        mvc.perform(get(page).param("preview", draft.previewToken()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-preview")))
                .andExpect(content().string(containsString("プレビュー中は応募できません")))
                .andExpect(content().string(not(containsString("data-enter"))))
                .andExpect(content().string(containsString("?lang=en&amp;preview=" + draft.previewToken())))
                .andExpect(content()
                        .string(containsString("src=\"/c/" + tenant.slug() + "/campaigns/" + draft.id()
                                + "/image?preview=" + draft.previewToken() + "\"")));
        // another campaign's token does not open this one
        var other = campaign(tenant, aDraft(today), false);
        mvc.perform(get(page).param("preview", other.previewToken())).andExpect(status().isNotFound());
    }

    @Test
    void pagesBehindTheTenantsBasicAuthAskForItFirst() throws Exception {
        var open = openCampaign();
        binder.runAs(
                tenant.id(),
                () -> basicAuth.update(
                        true, "preview", "preview password 2026", ChangedBy.tenantUser(UUID.randomUUID())));
        String page = "/c/" + tenant.slug() + "/campaigns/" + open.id();
        mvc.perform(get(page)).andExpect(status().isUnauthorized());
        String basic = "Basic "
                + Base64.getEncoder().encodeToString("preview:preview password 2026".getBytes(StandardCharsets.UTF_8));
        mvc.perform(get(page).header("Authorization", basic))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(open.name())));
    }

    @Test
    void anotherTenantsCampaignOrAnUnknownIdIsNotFound() throws Exception {
        TenantView other = TenantFixtures.aTenant(tenants, "entrant-other");
        var theirs = campaign(other, CampaignFixtures.withForm(aDraft(today), FORM), true);
        Cookie mine = session(tenant, "me@example.jp");
        mvc.perform(get("/c/" + tenant.slug() + "/campaigns/" + theirs.id())).andExpect(status().isNotFound());
        mvc.perform(get("/c/" + tenant.slug() + "/campaigns/not-a-uuid")).andExpect(status().isNotFound());
        mvc.perform(get("/c/" + tenant.slug() + "/campaigns/" + theirs.id() + "/enter")
                        .cookie(mine))
                .andExpect(status().isNotFound());
        mvc.perform(entry(tenant, theirs, mine, GOOD)).andExpect(status().isNotFound());
        Long theirEntries = binder.callAs(
                other.id(),
                () -> tx.execute(s -> jdbc.queryForObject("select count(*) from receipts.entries", Long.class)));
        assertThat(theirEntries).isZero();
    }

    @Test
    void enteringNeedsASignedInEntrant() throws Exception {
        var open = openCampaign();
        mvc.perform(get("/c/" + tenant.slug() + "/campaigns/" + open.id() + "/enter"))
                .andExpect(redirectedUrl("/c/" + tenant.slug() + "/signin?next=" + open.id()));
        mvc.perform(entry(tenant, open, new Cookie(EntrantCookies.SESSION, "forged"), GOOD))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.location").value("/c/" + tenant.slug() + "/signin?next=" + open.id()));
        assertThat(count("receipts.entries")).isZero();
    }

    @Test
    void signingInWithTheMailedCodeSetsASessionCookieOfTheTenantsPagesOnly() throws Exception {
        var open = openCampaign();
        String email = "pages-" + System.nanoTime() + "@example.jp";
        var sent = mvc.perform(post("/c/" + tenant.slug() + "/signin")
                        .param("email", email)
                        .param("next", open.id().toString())
                        .with(csrf()))
                .andExpect(redirectedUrl("/c/" + tenant.slug() + "/signin/code?next=" + open.id()))
                .andReturn();
        Cookie pending = sent.getResponse().getCookie(EntrantCookies.PENDING_EMAIL);
        assertThat(pending).isNotNull();
        mvc.perform(get("/c/" + tenant.slug() + "/signin/code").cookie(pending))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(email)));
        mvc.perform(post("/c/" + tenant.slug() + "/signin/code")
                        .cookie(pending)
                        .param("code", "abc")
                        .with(csrf()))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(containsString("確認コードが正しくありません")));
        String code = jp.tokuten.identity.EntrantSignInTestsAccess.mailedCode(email);
        var signedIn = mvc.perform(post("/c/" + tenant.slug() + "/signin/code")
                        .cookie(pending)
                        .param("code", code)
                        .param("next", open.id().toString())
                        .with(csrf()))
                .andExpect(redirectedUrl("/c/" + tenant.slug() + "/campaigns/" + open.id() + "/enter"))
                .andReturn();
        String setCookie = signedIn.getResponse().getHeaders("Set-Cookie").stream()
                .filter(h -> h.startsWith(EntrantCookies.SESSION + "="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie)
                .contains("Path=/c/" + tenant.slug())
                .contains("HttpOnly")
                .contains("SameSite=Lax");
        Cookie session = signedIn.getResponse().getCookie(EntrantCookies.SESSION);
        mvc.perform(get("/c/" + tenant.slug() + "/campaigns/" + open.id() + "/enter")
                        .cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("capture=\"environment\"")))
                .andExpect(content().string(containsString("pattern=\"[ァ-ヺーｦ-ﾝ　 ]+\"")))
                .andExpect(content().string(containsString("autocomplete=\"postal-code\"")))
                .andExpect(content().string(containsString("inputmode=\"numeric\"")));
        // a bad address is answered on the form, not sent
        mvc.perform(post("/c/" + tenant.slug() + "/signin")
                        .param("email", "not an address")
                        .with(csrf()))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(containsString("メールアドレスの形式が正しくありません")));
    }

    @Test
    void eachFieldIsCheckedOnTheServerAndNothingIsStoredOnARefusal() throws Exception {
        var open = openCampaign();
        Cookie session = session(tenant, "checks@example.jp");
        var bad = new java.util.HashMap<>(GOOD);
        bad.put("kana", "とくてん はなこ");
        bad.put("postalCode", "1500-001");
        bad.put("phone", "12345");
        bad.put("email", "hanako@");
        bad.put("birthYear", "1850");
        bad.put("q1", "３");
        mvc.perform(entry(tenant, open, session, bad))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("invalid_form"))
                .andExpect(jsonPath("$.errors.kana").value("全角カタカナで入力してください。"))
                .andExpect(jsonPath("$.errors.postalCode").value(containsString("7桁")))
                .andExpect(jsonPath("$.errors.phone").value(containsString("10桁または11桁")))
                .andExpect(jsonPath("$.errors.email").value("メールアドレスの形式が正しくありません。"))
                .andExpect(jsonPath("$.errors.birthYear").value(containsString("西暦4桁")))
                .andExpect(jsonPath("$.errors.q1").value("半角数字で入力してください。"))
                .andExpect(jsonPath("$.errors.name").doesNotExist());
        var missing = new java.util.HashMap<>(GOOD);
        missing.remove("name");
        // sent as a plain form (no script): the form again, with the message and what was typed
        mvc.perform(entry(tenant, open, session, missing).accept(MediaType.TEXT_HTML))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(containsString("入力してください。")))
                .andExpect(content().string(containsString("value=\"トクテン ハナコ\"")));
        var noPhoto = multipart("/c/" + tenant.slug() + "/campaigns/" + open.id() + "/entries");
        GOOD.forEach(noPhoto::param);
        mvc.perform(noPhoto.cookie(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("invalid_entry"));
        var notMultipart = post("/c/" + tenant.slug() + "/campaigns/" + open.id() + "/entries");
        GOOD.forEach(notMultipart::param);
        mvc.perform(notMultipart.cookie(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("invalid_entry"));
        var notAPhoto = entry(tenant, open, session, GOOD);
        notAPhoto.file(new MockMultipartFile("receipt", "note.txt", "image/jpeg", "just text".getBytes()));
        mvc.perform(notAPhoto)
                .andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.message").exists());
        assertThat(count("receipts.entries")).isZero();
        assertThat(count("receipts.submissions")).isZero();
        assertThat(count("identity.entrant_details")).isZero();
    }

    @Test
    void aClosedCampaignTakesNoEntry() throws Exception {
        var open = openCampaign();
        binder.runAs(tenant.id(), () -> campaigns.close(open.id()));
        Cookie session = session(tenant, "late@example.jp");
        mvc.perform(get("/c/" + tenant.slug() + "/campaigns/" + open.id()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-closed")))
                .andExpect(content().string(not(containsString("data-enter"))));
        mvc.perform(entry(tenant, open, session, GOOD))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("campaign_not_open"))
                .andExpect(jsonPath("$.message").value("このキャンペーンは現在応募を受け付けていません。"));
        assertThat(count("receipts.entries")).isZero();
        assertThat(count("receipts.submissions")).isZero();
    }

    @Test
    void anEntrantSeesTheirEntryItsStatusAndMyEntriesButNoOneElses() throws Exception {
        var open = openCampaign();
        Cookie hanako = session(tenant, "hanako@example.jp");
        String location = com.jayway.jsonpath.JsonPath.read(
                mvc.perform(entry(tenant, open, hanako, GOOD))
                        .andExpect(status().isAccepted())
                        .andExpect(jsonPath("$.status").value("pending"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        mvc.perform(get(location).cookie(hanako))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("審査中")))
                .andExpect(content().string(containsString("data-status-url")));
        mvc.perform(get(location + "/status").cookie(hanako).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("pending"))
                .andExpect(jsonPath("$.decided").value(false))
                .andExpect(jsonPath("$.reading").value("reading"));
        mvc.perform(get("/c/" + tenant.slug() + "/mine").cookie(hanako))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(id)))
                .andExpect(content().string(containsString(open.name())));

        Cookie taro = session(tenant, "taro@example.jp");
        mvc.perform(get(location).cookie(taro)).andExpect(status().isNotFound());
        mvc.perform(get(location + "/status").cookie(taro)).andExpect(status().isNotFound());
        mvc.perform(get(location + "/resubmit").cookie(taro)).andExpect(status().isNotFound());
        mvc.perform(get("/c/" + tenant.slug() + "/mine").cookie(taro))
                .andExpect(content().string(not(containsString(id))));
        // the same entry id on another tenant's pages, with that tenant's session
        TenantView other = TenantFixtures.aTenant(tenants, "entrant-other");
        Cookie elsewhere = session(other, "hanako@example.jp");
        mvc.perform(get("/c/" + other.slug() + "/entries/" + id).cookie(elsewhere))
                .andExpect(status().isNotFound());
        // hanako's cookie is a session of this tenant only
        mvc.perform(get("/c/" + other.slug() + "/entries/" + id).cookie(hanako))
                .andExpect(redirectedUrl("/c/" + other.slug() + "/signin"));
        // a pending entry offers no new photo
        mvc.perform(get(location + "/resubmit").cookie(hanako)).andExpect(status().isNotFound());
    }

    @Test
    void aRejectionANewPhotoCanFixShowsItsReasonAndTakesANewPhoto() throws Exception {
        var open = openCampaign();
        Cookie hanako = session(tenant, "retake@example.jp");
        String location = com.jayway.jsonpath.JsonPath.read(
                mvc.perform(entry(tenant, open, hanako, GOOD))
                        .andExpect(status().isAccepted())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        // the entry judged as the judgement does for a photo it cannot read
        binder.callAs(
                tenant.id(),
                () -> tx.execute(s -> jdbc.update(
                        "update receipts.entries set status = 'rejected', reasons = array['unreadable_image'],"
                                + " judged_at = now() where id = ?",
                        id)));
        mvc.perform(get(location + "/status").cookie(hanako))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("rejected"))
                .andExpect(jsonPath("$.decided").value(true))
                .andExpect(jsonPath("$.title").value("応募条件を満たしていませんでした"))
                .andExpect(jsonPath("$.reasons[0]").isNotEmpty())
                .andExpect(jsonPath("$.resubmit").value(true));
        mvc.perform(get("/c/" + tenant.slug() + "/mine").cookie(hanako))
                .andExpect(content().string(containsString(location + "/resubmit")));
        mvc.perform(get(location + "/resubmit").cookie(hanako))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("capture=\"environment\"")));

        Cookie taro = session(tenant, "not-retake@example.jp");
        mvc.perform(multipart(location + "/resubmit").file(photo()).cookie(taro).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(multipart(location + "/resubmit").cookie(hanako).with(csrf()))
                .andExpect(status().isUnprocessableEntity());
        assertThat(count("receipts.entries")).isEqualTo(1);

        var again = mvc.perform(multipart(location + "/resubmit")
                        .file(photo())
                        .cookie(hanako)
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andReturn();
        String next = again.getResponse().getRedirectedUrl();
        assertThat(next).startsWith("/c/" + tenant.slug() + "/entries/").isNotEqualTo(location);
        assertThat(count("receipts.entries")).isEqualTo(2);
        UUID nextId = UUID.fromString(next.substring(next.lastIndexOf('/') + 1));
        var details = binder.callAs(
                tenant.id(),
                () -> entrants.details(entries.find(nextId).orElseThrow().detailsId()));
        assertThat(details).containsEntry("kana", "トクテン ハナコ");
        // the resubmission proper: linked to the rejected entry, on the same device, and only once
        var row = binder.callAs(
                tenant.id(),
                () -> tx.execute(s -> jdbc.queryForMap(
                        "select resubmission_of, device_id from receipts.entries where id = ?", nextId)));
        assertThat(row.get("resubmission_of")).isEqualTo(id);
        assertThat(row.get("device_id")).isNotNull();
        binder.callAs(
                tenant.id(),
                () -> tx.execute(s -> jdbc.update(
                        "update receipts.entries set status = 'rejected', reasons = array['unreadable_image'] where id = ?",
                        id)));
        mvc.perform(multipart(location + "/resubmit")
                        .file(photo())
                        .cookie(hanako)
                        .with(csrf()))
                .andExpect(status().isConflict());
        assertThat(count("receipts.entries")).isEqualTo(2);
    }
}
