package jp.tokuten.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code audit verify} run again and again while writers add entries, sealers link them and the
 * retention purge cuts chains: no intact chain is ever reported as tampered with, because each chain is
 * read in one snapshot.
 */
@TokutenTest
class AuditVerifyUnderLoadTests {

    static final Duration RUN = Duration.ofSeconds(8);

    @Autowired
    ApplicationContext context;

    @Autowired
    DataSource dataSource;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditVerification verification;

    @Test
    void verifyReportsNoFalseTamperingWhileWritersSealersAndThePurgeAreAtWork() throws Exception {
        TenantView tenant = TenantFixtures.aTenant(tenants, "verify-load");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        var stop = new AtomicBoolean();
        var written = new AtomicLong();
        var purged = new AtomicLong();
        var sealed = new AtomicLong();
        List<String> falseReports = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> background = new ArrayList<>();
        try {
            for (int w = 0; w < 2; w++) {
                background.add(threads.submit(() -> {
                    while (!stop.get()) {
                        binder.runAs(
                                tenant.id(),
                                () -> tx.executeWithoutResult(s -> {
                                    for (int i = 0; i < 5; i++) {
                                        trail.record("test.load", null, Map.of("i", i));
                                    }
                                }));
                        written.addAndGet(5);
                    }
                    return null;
                }));
            }
            background.add(threads.submit(() -> {
                while (!stop.get()) {
                    sealed.addAndGet(jdbc.queryForObject("select audit.seal(50, false)", Integer.class));
                }
                return null;
            }));
            background.add(threads.submit(() -> {
                // chains that begin with year-old entries (only the owner can backdate), cut by the purge
                try (Connection ownerConnection = OwnerAccess.ownerConnection(context)) {
                    JdbcTemplate owner = new JdbcTemplate(new SingleConnectionDataSource(ownerConnection, true));
                    while (!stop.get()) {
                        UUID chain = UUID.randomUUID();
                        owner.update("""
                                insert into audit.entries (tenant_id, kind, action, recorded_at)
                                select ?, 'meaning', 'test.old', now() - interval '400 days'
                                  from generate_series(1, 300)""", chain);
                        owner.update("""
                                insert into audit.entries (tenant_id, kind, action)
                                select ?, 'meaning', 'test.new' from generate_series(1, 20)""", chain);
                        long removed = 0;
                        while (removed == 0 && !stop.get()) {
                            removed = jdbc.queryForObject("select audit.purge(?, 365)", Long.class, chain);
                        }
                        purged.addAndGet(removed);
                    }
                }
                return null;
            }));

            long deadline = System.nanoTime() + RUN.toNanos();
            int runs = 0;
            while (System.nanoTime() < deadline) {
                VerificationReport report = verification.verifyAll();
                report.chains().stream()
                        .filter(c -> !c.intact())
                        .forEach(c -> falseReports.add(c.tenant() + ": " + c.problem()));
                runs++;
            }
            stop.set(true);
            for (Future<?> f : background) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(runs).isGreaterThan(1);
            assertThat(written.get()).isPositive();
            assertThat(sealed.get()).isPositive();
            assertThat(purged.get()).as("the purge was at work").isPositive();
            assertThat(falseReports).as("verify ran %s times", runs).isEmpty();
            assertThat(verification.verifyAll().intact()).isTrue();
        } finally {
            stop.set(true);
            threads.shutdownNow();
        }
    }
}
