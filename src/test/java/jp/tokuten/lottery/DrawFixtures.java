package jp.tokuten.lottery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.receipts.EntryRows;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A campaign whose period has ended, a closed-draw course and approved entries written straight into the
 * tables ({@link EntryRows}), for tests of draws.
 */
public final class DrawFixtures {

    private final TenantBinder binder;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbc;
    private final TenantView tenant;

    public DrawFixtures(DataSource dataSource, TenantBinder binder, TransactionTemplate tx, TenantView tenant) {
        this.binder = binder;
        this.tx = tx;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tenant = tenant;
    }

    /** A campaign whose entry period ended 10 days ago (its 7 grace days 3 days ago). */
    public UUID anEndedCampaign(Campaigns campaigns, LocalDate today) {
        return binder.callAs(
                tenant.id(),
                () -> campaigns
                        .create(CampaignFixtures.aDraft(today.minusDays(40)))
                        .id());
    }

    /** A campaign still taking entries. */
    public UUID aRunningCampaign(Campaigns campaigns, LocalDate today) {
        return binder.callAs(
                tenant.id(),
                () -> campaigns.create(CampaignFixtures.aDraft(today)).id());
    }

    /** A closed-draw course of two physical prizes (3 QUO cards, 2 book cards). */
    public static CourseDraft aClosedDraw(ChancesPer per, int maxWins) {
        return new CourseDraft(
                "A賞",
                Mechanic.CLOSED_DRAW,
                List.of(PrizeDraft.physical("QUOカード500円分", 3, 500), PrizeDraft.physical("図書カード1000円分", 2, 1000)),
                null,
                null,
                per,
                maxWins,
                null);
    }

    public UUID course(Courses courses, UUID campaign, CourseDraft draft) {
        return binder.callAs(tenant.id(), () -> courses.create(campaign, draft).id());
    }

    public UUID entrant(String email) {
        return binder.callAs(tenant.id(), () -> tx.execute(s -> new EntryRows(jdbc).entrant(email)));
    }

    public void block(UUID entrant) {
        binder.runAs(
                tenant.id(),
                () -> tx.executeWithoutResult(
                        s -> jdbc.update("update identity.entrants set blocked = true where id = ?", entrant)));
    }

    /** An entry of {@code receipts} receipts with this status ({@code approved}, {@code pending} …). */
    public UUID entry(UUID campaign, UUID entrant, String status, int receipts) {
        List<String> readings = new ArrayList<>(
                Collections.nCopies(receipts, EntryRows.reading("テストマート 渋谷店", "2026-01-10T10:00:00+09:00", 1200)));
        return binder.callAs(
                tenant.id(),
                () -> tx.execute(s -> new EntryRows(jdbc)
                        .entry(campaign, entrant, null, status, List.of(), Instant.now(), List.copyOf(readings))));
    }
}
