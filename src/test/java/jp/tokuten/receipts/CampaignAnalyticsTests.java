package jp.tokuten.receipts;

import static jp.tokuten.campaigns.CampaignFixtures.aDraft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.shared.ProblemException;
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
class CampaignAnalyticsTests {

    @Autowired
    CampaignAnalytics analytics;

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
    Clock clock;

    TenantView tenant;
    CampaignView campaign;

    /**
     * Known data: 6 entries on three Tokyo days (one just after midnight Tokyo time, still the previous day
     * in UTC), 3 approved, 1 rejected, 1 in review, 1 pending; purchases only from the approved ones count.
     */
    @BeforeEach
    void knownEntries() {
        tenant = TenantFixtures.aTenant(tenants, "stats");
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
        binder.runAs(
                tenant.id(),
                () -> tx.executeWithoutResult(s -> {
                    campaign = campaigns.create(aDraft(today));
                    CampaignView other = campaigns.create(aDraft(today));
                    var rows = new EntryRows(jdbc);
                    UUID e = rows.entrant("stats@example.jp");
                    String aoba = EntryRows.reading("あおばマート", "2026-06-01", 1000, "緑茶", 2, 400, "おにぎり", 1, 600);
                    String midori = EntryRows.reading("みどり商店", "2026-06-01", 500, "緑茶", 1, 200, "パン", 1, 300);
                    rows.entry(
                            campaign.id(),
                            e,
                            null,
                            "approved",
                            List.of(),
                            Instant.parse("2026-06-01T01:00:00Z"),
                            List.of(aoba));
                    rows.entry(
                            campaign.id(),
                            e,
                            null,
                            "approved",
                            List.of(),
                            Instant.parse("2026-06-01T15:30:00Z"),
                            List.of(aoba, midori));
                    rows.entry(
                            campaign.id(),
                            e,
                            null,
                            "approved",
                            List.of(),
                            Instant.parse("2026-06-02T03:00:00Z"),
                            List.of(midori));
                    rows.entry(
                            campaign.id(),
                            e,
                            null,
                            "rejected",
                            List.of("no_target_item", "below_minimum_amount"),
                            Instant.parse("2026-06-02T04:00:00Z"),
                            List.of(EntryRows.reading("あおばマート", "2026-06-02", 9999, "ビール", 1, 9999)));
                    rows.entry(
                            campaign.id(),
                            e,
                            null,
                            "review",
                            List.of("low_confidence"),
                            Instant.parse("2026-06-03T04:00:00Z"),
                            List.of(aoba));
                    rows.entry(
                            campaign.id(),
                            e,
                            null,
                            "pending",
                            List.of(),
                            Instant.parse("2026-06-03T05:00:00Z"),
                            java.util.Arrays.asList((String) null));
                    rows.entry(
                            other.id(),
                            e,
                            null,
                            "approved",
                            List.of(),
                            Instant.parse("2026-06-03T05:00:00Z"),
                            List.of(aoba));
                }));
    }

    @Test
    void countsEntriesPerTokyoDayStatusReasonsAndPurchases() {
        var f = binder.callAs(tenant.id(), () -> analytics.of(campaign.id()));
        assertThat(f.entries()).isEqualTo(6);
        assertThat(List.of(f.approved(), f.rejected(), f.review(), f.pending())).containsExactly(3L, 1L, 1L, 1L);
        assertThat(f.approvalRate()).isEqualTo(0.75);
        assertThat(f.perDay())
                .containsExactly(
                        new CampaignAnalytics.DayCount(LocalDate.parse("2026-06-01"), 1),
                        new CampaignAnalytics.DayCount(LocalDate.parse("2026-06-02"), 3),
                        new CampaignAnalytics.DayCount(LocalDate.parse("2026-06-03"), 2));
        assertThat(f.reasons())
                .containsExactly(
                        new CampaignAnalytics.ReasonCount("below_minimum_amount", 1),
                        new CampaignAnalytics.ReasonCount("low_confidence", 1),
                        new CampaignAnalytics.ReasonCount("no_target_item", 1));
        assertThat(f.byStore())
                .containsExactly(
                        new CampaignAnalytics.Purchases("あおばマート", 2, 2, 2000),
                        new CampaignAnalytics.Purchases("みどり商店", 2, 2, 1000));
        assertThat(f.byItem())
                .containsExactly(
                        new CampaignAnalytics.Purchases("緑茶", 4, 6, 1200),
                        new CampaignAnalytics.Purchases("おにぎり", 2, 2, 1200),
                        new CampaignAnalytics.Purchases("パン", 2, 2, 600));
    }

    @Test
    void anotherTenantsCampaignIsNotFound() {
        var other = TenantFixtures.aTenant(tenants, "stats-other");
        binder.runAs(
                other.id(),
                () -> assertThatThrownBy(() -> analytics.of(campaign.id()))
                        .isInstanceOfSatisfying(
                                ProblemException.class,
                                p -> assertThat(p.code()).isEqualTo("not_found")));
    }

    @Test
    void theDashboardDrawsTheFiguresAsSvgOnThePage() throws Exception {
        String email = "viewer-" + System.nanoTime() + "@stats.example";
        binder.callAs(tenant.id(), () -> users.create(email, "閲覧者", TenantRole.VIEWER, "stats pass phrase long"));
        var session = ConsoleSignIns.forTenantUsers(mvc).adminSignIn(tenant.slug(), email, "stats pass phrase long");
        String page = mvc.perform(
                        get("/admin/campaigns/" + campaign.id() + "/analytics").cookie(session))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("<svg")
                .contains("data-figure=\"entries\">6<")
                .contains("data-figure=\"approval-rate\">75.0%<")
                .contains("あおばマート")
                .contains("緑茶")
                .contains("data-reason=\"low_confidence\"")
                .contains("個人情報は含まれません")
                .doesNotContain("<script>");
        var other = TenantFixtures.aTenant(tenants, "stats-page-other");
        String theirs = "admin-" + System.nanoTime() + "@stats.example";
        binder.callAs(other.id(), () -> users.create(theirs, "他社", TenantRole.ADMIN, "stats pass phrase long"));
        var otherSession =
                ConsoleSignIns.forTenantUsers(mvc).adminSignIn(other.slug(), theirs, "stats pass phrase long");
        assertThat(mvc.perform(get("/admin/campaigns/" + campaign.id() + "/analytics")
                                .cookie(otherSession))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        assertThat(mvc.perform(get("/admin/campaigns/" + campaign.id() + "/entries.csv")
                                .cookie(otherSession))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        var csv = mvc.perform(get("/admin/campaigns/" + campaign.id() + "/entries.csv")
                        .cookie(session))
                .andReturn()
                .getResponse();
        assertThat(csv.getStatus()).isEqualTo(200);
        assertThat(csv.getContentAsString(java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("stats@example.jp");
    }
}
