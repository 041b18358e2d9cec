package jp.tokuten.receipts;

import static jp.tokuten.campaigns.CampaignFixtures.aDraft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.audit.AuditFilter;
import jp.tokuten.audit.AuditLog;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

@TokutenTest
class ReviewWorkbenchTests {

    static final String PASSWORD = "workbench pass phrase";

    @Autowired
    ReviewQueue queue;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    AuditLog auditLog;

    @Autowired
    Clock clock;

    TenantView tenant;
    CampaignView campaign;
    CampaignView other;
    UUID old;
    UUID recent;
    UUID otherCampaigns;
    UUID approved;

    static final String READING = EntryRows.reading("あおばマート", "2026-06-01T10:00:00", 1200, "緑茶", 2, 1200);

    @BeforeEach
    void entriesInReview() {
        tenant = TenantFixtures.aTenant(tenants, "bench");
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
        Instant now = clock.instant();
        binder.runAs(
                tenant.id(),
                () -> tx.executeWithoutResult(s -> {
                    campaign = campaigns.create(aDraft(today));
                    other = campaigns.create(aDraft(today));
                    var rows = new EntryRows(jdbc);
                    UUID e = rows.entrant("bench@example.jp");
                    old = rows.entry(
                            campaign.id(),
                            e,
                            null,
                            "review",
                            List.of("low_confidence"),
                            now.minus(Duration.ofHours(30)),
                            List.of(READING));
                    recent = rows.entry(
                            campaign.id(),
                            e,
                            null,
                            "review",
                            List.of("suspected_edited_image"),
                            now.minus(Duration.ofMinutes(5)),
                            List.of(READING));
                    otherCampaigns = rows.entry(
                            other.id(),
                            e,
                            null,
                            "review",
                            List.of("low_confidence"),
                            now.minus(Duration.ofHours(2)),
                            List.of(READING));
                    approved = rows.entry(
                            campaign.id(),
                            e,
                            null,
                            "approved",
                            List.of(),
                            now.minus(Duration.ofHours(40)),
                            List.of(READING));
                }));
    }

    @Test
    void theQueueListsEntriesInReviewOldestFirstByCampaignReasonAndAge() {
        binder.runAs(tenant.id(), () -> {
            assertThat(queue.list(ReviewQueue.Filter.ALL))
                    .extracting(ReviewQueue.Item::entry)
                    .containsExactly(old, otherCampaigns, recent);
            assertThat(queue.list(new ReviewQueue.Filter(campaign.id(), null, null)))
                    .extracting(ReviewQueue.Item::entry)
                    .containsExactly(old, recent);
            assertThat(queue.list(new ReviewQueue.Filter(null, "low_confidence", null)))
                    .extracting(ReviewQueue.Item::entry)
                    .containsExactly(old, otherCampaigns);
            assertThat(queue.list(new ReviewQueue.Filter(null, null, Duration.ofHours(1))))
                    .extracting(ReviewQueue.Item::entry)
                    .containsExactly(old, otherCampaigns);
            var first = queue.list(ReviewQueue.Filter.ALL).getFirst();
            assertThat(first.overdue(clock.instant())).isTrue();
            assertThat(queue.list(ReviewQueue.Filter.ALL).getLast().overdue(clock.instant()))
                    .isFalse();
            assertThat(queue.counts()).containsExactly(3, 1);
        });
    }

    @Test
    void fiftyConcurrentClaimsOfOneEntryLeaveItWithExactlyOneReviewer() throws Exception {
        List<UUID> reviewers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            reviewers.add(UUID.randomUUID());
        }
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(16);
        List<Future<Optional<ReviewQueue.Claim>>> results = new ArrayList<>();
        try {
            for (UUID r : reviewers) {
                Callable<Optional<ReviewQueue.Claim>> claim = () -> {
                    start.await();
                    return binder.callAs(tenant.id(), () -> queue.claim(old, r));
                };
                results.add(pool.submit(claim));
            }
            start.countDown();
            List<ReviewQueue.Claim> won = new ArrayList<>();
            for (var f : results) {
                f.get().ifPresent(won::add);
            }
            assertThat(won).hasSize(1);
            UUID holder = won.getFirst().reviewer();
            assertThat(binder.callAs(tenant.id(), () -> queue.holder(old)))
                    .map(ReviewQueue.Claim::reviewer)
                    .contains(holder);
            // the holder renews; anybody else is still refused; after release another takes it
            assertThat(binder.callAs(tenant.id(), () -> queue.claim(old, holder)))
                    .isPresent();
            UUID someoneElse = reviewers.stream()
                    .filter(r -> !r.equals(holder))
                    .findFirst()
                    .orElseThrow();
            assertThat(binder.callAs(tenant.id(), () -> queue.claim(old, someoneElse)))
                    .isEmpty();
            binder.runAs(tenant.id(), () -> queue.release(old, holder));
            assertThat(binder.callAs(tenant.id(), () -> queue.claim(old, someoneElse)))
                    .isPresent();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredClaimIsFreeForAnotherReviewer() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        binder.runAs(tenant.id(), () -> {
            assertThat(queue.claim(recent, first)).isPresent();
            assertThat(queue.claim(recent, second)).isEmpty();
            tx.executeWithoutResult(s -> jdbc.update(
                    "update receipts.review_claims set claimed_at = now() - interval '20 minutes',"
                            + " expires_at = now() - interval '1 second' where entry_id = ?",
                    recent));
            assertThat(queue.holder(recent)).isEmpty();
            assertThat(queue.claim(recent, second))
                    .map(ReviewQueue.Claim::reviewer)
                    .contains(second);
            assertThat(queue.claim(UUID.randomUUID(), second)).isEmpty();
        });
    }

    @Test
    void anotherTenantCannotClaimOrSeeTheEntries() {
        var elsewhere = TenantFixtures.aTenant(tenants, "bench-other");
        binder.runAs(elsewhere.id(), () -> {
            assertThat(queue.claim(old, UUID.randomUUID())).isEmpty();
            assertThat(queue.list(ReviewQueue.Filter.ALL)).isEmpty();
        });
    }

    Cookie signIn(TenantView t, TenantRole role) throws Exception {
        String email = role.name().toLowerCase() + "-" + System.nanoTime() + "@bench.example";
        binder.callAs(t.id(), () -> users.create(email, "担当 " + role, role, PASSWORD));
        return ConsoleSignIns.forTenantUsers(mvc).adminSignIn(t.slug(), email, PASSWORD);
    }

    @Test
    void aReviewerOpensApprovesAndRejectsFromTheWorkbenchAndEachDecisionIsAudited() throws Exception {
        Cookie session = signIn(tenant, TenantRole.REVIEWER);
        String page = mvc.perform(get("/admin/review").cookie(session))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains(old.toString())
                .contains(recent.toString())
                .doesNotContain(approved.toString())
                .contains("data-overdue");
        String entryPage = mvc.perform(get("/admin/review/" + old)
                        .param("campaign", campaign.id().toString())
                        .cookie(session))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(entryPage)
                .contains("data-read-field=\"store.name\">あおばマート<")
                .contains("data-decide=\"approve\"")
                .contains("/js/review.js")
                .contains("data-nav=\"next\"")
                .doesNotContain("data-held-by-other");

        // a second reviewer finds it held, and cannot decide it
        Cookie second = signIn(tenant, TenantRole.REVIEWER);
        String held = mvc.perform(get("/admin/review/" + old).cookie(second))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(held).contains("data-held-by-other");
        mvc.perform(post("/admin/review/" + old + "/decision")
                .param("decision", "approve")
                .with(csrf())
                .cookie(second));
        assertThat(status(old)).isEqualTo("review");

        // rejecting needs a reason; a bad decision changes nothing
        var noReason = mvc.perform(post("/admin/review/" + old + "/decision")
                        .param("decision", "reject")
                        .with(csrf())
                        .cookie(session))
                .andReturn()
                .getResponse();
        assertThat(noReason.getRedirectedUrl()).endsWith("/admin/review/" + old);
        assertThat(status(old)).isEqualTo("review");
        mvc.perform(post("/admin/review/" + old + "/decision")
                .param("decision", "maybe")
                .with(csrf())
                .cookie(session));
        assertThat(status(old)).isEqualTo("review");

        var approvedResponse = mvc.perform(post("/admin/review/" + old + "/decision")
                        .param("decision", "approve")
                        .param("campaign", campaign.id().toString())
                        .with(csrf())
                        .cookie(session))
                .andReturn()
                .getResponse();
        assertThat(status(old)).isEqualTo("approved");
        assertThat(approvedResponse.getRedirectedUrl())
                .contains("/admin/review/" + recent)
                .contains("campaign=" + campaign.id());
        assertThat(binder.callAs(tenant.id(), () -> queue.holder(old))).isEmpty();

        mvc.perform(get("/admin/review/" + recent).cookie(session));
        mvc.perform(post("/admin/review/" + recent + "/decision")
                .param("decision", "reject")
                .param("reason", "suspected_edited_image")
                .with(csrf())
                .cookie(session));
        assertThat(status(recent)).isEqualTo("rejected");
        var audited = binder.callAs(
                tenant.id(),
                () -> auditLog.entries(new AuditFilter(null, null, null, "entry.decided", null, null), 10));
        assertThat(audited).hasSize(2);
    }

    @Test
    void aCorrectionIsJudgedAgainAndABadOneChangesNothing() throws Exception {
        Cookie session = signIn(tenant, TenantRole.REVIEWER);
        mvc.perform(get("/admin/review/" + old).cookie(session));
        var bad = mvc.perform(post("/admin/review/" + old + "/corrections")
                        .param("fix.0.total", "千円")
                        .with(csrf())
                        .cookie(session))
                .andReturn();
        assertThat(bad.getResponse().getRedirectedUrl()).endsWith("/admin/review/" + old);
        assertThat(bad.getFlashMap().get("error")).isEqualTo("review.error.invalid_decision");
        assertThat(corrections(old)).isEqualTo("{}");
        var empty = mvc.perform(post("/admin/review/" + old + "/corrections")
                        .with(csrf())
                        .cookie(session))
                .andReturn();
        assertThat(empty.getFlashMap().get("error")).isEqualTo("review.error.noCorrection");
        var good = mvc.perform(post("/admin/review/" + old + "/corrections")
                        .param("fix.0.total", "1500")
                        .with(csrf())
                        .cookie(session))
                .andReturn();
        assertThat(good.getFlashMap().get("corrected")).isEqualTo(true);
        assertThat(corrections(old)).contains("\"0.total\": \"1500\"");
    }

    String corrections(UUID entry) {
        return binder.callAs(
                tenant.id(),
                () -> tx.execute(s -> jdbc.queryForObject(
                        "select corrections::text from receipts.entries where id = ?", String.class, entry)));
    }

    @Test
    void anotherTenantsEntryIsNotFoundOnTheWorkbench() throws Exception {
        var elsewhere = TenantFixtures.aTenant(tenants, "bench-else");
        Cookie theirs = signIn(elsewhere, TenantRole.ADMIN);
        assertThat(mvc.perform(get("/admin/review/" + old).cookie(theirs))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        assertThat(mvc.perform(get("/admin/review/" + old + "/receipts/0/photo").cookie(theirs))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        assertThat(mvc.perform(post("/admin/review/" + old + "/decision")
                                .param("decision", "approve")
                                .with(csrf())
                                .cookie(theirs))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        assertThat(status(old)).isEqualTo("review");
        String queuePage = mvc.perform(get("/admin/review").cookie(theirs))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(queuePage).doesNotContain(old.toString());
    }

    @Test
    void badFilterValuesAreDroppedWithAMessage() throws Exception {
        Cookie session = signIn(tenant, TenantRole.EDITOR);
        var response = mvc.perform(get("/admin/review")
                        .param("campaign", "nope")
                        .param("reason", "x")
                        .param("age", "7")
                        .cookie(session))
                .andReturn()
                .getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).contains("絞り込みの条件に使えない値").contains(old.toString());
    }

    @Test
    void viewersAndStoreStaffCannotReview() throws Exception {
        for (TenantRole role : List.of(TenantRole.VIEWER, TenantRole.STORE_STAFF)) {
            Cookie session = signIn(tenant, role);
            assertThat(mvc.perform(get("/admin/review").cookie(session))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .isEqualTo(403);
            assertThat(mvc.perform(post("/admin/review/" + old + "/decision")
                                    .param("decision", "approve")
                                    .with(csrf())
                                    .cookie(session))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .isEqualTo(403);
        }
        assertThat(status(old)).isEqualTo("review");
    }

    String status(UUID entry) {
        return binder.callAs(
                tenant.id(),
                () -> tx.execute(s ->
                        jdbc.queryForObject("select status from receipts.entries where id = ?", String.class, entry)));
    }
}
