package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.PlanLimit;
import jp.tokuten.tenancy.PlanLimits;
import jp.tokuten.tenancy.Plans;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plans and limits (decisions 145-147): a count cap is never exceeded under hundreds of concurrent creations,
 * past a cap the API answers 403 {@code plan_limit_reached} and past the rate 429 {@code rate_limited} with
 * {@code Retry-After}; archiving gives a place back; only operators change plans, with bad input refused;
 * one tenant's use never counts for another.
 */
@TokutenTest
class PlansAndLimitsTests {

    static final String OPERATOR = "Bearer " + TokutenTest.OPERATOR_TOKEN;

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    Plans plans;

    @Autowired
    PlanLimits limits;

    @Autowired
    Campaigns campaigns;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DataSource dataSource;

    @Autowired
    ApplicationContext context;

    TenantView shop;

    @BeforeEach
    void aTenant() {
        shop = TenantFixtures.aTenant(tenants, "plan");
    }

    /** A plan of its own for the test (the runtime role may not add plans: the owner does). */
    String aPlan(long campaigns, long apiPerMinute) throws Exception {
        String code = "t" + Long.toString(System.nanoTime(), 36);
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("""
                        insert into tenancy.plans (code, name, max_campaigns, max_coupons, max_entries_per_month,
                            max_storage_bytes, max_console_sessions, api_requests_per_minute)
                        values (?, 'Test', ?, 10, 100, 1000000, 5, ?)""")) {
            st.setString(1, code);
            st.setInt(2, (int) campaigns);
            st.setInt(3, (int) apiPerMinute);
            st.executeUpdate();
        }
        return code;
    }

    @Test
    void threeHundredConcurrentCreationsNeverPassTheCampaignCap() throws Exception {
        plans.assign(shop.id(), aPlan(25, 100_000));
        var draft = CampaignFixtures.aDraft(LocalDate.now());
        int calls = 300;
        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                all.add(pool.submit(() -> {
                    start.await();
                    String outcome;
                    try {
                        binder.callAs(shop.id(), () -> campaigns.create(draft));
                        outcome = "created";
                    } catch (ProblemException p) {
                        outcome = p.code();
                    }
                    outcomes.merge(outcome, 1, Integer::sum);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("created", 25, "plan_limit_reached", 275));
        assertThat(binder.callAs(shop.id(), () -> campaigns.list(null))).hasSize(25);
        var usage = binder.callAs(shop.id(), () -> limits.usage(0, 0));
        assertThat(usage)
                .filteredOn(u -> u.limit() == PlanLimit.CAMPAIGNS)
                .singleElement()
                .satisfies(u -> {
                    assertThat(u.used()).isEqualTo(25);
                    assertThat(u.cap()).isEqualTo(25);
                    assertThat(u.reached()).isTrue();
                });
    }

    @Test
    void twoHundredConcurrentApiRequestsCreateExactlyTheCapAndTheRestAre403() throws Exception {
        plans.assign(shop.id(), aPlan(20, 100_000));
        String editor = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);
        String body = """
                {"name": "同時作成",
                 "purchasePeriod": {"from": "2026-12-01", "to": "2027-01-31"},
                 "entryPeriod": {"from": "2026-12-01", "to": "2027-02-07"},
                 "receiptsPerEntry": 1}""";
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                all.add(pool.submit(() -> {
                    start.await();
                    var r = mvc.perform(post("/api/v1/campaigns")
                                    .header("Authorization", editor)
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content(body))
                            .andReturn()
                            .getResponse();
                    String outcome = r.getStatus() == 201
                            ? "201"
                            : r.getStatus() + " " + com.jayway.jsonpath.JsonPath.read(r.getContentAsString(), "$.code");
                    outcomes.merge(outcome, 1, Integer::sum);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("201", 20, "403 plan_limit_reached", 180));
        assertThat(binder.callAs(shop.id(), () -> campaigns.list(null))).hasSize(20);
    }

    @Test
    void pastTheCapTheApiAnswers403WithItsCodeAndArchivingGivesThePlaceBack() throws Exception {
        plans.assign(shop.id(), aPlan(1, 100_000));
        String editor = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);
        String body = """
                {"name": "冬のパン祭り",
                 "purchasePeriod": {"from": "2026-12-01", "to": "2027-01-31"},
                 "entryPeriod": {"from": "2026-12-01", "to": "2027-02-07"},
                 "receiptsPerEntry": 1}""";
        String created = mvc.perform(post("/api/v1/campaigns")
                        .header("Authorization", editor)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = com.jayway.jsonpath.JsonPath.read(created, "$.id");
        mvc.perform(post("/api/v1/campaigns")
                        .header("Authorization", editor)
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("plan_limit_reached"))
                .andExpect(jsonPath("$.limit").value("campaigns"))
                .andExpect(jsonPath("$.cap").value(1))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Campaigns")));
        binder.runAs(shop.id(), () -> {
            campaigns.open(java.util.UUID.fromString(id));
            campaigns.close(java.util.UUID.fromString(id));
            campaigns.archive(java.util.UUID.fromString(id));
        });
        mvc.perform(post("/api/v1/campaigns")
                        .header("Authorization", editor)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated());
    }

    @Test
    void pastThePlansRateTheApiAnswers429WithRetryAfter() throws Exception {
        plans.assign(shop.id(), aPlan(5, 3));
        String viewer = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
        var other = TenantFixtures.aTenant(tenants, "plan-other");
        plans.assign(other.id(), aPlan(5, 3));
        String theirs = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.VIEWER);
        int ok = 0;
        int limited = 0;
        // a minute may turn between two calls: then the count starts again, so look at the first refusal
        for (int i = 0; i < 8 && limited == 0; i++) {
            var r = mvc.perform(get("/api/v1/tenant").header("Authorization", viewer))
                    .andReturn()
                    .getResponse();
            if (r.getStatus() == 200) {
                ok++;
            } else {
                assertThat(r.getStatus()).isEqualTo(429);
                assertThat(r.getContentType()).startsWith("application/problem+json");
                assertThat(com.jayway.jsonpath.JsonPath.<String>read(r.getContentAsString(), "$.code"))
                        .isEqualTo("rate_limited");
                assertThat(Integer.parseInt(r.getHeader("Retry-After"))).isBetween(1, 60);
                limited++;
            }
        }
        assertThat(limited).isEqualTo(1);
        assertThat(ok).isGreaterThanOrEqualTo(3);
        // the other tenant's rate is its own
        mvc.perform(get("/api/v1/tenant").header("Authorization", theirs)).andExpect(status().isOk());
        // a request without a valid key uses nobody's rate
        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer tk_nothing_here"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void onlyOperatorsChangePlansAndBadInputIsRefused() throws Exception {
        String admin = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.ADMIN);
        mvc.perform(put("/api/v1/operator/tenants/" + shop.id() + "/plan")
                        .header("Authorization", admin)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"plan\": \"enterprise\"}"))
                .andExpect(status().isUnauthorized());
        mvc.perform(put("/api/v1/operator/tenants/" + shop.id() + "/plan")
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"plan\": \"platinum\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_plan"))
                .andExpect(jsonPath("$.field").value("plan"));
        mvc.perform(put("/api/v1/operator/tenants/" + java.util.UUID.randomUUID() + "/plan")
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"plan\": \"free\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("tenant_not_found"));
        mvc.perform(put("/api/v1/operator/tenants/" + shop.id() + "/plan")
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"plan\": \"free\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.plan").value("free"))
                .andExpect(jsonPath("$.usage[?(@.limit == 'campaigns')].cap").value(2));
        assertThat(tenants.findById(shop.id()).orElseThrow().plan()).isEqualTo("free");

        String code = aPlan(3, 60);
        mvc.perform(put("/api/v1/operator/plans/" + code)
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "T", "caps": {"campaigns": -1, "coupons": 5, "entries_per_month": 6,
                                 "storage_bytes": 7, "console_sessions": 8, "api_requests_per_minute": 9}}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_plan"))
                .andExpect(jsonPath("$.field").value("campaigns"));
        mvc.perform(put("/api/v1/operator/plans/" + code)
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "T", "caps": {"campaigns": 4, "coupons": 5, "entries_per_month": 6,
                                 "storage_bytes": 7, "console_sessions": 0, "api_requests_per_minute": 9}}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("console_sessions"));
        mvc.perform(put("/api/v1/operator/plans/nosuchplan")
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "T", "caps": {"campaigns": 4, "coupons": 5, "entries_per_month": 6,
                                 "storage_bytes": 7, "console_sessions": 8, "api_requests_per_minute": 9}}"""))
                .andExpect(status().isNotFound());
        mvc.perform(put("/api/v1/operator/plans/" + code)
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "Renamed", "caps": {"campaigns": 4, "coupons": 5, "entries_per_month": 6,
                                 "storage_bytes": 7, "console_sessions": 8, "api_requests_per_minute": 9}}"""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Renamed"))
                .andExpect(jsonPath("$.caps.campaigns").value(4))
                .andExpect(jsonPath("$.caps.storage_bytes").value(7));
        mvc.perform(get("/api/v1/operator/plans").header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.code == 'free')].caps.campaigns").value(2));
    }

    @Test
    void oneTenantsUseNeverCountsForAnother() throws Exception {
        String code = aPlan(2, 1000);
        plans.assign(shop.id(), code);
        var other = TenantFixtures.aTenant(tenants, "plan-rival");
        plans.assign(other.id(), code);
        var draft = CampaignFixtures.aDraft(LocalDate.now());
        binder.runAs(shop.id(), () -> {
            campaigns.create(draft);
            campaigns.create(draft);
        });
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> campaigns.create(draft)))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("plan_limit_reached"));
        binder.runAs(other.id(), () -> campaigns.create(draft));
        mvc.perform(get("/api/v1/operator/tenants/" + shop.id() + "/usage").header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.usage[?(@.limit == 'campaigns')].used").value(2));
        mvc.perform(get("/api/v1/operator/tenants/" + other.id() + "/usage").header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.usage[?(@.limit == 'campaigns')].used").value(1));
        mvc.perform(get("/api/v1/operator/tenants/" + shop.id()).header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.usage.length()").value(PlanLimit.values().length));
        // read as the runtime role with the other tenant bound, the usage rows of the first are invisible
        long seen = binder.callAs(
                other.id(),
                () -> tx.execute(s -> new JdbcTemplate(dataSource)
                        .queryForObject(
                                "select count(*) from tenancy.usage where tenant_id = ?",
                                Long.class,
                                shop.id().value())));
        assertThat(seen).isZero();
        mvc.perform(get("/api/v1/operator/tenants/nonsense/usage").header("Authorization", OPERATOR))
                .andExpect(status().isNotFound());
    }
}
