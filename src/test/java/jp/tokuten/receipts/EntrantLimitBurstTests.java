package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.Entrants;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Per-entrant limits under a burst: 50 submissions of one entrant at once never pass the limit. */
@TokutenTest
class EntrantLimitBurstTests {

    static final int BURST = 50;

    @Autowired
    CampaignEntries entries;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Entrants entrants;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

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
        tenant = TenantFixtures.aTenant(tenants, "burst");
        today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
    }

    /** Sends {@link #BURST} entries of one entrant at once; the outcome of each: "accepted" or a problem code. */
    Map<String, Integer> burst(@Nullable Integer perDay, @Nullable Integer total) throws Exception {
        CampaignView c = binder.callAs(tenant.id(), () -> {
            var created = campaigns.create(CampaignFixtures.withLimit(CampaignFixtures.aDraft(today), perDay, total));
            return campaigns.open(created.id());
        });
        var entrant = binder.callAs(tenant.id(), () -> entrants.findOrCreateByEmail("burst@example.jp"));
        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                all.add(pool.submit(() -> {
                    start.await();
                    String outcome;
                    try {
                        binder.callAs(tenant.id(), () -> {
                            try {
                                return entries.submit(
                                        c.id(),
                                        entrant.id(),
                                        List.of(CampaignEntriesTests.photo()),
                                        Map.of(),
                                        "burst-device");
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                        outcome = "accepted";
                    } catch (ProblemException p) {
                        outcome = p.status() + " " + p.code();
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
        return outcomes;
    }

    long entries() {
        return binder.callAs(
                tenant.id(),
                () -> tx.execute(s -> jdbc.queryForObject("select count(*) from receipts.entries", Long.class)));
    }

    @Test
    void neverExceedsTheDailyLimitUnderABurstOfOneEntrant() throws Exception {
        var outcomes = burst(3, 10);
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("accepted", 3, "409 entrant_limit_reached", 47));
        assertThat(entries()).isEqualTo(3);
        List<Integer> counters = binder.callAs(
                tenant.id(),
                () -> tx.execute(s -> jdbc.queryForList(
                        "select entries from receipts.entrant_counters order by day", Integer.class)));
        assertThat(counters).containsExactly(3, 3);
    }

    @Test
    void neverExceedsTheTotalLimitUnderABurstOfOneEntrant() throws Exception {
        var outcomes = burst(null, 5);
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("accepted", 5, "409 entrant_limit_reached", 45));
        assertThat(entries()).isEqualTo(5);
    }
}
