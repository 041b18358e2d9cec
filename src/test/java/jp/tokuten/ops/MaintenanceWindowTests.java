package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TestMailServer;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code /api/v1/operator/maintenance-windows}: a planned window needs 7 days' notice, an emergency one
 * closes consumer and admin pages and the tenant API with 503 and Retry-After while operators, health and
 * the status page keep working; tenant admins are e-mailed; the pages announce what is coming.
 */
@TokutenTest
class MaintenanceWindowTests {

    static final String PATH = "/api/v1/operator/maintenance-windows";
    static final String OPERATOR = "Bearer " + TokutenTest.OPERATOR_TOKEN;

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DataSource dataSource;

    @Autowired
    ApplicationContext context;

    TenantView shop;
    String key;
    String adminEmail;

    @BeforeEach
    void aTenantWithAnAdmin() {
        shop = TenantFixtures.aTenant(tenants, "maint");
        key = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
        adminEmail = "admin-" + shop.slug() + "@example.com";
        binder.runAs(
                shop.id(),
                () -> tx.executeWithoutResult(
                        s -> users.create(adminEmail, "管理 太郎", TenantRole.ADMIN, "correct horse battery staple 42")));
    }

    private MockHttpServletRequestBuilder schedule(String body) {
        return post(PATH)
                .header("Authorization", OPERATOR)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    private static String window(Instant from, Instant to, String title, boolean emergency) {
        return """
                {"startsAt": "%s", "endsAt": "%s", "title": "%s", "emergency": %s}""".formatted(from, to, title, emergency);
    }

    private String id(String json) {
        return JsonPath.read(json, "$.id");
    }

    @Test
    void aPlannedWindowSixDaysAheadIsRefusedAndEightDaysAheadIsScheduledAnnouncedAndMailed() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        mvc.perform(schedule(window(
                        now.plus(Duration.ofDays(6)),
                        now.plus(Duration.ofDays(6)).plusSeconds(3600),
                        "DB",
                        false)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("notice_too_short"));
        mvc.perform(schedule(window(
                        now.plus(Duration.ofDays(6)),
                        now.plus(Duration.ofDays(6)).plusSeconds(3600),
                        "DB",
                        true)))
                .andExpect(status().isCreated())
                .andDo(r -> cancel(id(r.getResponse().getContentAsString())));

        Instant from = now.plus(Duration.ofDays(8));
        String created = mvc.perform(schedule(window(from, from.plus(Duration.ofHours(2)), "データベースの更新", false)))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.startsAt").value(from.toString()))
                .andExpect(jsonPath("$.emergency").value(false))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = id(created);
        try {
            mvc.perform(get(PATH + "/" + id).header("Authorization", OPERATOR))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.title").value("データベースの更新"));
            // announced on the consumer pages, which stay open until it starts
            String page = mvc.perform(get("/c/" + shop.slug()))
                    .andReturn()
                    .getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            assertThat(page).contains("maintenance-notice").contains("データベースの更新");
            // the tenant's admin is told by e-mail (in Japanese, times in Japan time)
            MimeMessage mail = awaitMail(adminEmail, "データベースの更新");
            assertThat(mail.getSubject()).contains("定期メンテナンス");
            assertThat(mail.getContent().toString()).contains("データベースの更新").contains("日本時間");
            assertThat(platformMeaningEntries("maintenance.scheduled", id)).isEqualTo(1);
        } finally {
            cancel(id);
        }
        mvc.perform(delete(PATH + "/" + id).header("Authorization", OPERATOR))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
    }

    @Test
    void anEmergencyWindowClosesPagesAndTheTenantApiButNotTheOperators() throws Exception {
        int before =
                mvc.perform(get("/c/" + shop.slug())).andReturn().getResponse().getStatus();
        Instant now = Instant.now();
        String id =
                id(mvc.perform(schedule(window(now.minusSeconds(1), now.plus(Duration.ofMinutes(10)), "緊急の修正", true)))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(StandardCharsets.UTF_8));
        try {
            var page = mvc.perform(get("/c/" + shop.slug()))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().exists("Retry-After"))
                    .andReturn()
                    .getResponse();
            long retryAfter = Long.parseLong(page.getHeader("Retry-After"));
            assertThat(retryAfter).isBetween(1L, 600L);
            assertThat(page.getContentAsString(StandardCharsets.UTF_8))
                    .contains("メンテナンス中")
                    .contains("緊急の修正");
            mvc.perform(get("/admin/login")).andExpect(status().isServiceUnavailable());
            mvc.perform(get("/api/v1/stores").header("Authorization", key))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().exists("Retry-After"))
                    .andExpect(jsonPath("$.code").value("maintenance"));
            mvc.perform(get("/api/v1/operator/tenants").header("Authorization", OPERATOR))
                    .andExpect(status().isOk());
            mvc.perform(get(PATH).header("Authorization", OPERATOR)).andExpect(status().isOk());
            mvc.perform(get("/actuator/health")).andExpect(status().isOk());
            mvc.perform(get("/operator/login")).andExpect(status().isOk());
        } finally {
            cancel(id);
        }
        assertThat(mvc.perform(get("/c/" + shop.slug()))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(before);
        mvc.perform(get("/api/v1/stores").header("Authorization", key)).andExpect(status().isOk());
    }

    @Test
    void badInputIsRefusedWithItsCodeAndNothingIsScheduled() throws Exception {
        Instant later = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        int before = count();
        mvc.perform(schedule("{not json")).andExpect(status().isBadRequest());
        mvc.perform(schedule("[]")).andExpect(status().isUnprocessableContent());
        mvc.perform(schedule(window(later, later.plusSeconds(60), "", false)))
                .andExpect(jsonPath("$.code").value("invalid_window"));
        mvc.perform(schedule(window(later, later.minusSeconds(60), "end before start", false)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_window"));
        mvc.perform(schedule(window(later, later.plus(Duration.ofHours(73)), "too long", false)))
                .andExpect(jsonPath("$.code").value("invalid_window"));
        mvc.perform(schedule("""
                        {"startsAt": "next tuesday", "endsAt": "%s", "title": "x"}""".formatted(later)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("startsAt"));
        mvc.perform(schedule("""
                        {"startsAt": "%s", "endsAt": "%s", "title": "x", "emergency": "yes"}""".formatted(later, later.plusSeconds(60))))
                .andExpect(jsonPath("$.field").value("emergency"));
        mvc.perform(schedule(window(later, later.plusSeconds(60), "x".repeat(201), false)))
                .andExpect(jsonPath("$.code").value("invalid_window"));
        Instant past = Instant.now().minus(Duration.ofHours(2));
        mvc.perform(schedule(window(past, past.plusSeconds(60), "already over", true)))
                .andExpect(jsonPath("$.code").value("invalid_window"));
        mvc.perform(delete(PATH + "/not-a-uuid").header("Authorization", OPERATOR))
                .andExpect(status().isNotFound());
        mvc.perform(get(PATH + "/" + java.util.UUID.randomUUID()).header("Authorization", OPERATOR))
                .andExpect(status().isNotFound());
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void onlyOperatorsMaySchedule() throws Exception {
        Instant later = Instant.now().plus(Duration.ofDays(10));
        String body = window(later, later.plusSeconds(60), "x", false);
        mvc.perform(post(PATH).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isUnauthorized());
        // a tenant's admin key is not an operator token
        String admin = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.ADMIN);
        mvc.perform(post(PATH)
                        .header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isUnauthorized());
        mvc.perform(get(PATH).header("Authorization", admin)).andExpect(status().isUnauthorized());
    }

    /** Platform-chain entries are not the runtime role's to read: read them as the owner. */
    private long platformMeaningEntries(String action, String window) throws Exception {
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("select count(*) from audit.entries"
                        + " where tenant_id is null and action = ? and details ->> 'window' = ?")) {
            st.setString(1, action);
            st.setString(2, window);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int count() throws Exception {
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("select count(*) from ops.maintenance_windows");
                var rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void cancel(String id) throws Exception {
        mvc.perform(delete(PATH + "/" + id).header("Authorization", OPERATOR));
    }

    private static MimeMessage awaitMail(String to, String about) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            for (MimeMessage m : TestMailServer.server().getReceivedMessages()) {
                if (m.getAllRecipients()[0].toString().equals(to)
                        && m.getContent().toString().contains(about)) {
                    return m;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + to + " within 30 s");
    }
}
