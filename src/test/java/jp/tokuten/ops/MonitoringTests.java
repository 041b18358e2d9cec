package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TestAlertReceiver;
import jp.tokuten.TestMailServer;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.OperatorAccounts;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Monitoring: the 19 checks and their API, alerts by real SMTP and a webhook within a minute of a check
 * failing and of its recovery, availability with the 5-minute rule, incidents and the public status page.
 */
@TokutenTest
class MonitoringTests {

    static final String OPERATOR = "Bearer " + TokutenTest.OPERATOR_TOKEN;
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Autowired
    MockMvc mvc;

    @Autowired
    Monitoring monitoring;

    @Autowired
    Availability availability;

    @Autowired
    Incidents incidents;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationContext context;

    @Autowired
    OperatorAccounts operators;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    DataSource dataSource;

    private List<CheckResult> run() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            var results = monitoring.runNow();
            if (results.isPresent()) {
                return results.get();
            }
            Thread.sleep(200); // another run holds the lease
        }
        throw new AssertionError("could not run the checks");
    }

    private static CheckStatus statusOf(List<CheckResult> results, String name) {
        return results.stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow()
                .status();
    }

    @Test
    void nineteenNamedChecksRunAndAreListedWithTheirStateAndHistoryLink() throws Exception {
        var results = run();
        assertThat(results)
                .extracting(CheckResult::name)
                .containsExactly(
                        "web",
                        "database",
                        "connection_pool",
                        "disk_free",
                        "backup_freshness",
                        "job_queue_lag",
                        "dead_letters",
                        "ocr_engine",
                        "smtp",
                        "clock_skew",
                        "tls_certificate",
                        "heap",
                        "gc_pauses",
                        "error_rate",
                        "p99_latency",
                        "thread_pools",
                        "line_api",
                        "retention",
                        "audit_sealing");
        // every probe answered (none threw or timed out), whatever it found
        assertThat(results)
                .allSatisfy(
                        r -> assertThat(r.detail()).doesNotStartWith("error:").isNotEqualTo("no answer in time"));
        // what the test machine has: a database, GreenMail, Tesseract; no TLS here, no web server under MockMvc
        assertThat(statusOf(results, "database")).isEqualTo(CheckStatus.OK);
        assertThat(statusOf(results, "smtp")).isEqualTo(CheckStatus.OK);
        assertThat(statusOf(results, "ocr_engine")).isEqualTo(CheckStatus.OK);
        assertThat(statusOf(results, "clock_skew")).isEqualTo(CheckStatus.OK);
        assertThat(statusOf(results, "tls_certificate")).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(statusOf(results, "web")).isEqualTo(CheckStatus.NOT_APPLICABLE);

        String json = mvc.perform(get("/api/v1/operator/checks").header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.checks.length()").value(19))
                .andExpect(jsonPath("$.checks[1].name").value("database"))
                .andExpect(jsonPath("$.checks[1].status").value("ok"))
                .andExpect(jsonPath("$.checks[1].makesIncident").value(true))
                .andExpect(jsonPath("$.checks[1].history").value("/api/v1/operator/checks?history=database"))
                .andExpect(jsonPath("$.intervalSeconds").value(300))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat((String) JsonPath.read(json, "$.lastRunAt")).isNotNull();
        mvc.perform(get("/api/v1/operator/checks?history=database&limit=5").header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("database"))
                .andExpect(jsonPath("$.results[0].status").value("ok"));
        mvc.perform(get("/api/v1/operator/checks?history=nope").header("Authorization", OPERATOR))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(get("/api/v1/operator/checks?history=database&limit=x").header("Authorization", OPERATOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_request"));
        // a tenant's API key is no operator token
        mvc.perform(get("/api/v1/operator/checks")).andExpect(status().isUnauthorized());
    }

    @Test
    void oneRunAtATimeWhenNodesAskTogether() throws Exception {
        String real = "select count(*) from ops.check_runs where node <> 'test'";
        int before = jdbc.sql(real).query(Integer.class).single();
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var asks = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < 3; i++) {
                asks.add(pool.submit(() -> {
                    start.await();
                    return monitoring.runNow().isPresent();
                }));
            }
            start.countDown();
            long ran = 0;
            for (var ask : asks) {
                ran += ask.get() ? 1 : 0;
            }
            assertThat(ran).isBetween(1L, 3L);
            assertThat(jdbc.sql(real).query(Integer.class).single()).isEqualTo(before + (int) ran);
        }
        // no two runs overlapped in time
        assertThat(jdbc.sql("""
                        select count(*) from ops.check_runs a join ops.check_runs b
                          on a.id < b.id and a.started_at < b.finished_at and b.started_at < a.finished_at
                         where a.node <> 'test' and b.node <> 'test'""").query(Integer.class).single()).isZero();
    }

    @Test
    void aFailingCheckIsAlertedByMailAndWebhookWithinAMinuteAndSoIsItsRecovery() throws Exception {
        TestAlertReceiver.lineStatus().set(200);
        assertThat(statusOf(run(), "line_api")).isEqualTo(CheckStatus.OK);

        TestAlertReceiver.lineStatus().set(503);
        int mails = TestMailServer.server().getReceivedMessages().length;
        int hooks = TestAlertReceiver.webhookBodies().size();
        var failing = run();
        Instant ran = Instant.now();
        assertThat(statusOf(failing, "line_api")).isEqualTo(CheckStatus.FAILING);
        MimeMessage alert = awaitMail(mails, "監視異常", "line_api");
        assertThat(alert.getAllRecipients()[0].toString()).isEqualTo(TokutenTest.OPERATOR_EMAIL);
        assertThat(alert.getContent().toString()).contains("異常: line_api").contains("answered 503");
        String hook = awaitWebhook(hooks, "監視異常", "line_api");
        assertThat((String) JsonPath.read(hook, "$.text")).contains("監視異常").contains("line_api");
        assertThat(Duration.between(ran, Instant.now())).isLessThan(Duration.ofMinutes(1));
        // still failing: no second alert
        assertThat(statusOf(run(), "line_api")).isEqualTo(CheckStatus.FAILING);

        TestAlertReceiver.lineStatus().set(200);
        mails = TestMailServer.server().getReceivedMessages().length;
        hooks = TestAlertReceiver.webhookBodies().size();
        assertThat(statusOf(run(), "line_api")).isEqualTo(CheckStatus.OK);
        ran = Instant.now();
        MimeMessage recovered = awaitMail(mails, "監視復旧", "line_api");
        assertThat(recovered.getContent().toString()).contains("復旧: line_api");
        assertThat((String) JsonPath.read(awaitWebhook(hooks, "監視復旧", "line_api"), "$.text"))
                .contains("line_api");
        assertThat(Duration.between(ran, Instant.now())).isLessThan(Duration.ofMinutes(1));
        // no failing alert for line_api came in between
        assertThat(TestAlertReceiver.webhookBodies()
                        .subList(hooks, TestAlertReceiver.webhookBodies().size()))
                .noneMatch(b -> b.contains("監視異常: line_api"));
        assertThat(auditEntries("monitoring.check_failing", "line_api")).isGreaterThanOrEqualTo(1);
        assertThat(auditEntries("monitoring.check_recovered", "line_api")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void availabilityOfAMonthCountsOnlyOutagesOfFiveMinutesOrMore() {
        // four months ago (Japan time; within the 400 days of history kept), a run every 5 minutes, all up but
        // for two outages
        YearMonth month = YearMonth.now(TOKYO).minusMonths(4);
        Instant start = month.atDay(1).atStartOfDay(TOKYO).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(TOKYO).toInstant();
        Instant fourFrom = month.atDay(10).atTime(10, 0).atZone(TOKYO).toInstant();
        Instant sixFrom = month.atDay(15).atTime(12, 0).atZone(TOKYO).toInstant();
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    insert into ops.check_runs (id, started_at, finished_at, node, up)
                    select gen_random_uuid(), t, t, 'test', t not in (?, ?, ?)
                      from generate_series(?::timestamptz, ?::timestamptz - interval '1 second', interval '5 minutes') t""")
                    .params(
                            java.sql.Timestamp.from(fourFrom),
                            java.sql.Timestamp.from(sixFrom),
                            java.sql.Timestamp.from(sixFrom.plus(Duration.ofMinutes(5))),
                            java.sql.Timestamp.from(start),
                            java.sql.Timestamp.from(end))
                    .update();
            // 4 minutes: down at 10:00, up again at 10:04
            insertRun(fourFrom.plus(Duration.ofMinutes(4)), true);
            // 6 minutes: down at 12:00 and 12:05, up again at 12:06
            insertRun(sixFrom.plus(Duration.ofMinutes(6)), true);
        });

        var feb = availability.month(month);
        int days = month.lengthOfMonth();
        assertThat(feb.measured()).isEqualTo(Duration.ofDays(days));
        assertThat(feb.outages()).hasSize(2);
        assertThat(feb.outages().get(0).length()).isEqualTo(Duration.ofMinutes(4));
        assertThat(feb.outages().get(0).counted()).isFalse();
        assertThat(feb.outages().get(1).length()).isEqualTo(Duration.ofMinutes(6));
        assertThat(feb.outages().get(1).counted()).isTrue();
        assertThat(feb.downtime()).isEqualTo(Duration.ofMinutes(6));
        // 1 - 6 min / the month (99.98512 % for 28 days, 99.98656 % for 31)
        assertThat(feb.percent())
                .isCloseTo(100 - 600.0 / (days * 24 * 60), org.assertj.core.data.Offset.offset(0.0001));
    }

    @Test
    void emergencyMaintenanceCountsAsDowntimeAndPlannedMaintenanceDoesNot() {
        YearMonth month = YearMonth.now(TOKYO).minusMonths(3);
        Instant start = month.atDay(1).atStartOfDay(TOKYO).toInstant();
        Instant emergency = month.atDay(5).atTime(10, 0).atZone(TOKYO).toInstant();
        Instant planned = month.atDay(6).atTime(2, 0).atZone(TOKYO).toInstant();
        tx.executeWithoutResult(s -> {
            insertRun(start, true);
            insertWindow(emergency, emergency.plus(Duration.ofMinutes(30)), true);
            insertWindow(planned, planned.plus(Duration.ofHours(2)), false);
            // an emergency window of 3 minutes is too short to count
            insertWindow(
                    planned.plus(Duration.ofDays(1)),
                    planned.plus(Duration.ofDays(1)).plusSeconds(180),
                    true);
        });
        var march = availability.month(month);
        int days = month.lengthOfMonth();
        assertThat(march.measured()).isEqualTo(Duration.ofDays(days));
        assertThat(march.downtime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(march.outages()).extracting(Availability.Outage::counted).containsExactly(true, false);
        // 1 - 30 min / the month
        assertThat(march.percent())
                .isCloseTo(100 - 3000.0 / (days * 24 * 60), org.assertj.core.data.Offset.offset(0.0001));
    }

    private void insertWindow(Instant from, Instant to, boolean emergency) {
        jdbc.sql("""
                insert into ops.maintenance_windows (id, starts_at, ends_at, title, emergency, created_at)
                values (?, ?, ?, 'test', ?, ?)""")
                .params(
                        UUID.randomUUID(),
                        java.sql.Timestamp.from(from),
                        java.sql.Timestamp.from(to),
                        emergency,
                        java.sql.Timestamp.from(from))
                .update();
    }

    private void insertRun(Instant at, boolean up) {
        jdbc.sql("insert into ops.check_runs (id, started_at, finished_at, node, up) values (?, ?, ?, 'test', ?)")
                .params(UUID.randomUUID(), java.sql.Timestamp.from(at), java.sql.Timestamp.from(at), up)
                .update();
    }

    @Test
    void anIncidentTakesOperatorUpdatesAndShowsOnTheStatusPageWithoutSignIn() throws Exception {
        Instant opened = Instant.now().minus(Duration.ofHours(1));
        tx.executeWithoutResult(s -> incidents.openIfNone(List.of("database"), opened));
        var open = incidents.since(opened.minusSeconds(1), 10).stream()
                .filter(IncidentView::open)
                .findFirst()
                .orElseThrow();
        // while one is open, another failure opens no second one
        tx.executeWithoutResult(s -> incidents.openIfNone(List.of("web"), opened.plusSeconds(1)));
        assertThat(incidents.since(opened.minusSeconds(1), 10).stream().filter(IncidentView::open))
                .singleElement()
                .extracting(IncidentView::causes)
                .isEqualTo(List.of("database"));
        try {
            String path = "/api/v1/operator/incidents/" + open.id() + "/updates";
            mvc.perform(post(path)
                            .header("Authorization", OPERATOR)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"message\": \"データベースの応答が遅くなっています。調査中です。\"}"))
                    .andExpect(status().isCreated())
                    .andExpect(jsonPath("$.kind").value("update"));
            // bad input
            for (String body : List.of(
                    "{}",
                    "{\"message\": \"  \"}",
                    "{\"message\": 42}",
                    "[]",
                    "{\"message\": \"" + "あ".repeat(2001) + "\"}")) {
                mvc.perform(post(path)
                                .header("Authorization", OPERATOR)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(body))
                        .andExpect(status().isUnprocessableContent())
                        .andExpect(jsonPath("$.code").value("invalid_incident_update"));
            }
            mvc.perform(post("/api/v1/operator/incidents/" + UUID.randomUUID() + "/updates")
                            .header("Authorization", OPERATOR)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"message\": \"x\"}"))
                    .andExpect(status().isNotFound());
            mvc.perform(post("/api/v1/operator/incidents/not-a-uuid/updates")
                            .header("Authorization", OPERATOR)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"message\": \"x\"}"))
                    .andExpect(status().isNotFound());
            // without a token: refused, nothing posted
            mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content("{\"message\": \"x\"}"))
                    .andExpect(status().isUnauthorized());
            // a tenant's admin key is no operator token: a tenant cannot write on the service's status page
            var shop = TenantFixtures.aTenant(tenants, "status");
            String key = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.ADMIN);
            mvc.perform(post(path)
                            .header("Authorization", key)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"message\": \"x\"}"))
                    .andExpect(status().isUnauthorized());
            mvc.perform(get("/api/v1/operator/incidents").header("Authorization", key))
                    .andExpect(status().isUnauthorized());
            assertThat(auditEntries("incident.updated", open.id().toString())).isEqualTo(1);

            mvc.perform(get("/api/v1/operator/incidents/" + open.id()).header("Authorization", OPERATOR))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.updates.length()").value(2))
                    .andExpect(jsonPath("$.updates[0].kind").value("opened"));

            String page = mvc.perform(get("/status"))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            assertThat(page).contains("稼働状況").contains("障害が発生").contains("データベースの応答が遅くなっています");
            String english = mvc.perform(get("/status?lang=en"))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            assertThat(english)
                    .contains("Service status")
                    .contains("There is an outage")
                    .contains("viewport");
            mvc.perform(get("/status.json"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("outage"))
                    .andExpect(jsonPath("$.incidents[0].affected[0]").value("database"))
                    .andExpect(jsonPath("$.incidents[0].updates[1].message").value("データベースの応答が遅くなっています。調査中です。"));
        } finally {
            tx.executeWithoutResult(s -> incidents.resolveOpen(Instant.now()));
        }
        mvc.perform(get("/status.json"))
                .andExpect(jsonPath("$.status").value("operational"))
                .andExpect(jsonPath("$.availability.length()").value(3));
    }

    @Test
    void theStatusPageAndItsJsonStayOpenDuringAnEmergencyWindow() throws Exception {
        Instant now = Instant.now();
        String created = mvc.perform(post("/api/v1/operator/maintenance-windows")
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"startsAt": "%s", "endsAt": "%s", "title": "緊急の修正", "emergency": true}""".formatted(now.minusSeconds(1), now.plus(Duration.ofMinutes(10)))))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = JsonPath.read(created, "$.id");
        try {
            mvc.perform(get("/")).andExpect(status().isServiceUnavailable());
            mvc.perform(get("/status.json"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("maintenance"))
                    .andExpect(jsonPath("$.maintenance[0].title").value("緊急の修正"));
            mvc.perform(get("/status")).andExpect(status().isOk());
        } finally {
            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
                                    "/api/v1/operator/maintenance-windows/" + id)
                            .header("Authorization", OPERATOR))
                    .andExpect(status().isOk());
        }
    }

    @Test
    void operatorsSeeChecksAvailabilityAndIncidentsInTheConsoleAndPostUpdatesThere() throws Exception {
        run();
        var op = new ConsoleSignIns(mvc, operators).newOperator("monitoring");
        mvc.perform(get("/operator").cookie(op.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-availability")))
                .andExpect(content().string(containsString("稼働率")));
        Instant opened = Instant.now();
        tx.executeWithoutResult(s -> incidents.openIfNone(List.of("web"), opened));
        UUID id = incidents.since(opened.minusSeconds(1), 10).stream()
                .filter(IncidentView::open)
                .findFirst()
                .orElseThrow()
                .id();
        try {
            mvc.perform(get("/operator/monitoring").cookie(op.session()))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("data-check=\"audit_sealing\"")))
                    .andExpect(content().string(containsString("/operator/monitoring/incidents/" + id + "/updates")));
            mvc.perform(post("/operator/monitoring/incidents/" + id + "/updates")
                            .with(csrf())
                            .cookie(op.session())
                            .param("message", "原因を調査しています。"))
                    .andExpect(redirectedUrl("/operator/monitoring"));
            // bad input: the page again with the error, nothing posted
            mvc.perform(post("/operator/monitoring/incidents/" + id + "/updates")
                            .with(csrf())
                            .cookie(op.session())
                            .param("message", "   "))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("障害情報は1〜2000文字")));
            mvc.perform(post("/operator/monitoring/incidents/" + UUID.randomUUID() + "/updates")
                            .with(csrf())
                            .cookie(op.session())
                            .param("message", "x"))
                    .andExpect(status().isNotFound());
            assertThat(incidents.find(id).orElseThrow().updates())
                    .extracting(IncidentView.Update::message)
                    .containsExactly(null, "原因を調査しています。");
        } finally {
            tx.executeWithoutResult(s -> incidents.resolveOpen(Instant.now()));
        }
        // only operators
        mvc.perform(get("/operator/monitoring")).andExpect(redirectedUrl("/operator/login"));
        mvc.perform(post("/operator/monitoring/incidents/" + id + "/updates")
                        .with(csrf())
                        .param("message", "x"))
                .andExpect(redirectedUrl("/operator/login"));
    }

    @Test
    void availabilityApiRefusesABadMonth() throws Exception {
        mvc.perform(get("/api/v1/operator/availability?month=2025-13").header("Authorization", OPERATOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_request"));
        mvc.perform(get("/api/v1/operator/availability").header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(6));
    }

    /** Platform meaning entries of {@code action} whose details mention {@code containing}, read as the owner. */
    private long auditEntries(String action, String containing) throws Exception {
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("select count(*) from audit.entries"
                        + " where tenant_id is null and action = ? and details::text like ?")) {
            st.setString(1, action);
            st.setString(2, "%" + containing + "%");
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static MimeMessage awaitMail(int after, String subject, String about) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            var all = TestMailServer.server().getReceivedMessages();
            for (int i = after; i < all.length; i++) {
                if (all[i].getSubject().contains(subject) && all[i].getSubject().contains(about)) {
                    return all[i];
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no alert mail '" + subject + "' within a minute");
    }

    private static String awaitWebhook(int after, String... about) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            var all = TestAlertReceiver.webhookBodies();
            for (int i = after; i < all.size(); i++) {
                String body = all.get(i);
                if (java.util.Arrays.stream(about).allMatch(body::contains)) {
                    return all.get(i);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no webhook call about " + String.join(", ", about) + " within a minute");
    }
}
