import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import jp.tokuten.TokutenApplication;
import jp.tokuten.audit.AuditVerification;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.Tenants;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the audit trigger costs: committed single-row inserts per second into a tenant table, by 1, 2,
 * 4 and 8 concurrent writers of one tenant, through the application's own pool, transaction manager and
 * tenant binding. Three tables, all registered tenant tables with row-level security:
 *
 * <ul>
 *   <li>{@code plain}: the audit trigger dropped (what a table would cost without auditing);
 *   <li>{@code audited}: as registered (entries written unchained, sealed by the job every second);
 *   <li>{@code chained_in_tx}: audited, plus a per-tenant head row updated in the writer's transaction,
 *       which is what chaining at write time would cost (every writer of the tenant waits for the head).
 * </ul>
 *
 * Run with bench/run (see bench/README.md). Not a test: figures depend on the machine.
 */
public class AuditBench {

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 5);
        int[] writerCounts = {1, 2, 4, 8};
        var dataDir = Files.createTempDirectory("tokuten-bench");
        try (var context = new SpringApplicationBuilder(TokutenApplication.class)
                .run(
                        "--tokuten.db.data-dir=" + dataDir,
                        "--tokuten.db.pool-size=12",
                        "--tokuten.bootstrap.demo=false",
                        "--tokuten.audit.sealer-enabled=" + System.getProperty("bench.sealer", "true"),
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN")) {
            var dataSource = context.getBean(DataSource.class);
            String url = ((HikariDataSource) dataSource).getJdbcUrl();
            try (Connection owner = DriverManager.getConnection(url, "postgres", "");
                    var st = owner.createStatement()) {
                st.execute("""
                        create schema bench;
                        create table bench.plain (tenant_id uuid not null, id uuid not null, body text not null,
                                                  amount int not null, primary key (tenant_id, id));
                        create table bench.audited (like bench.plain including all);
                        create table bench.chained_in_tx (like bench.plain including all);
                        create table bench.heads (tenant_id uuid not null primary key, n bigint not null);
                        select platform.register_tenant_table('bench.plain');
                        select platform.register_tenant_table('bench.audited');
                        select platform.register_tenant_table('bench.chained_in_tx');
                        select platform.register_tenant_table('bench.heads');
                        drop trigger audit_row_change on bench.plain;
                        create function bench.advance_head() returns trigger language plpgsql as $$
                        begin
                            update bench.heads set n = n + 1 where tenant_id = new.tenant_id;
                            return null;
                        end $$;
                        create trigger advance_head after insert on bench.chained_in_tx
                            for each row execute function bench.advance_head();
                        select platform.grant_runtime_privileges('tokuten_app');""");
            }
            var tenants = context.getBean(Tenants.class);
            var binder = context.getBean(TenantBinder.class);
            var tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            var jdbc = new JdbcTemplate(dataSource);
            TenantId tenant = tenants.create("bench-" + Long.toString(System.nanoTime(), 36), "Bench")
                    .id();
            binder.runAs(
                    tenant,
                    () -> tx.executeWithoutResult(s -> jdbc.update("insert into bench.heads (n) values (0)")));
            var verification = context.getBean(AuditVerification.class);

            System.out.printf(Locale.ROOT, "PostgreSQL %s, %d cores, %d s per run, sealer job %s%n%n",
                    jdbc.queryForObject("show server_version", String.class),
                    Runtime.getRuntime().availableProcessors(),
                    seconds,
                    System.getProperty("bench.sealer", "true").equals("true") ? "running (every 1 s)" : "off");
            run(binder, tx, jdbc, tenant, "plain", 8, 2); // warm-up
            run(binder, tx, jdbc, tenant, "audited", 8, 2);
            // Interleaved and repeated: the machine is shared, so each figure is the median of
            // `repeats` runs taken in turn with the other tables'.
            int repeats = Integer.getInteger("bench.repeats", 3);
            List<String> tables = List.of("plain", "audited", "chained_in_tx");
            var medians = new double[tables.size()][writerCounts.length];
            for (int w = 0; w < writerCounts.length; w++) {
                var samples = new double[tables.size()][repeats];
                for (int r = 0; r < repeats; r++) {
                    for (int t = 0; t < tables.size(); t++) {
                        samples[t][r] = run(binder, tx, jdbc, tenant, tables.get(t), writerCounts[w], seconds);
                    }
                }
                for (int t = 0; t < tables.size(); t++) {
                    Arrays.sort(samples[t]);
                    medians[t][w] = samples[t][repeats / 2];
                }
            }
            System.out.println("Committed single-row inserts per second (median of " + repeats + " runs):");
            System.out.println();
            System.out.println("| table | 1 writer | 2 writers | 4 writers | 8 writers |");
            System.out.println("|---|---|---|---|---|");
            for (int t = 0; t < tables.size(); t++) {
                var row = new StringBuilder("| " + tables.get(t) + " |");
                for (int w = 0; w < writerCounts.length; w++) {
                    row.append(String.format(Locale.ROOT, " %,.0f |", medians[t][w]));
                }
                System.out.println(row);
            }
            var ratio = new StringBuilder("| audited / plain |");
            for (int w = 0; w < writerCounts.length; w++) {
                ratio.append(String.format(Locale.ROOT, " %.0f %% |", 100 * medians[1][w] / medians[0][w]));
            }
            System.out.println(ratio);
            long backlogStart = System.nanoTime();
            int sealed = verification.sealCommitted();
            double sealSeconds = (System.nanoTime() - backlogStart) / 1e9;
            long entries;
            try (Connection owner = DriverManager.getConnection(url, "postgres", "");
                    var rs = owner.createStatement().executeQuery("select count(*) from audit.entries")) {
                rs.next();
                entries = rs.getLong(1);
            }
            System.out.printf(Locale.ROOT,
                    "%nAudit entries: %,d; left unsealed at the end of the runs: %,d"
                            + " (sealed in %.2f s)%n",
                    entries, sealed, sealSeconds);
            measureSealing(binder, tx, jdbc, tenant, verification);
            long start = System.nanoTime();
            var report = verification.verifyAll();
            System.out.printf(Locale.ROOT, "verify: %s (%.1f s)%n", report.summary(),
                    (System.nanoTime() - start) / 1e9);
        } finally {
            try (var files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Seals a backlog written while the sealer job could not keep up (it is paused by holding the head). */
    private static void measureSealing(
            TenantBinder binder, TransactionTemplate tx, JdbcTemplate jdbc, TenantId tenant, AuditVerification v) {
        int n = 50_000;
        binder.runAs(tenant, () -> tx.executeWithoutResult(s -> jdbc.update("""
                insert into bench.audited (id, body, amount)
                select gen_random_uuid(), 'backlog ' || i, i from generate_series(1, ?) i""", n)));
        long start = System.nanoTime();
        int sealed = v.sealCommitted();
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT,
                "Sealing a backlog: %,d entries (%,d of them from one %,d-row insert) in %.2f s = %,.0f entries/s%n",
                sealed, n, n, secs, sealed / secs);
    }

    private static double run(
            TenantBinder binder,
            TransactionTemplate tx,
            JdbcTemplate jdbc,
            TenantId tenant,
            String table,
            int writers,
            int seconds)
            throws InterruptedException {
        var done = new AtomicBoolean();
        var inserts = new LongAdder();
        var ready = new CountDownLatch(writers);
        var go = new CountDownLatch(1);
        String sql = "insert into bench." + table + " (id, body, amount) values (?, ?, ?)";
        var threads = new ArrayList<Thread>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofPlatform().start(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (!done.get()) {
                    binder.runAs(tenant, () -> tx.executeWithoutResult(
                            s -> jdbc.update(sql, UUID.randomUUID(), "receipt line 牛乳 198円", 198)));
                    inserts.increment();
                }
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep(seconds * 1000L); // the benchmark's measuring window, not a test wait
        done.set(true);
        for (var t : threads) {
            t.join();
        }
        return inserts.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
