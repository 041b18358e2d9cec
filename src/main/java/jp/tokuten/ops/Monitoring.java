package jp.tokuten.ops;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the 19 checks ({@link MonitoringChecks}) every {@code tokuten.monitoring.interval} (5 minutes), on one
 * node at a time: every node asks every 15 s, and the one that takes the lease row of a due run runs it
 * (times from the database's clock). Each run is kept as history; a check whose failing-ness changed
 * (ok or not applicable ↔ failing) is alerted by e-mail and webhook right after the run commits, and is a
 * meaning entry of the platform audit chain ({@code monitoring.check_failing}, {@code
 * monitoring.check_recovered}). When a check that makes an incident (web, database) fails, an incident opens;
 * when they are all back, it is resolved ({@link Incidents}).
 */
@Service
@EnableConfigurationProperties(MonitoringProperties.class)
public class Monitoring {

    private static final Logger log = LoggerFactory.getLogger(Monitoring.class);

    /** A check whose failing-ness changed in a run. */
    record Transition(String name, CheckStatus from, CheckStatus to, String detail, Instant at) {
        boolean failed() {
            return to.failing();
        }
    }

    private final MonitoringChecks checks;
    private final MonitoringProperties properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Incidents incidents;
    private final Alerts alerts;
    private final Clock clock;
    private final String node;

    Monitoring(
            MonitoringChecks checks,
            MonitoringProperties properties,
            JdbcClient jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            Incidents incidents,
            Alerts alerts,
            Clock clock) {
        this.checks = checks;
        this.properties = properties;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.incidents = incidents;
        this.alerts = alerts;
        this.clock = clock;
        this.node = ManagementFactory.getRuntimeMXBean().getName();
    }

    /** The interval between runs. */
    public Duration interval() {
        return properties.interval();
    }

    @Scheduled(
            fixedDelayString = "${tokuten.monitoring.tick:PT15S}",
            initialDelayString = "${tokuten.monitoring.tick:PT15S}")
    void tick() {
        if (!properties.enabled()) {
            return;
        }
        try {
            run(false);
        } catch (RuntimeException e) {
            log.warn("Monitoring run failed; will retry: {}", e.getMessage());
        }
    }

    /**
     * Runs every check now on this node, whether or not a run is due; empty when another node is running them
     * at this moment. Returns the results of the run.
     */
    public Optional<List<CheckResult>> runNow() {
        return run(true);
    }

    private Optional<List<CheckResult>> run(boolean forced) {
        if (!claim(forced)) {
            return Optional.empty();
        }
        try {
            return Optional.of(runClaimed());
        } finally {
            jdbc.sql("update ops.check_lease set lease_until = null where id = 1 and holder = ?")
                    .param(node)
                    .update();
        }
    }

    private boolean claim(boolean forced) {
        return jdbc.sql("""
                        update ops.check_lease
                           set holder = ?, lease_until = now() + make_interval(secs => ?), last_started_at = now()
                         where id = 1
                           and (lease_until is null or lease_until < now())
                           and (? or last_started_at is null
                                or last_started_at <= now() - make_interval(secs => ?))""")
                        .params(
                                node,
                                (double) properties.lease().toSeconds(),
                                forced,
                                // a little early is fine: ticks are 15 s apart
                                (double) Math.max(1, properties.interval().toSeconds() - 5))
                        .update()
                == 1;
    }

    private List<CheckResult> runClaimed() {
        Instant started = clock.instant();
        checks.takeRequestWindow();
        var all = checks.all();
        var results = new ArrayList<CheckResult>();
        // not closed by try-with-resources: close() would wait for a probe stuck past its deadline
        var pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            var futures = new LinkedHashMap<MonitoringChecks.Check, Future<MonitoringChecks.Outcome>>();
            var began = new HashMap<String, Long>();
            for (var check : all) {
                began.put(check.name(), System.nanoTime());
                futures.put(check, pool.submit(check.probe()));
            }
            long deadline = System.nanoTime() + properties.probeTimeout().toNanos() * 2;
            for (var entry : futures.entrySet()) {
                var check = entry.getKey();
                MonitoringChecks.Outcome outcome;
                try {
                    outcome = entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    entry.getValue().cancel(true);
                    outcome = MonitoringChecks.Outcome.failing("no answer in time");
                } catch (ExecutionException e) {
                    var cause = e.getCause() == null ? e : e.getCause();
                    outcome = MonitoringChecks.Outcome.failing(
                            "error: " + cause.getClass().getSimpleName());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcome = MonitoringChecks.Outcome.failing("interrupted");
                }
                long took = (System.nanoTime() - began.get(check.name())) / 1_000_000;
                String detail =
                        outcome.detail().length() > 500 ? outcome.detail().substring(0, 500) : outcome.detail();
                results.add(new CheckResult(clock.instant(), check.name(), outcome.status(), detail, took));
            }
        } finally {
            pool.shutdownNow();
        }
        Instant finished = clock.instant();
        tx.executeWithoutResult(s -> record(all, results, started, finished));
        return results;
    }

    private void record(
            List<MonitoringChecks.Check> all, List<CheckResult> results, Instant started, Instant finished) {
        var makesIncident = new HashMap<String, Boolean>();
        all.forEach(c -> makesIncident.put(c.name(), c.makesIncident()));
        boolean up = results.stream()
                .noneMatch(r -> makesIncident.getOrDefault(r.name(), false)
                        && r.status().failing());
        UUID run = TimeOrderedIds.next(clock);
        jdbc.sql("insert into ops.check_runs (id, started_at, finished_at, node, up) values (?, ?, ?, ?, ?)")
                .params(run, Timestamp.from(started), Timestamp.from(finished), node, up)
                .update();
        var previous = new HashMap<String, CheckStatus>();
        jdbc.sql("select name, status from ops.check_states for update")
                .query((rs, i) -> previous.put(rs.getString("name"), CheckStatus.of(rs.getString("status"))))
                .list();
        var transitions = new ArrayList<Transition>();
        for (var r : results) {
            jdbc.sql("insert into ops.check_results (run_id, name, status, detail, took_ms) values (?, ?, ?, ?, ?)")
                    .params(run, r.name(), r.status().code(), r.detail(), (int)
                            Math.min(r.tookMillis(), Integer.MAX_VALUE))
                    .update();
            CheckStatus before = previous.getOrDefault(r.name(), CheckStatus.OK);
            jdbc.sql("""
                    insert into ops.check_states (name, status, since, last_run_at, detail) values (?, ?, ?, ?, ?)
                    on conflict (name) do update
                       set since = case when ops.check_states.status = excluded.status
                                        then ops.check_states.since else excluded.since end,
                           status = excluded.status, last_run_at = excluded.last_run_at, detail = excluded.detail""")
                    .params(r.name(), r.status().code(), Timestamp.from(started), Timestamp.from(started), r.detail())
                    .update();
            if (before.failing() != r.status().failing()) {
                transitions.add(new Transition(r.name(), before, r.status(), r.detail(), started));
                audit.record(
                        r.status().failing() ? "monitoring.check_failing" : "monitoring.check_recovered",
                        null,
                        Map.of("check", r.name(), "detail", r.detail()));
            }
        }
        var down = results.stream()
                .filter(r -> makesIncident.getOrDefault(r.name(), false)
                        && r.status().failing())
                .map(CheckResult::name)
                .toList();
        if (!down.isEmpty()) {
            incidents.openIfNone(down, started);
        } else {
            incidents.resolveOpen(started);
        }
        jdbc.sql("delete from ops.check_runs where started_at < ?")
                .param(Timestamp.from(started.minus(Duration.ofDays(properties.historyDays()))))
                .update();
        if (!transitions.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    alerts.send(transitions);
                }
            });
        }
    }

    /** The state of every check, in the order of the checks, as of the last run. */
    public List<CheckState> states() {
        var rows = new HashMap<String, Map<String, Object>>();
        jdbc.sql("select * from ops.check_states")
                .query()
                .listOfRows()
                .forEach(r -> rows.put((String) r.get("name"), r));
        var states = new ArrayList<CheckState>();
        for (var check : checks.all()) {
            var row = rows.get(check.name());
            if (row == null) {
                states.add(new CheckState(
                        check.name(),
                        CheckStatus.OK,
                        null,
                        null,
                        "not run yet",
                        check.threshold(),
                        check.makesIncident()));
            } else {
                states.add(new CheckState(
                        check.name(),
                        CheckStatus.of((String) row.get("status")),
                        instant(row.get("since")),
                        instant(row.get("last_run_at")),
                        (String) row.get("detail"),
                        check.threshold(),
                        check.makesIncident()));
            }
        }
        return states;
    }

    /** When the last run started, if any. */
    public Optional<Instant> lastRun() {
        return jdbc.sql("select max(started_at) from ops.check_runs")
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant);
    }

    /** The names of the checks, in order. */
    public List<String> names() {
        return checks.all().stream().map(MonitoringChecks.Check::name).toList();
    }

    /** The latest results of one check (newest first, at most {@code limit}); empty for an unknown check. */
    public List<CheckResult> history(String name, int limit) {
        return jdbc.sql("""
                select r.started_at, c.name, c.status, c.detail, c.took_ms
                  from ops.check_results c join ops.check_runs r on r.id = c.run_id
                 where c.name = ? order by r.started_at desc limit ?""")
                .params(name, Math.clamp(limit, 1, 1000))
                .query((rs, i) -> new CheckResult(
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getString("name"),
                        CheckStatus.of(rs.getString("status")),
                        rs.getString("detail"),
                        rs.getLong("took_ms")))
                .list();
    }

    private static @Nullable Instant instant(@Nullable Object value) {
        return value instanceof Timestamp t ? t.toInstant() : null;
    }
}
