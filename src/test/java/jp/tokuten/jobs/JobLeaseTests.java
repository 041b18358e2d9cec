package jp.tokuten.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.TenantBinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Leases, heartbeats and the worker pool on the real database, with two {@link JobWorker}s playing two
 * nodes (each with its own pool, poller, heartbeat and name). Leases are two seconds long here so that
 * outliving them takes seconds; every wait polls for a state.
 */
@TokutenTest
class JobLeaseTests {

    static final Duration LEASE = Duration.ofSeconds(2);

    @Autowired
    JdbcClient jdbcClient;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    TenantBinder binder;

    @Autowired
    Jobs jobs;

    final List<JobWorker> nodes = new ArrayList<>();
    final List<BlockingJobs> handlers = new ArrayList<>();

    JobWorker node(String name, BlockingJobs handler, int workers) {
        var worker = new JobWorker(
                jdbcClient,
                tx,
                binder,
                jobs,
                List.of(handler),
                new JobProperties(true, workers, LEASE, Duration.ofMillis(400), Duration.ofMillis(100), 10),
                name + "-" + UUID.randomUUID());
        worker.startThreads();
        nodes.add(worker);
        return worker;
    }

    BlockingJobs blocking() {
        var handler = new BlockingJobs();
        handlers.add(handler);
        return handler;
    }

    @AfterEach
    void stopNodes() {
        handlers.forEach(BlockingJobs::releaseAll);
        nodes.forEach(JobWorker::stop);
    }

    Map<String, Object> row(UUID job) {
        return jdbc.queryForMap(
                "select status, attempts, locked_by, locked_until, now() as db_now from jobs.jobs where id = ?", job);
    }

    Timestamp dbNow() {
        return jdbc.queryForObject("select now()", Timestamp.class);
    }

    /** Waits, polling, until the database clock has passed {@code t}. */
    void awaitDatabaseTime(Timestamp t) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !dbNow().before(t));
    }

    @Test
    void aLongJobWhoseHeartbeatGoesOnOutlivesItsLeaseAndNeverRunsOnTwoNodes() throws Exception {
        var handler = blocking();
        var a = node("node-a", handler, 1);
        UUID job = jobs.enqueue(handler.type(), null, Map.of(), null);
        handler.awaitStarted(1, Duration.ofSeconds(10));
        var b = node("node-b", handler, 1); // polls ten times a second, buries what it may

        Timestamp claimed = dbNow();
        awaitDatabaseTime(Timestamp.from(claimed.toInstant().plus(LEASE.multipliedBy(3))));

        var running = row(job);
        assertThat(running.get("status")).isEqualTo("running");
        assertThat(running.get("locked_by")).isEqualTo(a.node());
        assertThat((Timestamp) running.get("locked_until"))
                .as("renewed by the heartbeat, on the database's clock")
                .isAfter((Timestamp) running.get("db_now"));
        assertThat(handler.runs).hasValue(1);
        assertThat(handler.mostAtOnce).hasValue(1);

        handler.releaseAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(row(job).get("status")));
        assertThat(row(job).get("attempts")).isEqualTo(1);
        assertThat(handler.runs).as("node B never ran it").hasValue(1);
        assertThat(handler.threads).allSatisfy(t -> assertThat(t).startsWith("tokuten-job-"));
        assertThat(b.node()).isNotEqualTo(a.node());
    }

    @Test
    void aNodeWhoseHeartbeatStopsLosesItsJobToAnotherOnlyAfterTheLease() throws Exception {
        var handler = blocking();
        var a = node("node-a", handler, 1);
        UUID job = jobs.enqueue(handler.type(), null, Map.of(), null);
        handler.awaitStarted(1, Duration.ofSeconds(10));

        a.stopHeartbeat(); // node A freezes: its job's lease is no longer renewed
        Timestamp leaseOfA = (Timestamp) row(job).get("locked_until");
        var b = node("node-b", handler, 1);

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    var now = row(job);
                    if (((Timestamp) now.get("db_now")).before(leaseOfA)) {
                        assertThat(now.get("locked_by"))
                                .as("nobody takes a job before its lease ends")
                                .isEqualTo(a.node());
                    }
                    return b.node().equals(now.get("locked_by"));
                });
        handler.awaitStarted(1, Duration.ofSeconds(10));
        assertThat(row(job).get("attempts")).isEqualTo(2);

        handler.releaseAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(row(job).get("status")));
        assertThat(a.finish(a.node(), job))
                .as("the frozen node cannot record a result any more")
                .isFalse();
        assertThat(row(job).get("attempts")).isEqualTo(2);
    }

    @Test
    void theLastAttemptOfAJobStillRunningIsNeverBuried() throws Exception {
        var handler = blocking();
        UUID job = jobs.enqueue(handler.type(), null, Map.of(), null);
        jdbc.update("update jobs.jobs set max_attempts = 1 where id = ?", job);
        node("node-a", handler, 1);
        handler.awaitStarted(1, Duration.ofSeconds(10));
        node("node-b", handler, 1); // would bury an abandoned last attempt at every poll

        Timestamp claimed = dbNow();
        awaitDatabaseTime(Timestamp.from(claimed.toInstant().plus(LEASE.multipliedBy(3))));
        assertThat(row(job).get("status")).isEqualTo("running");

        handler.releaseAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(row(job).get("status")));
        assertThat(handler.deaths).isEmpty();
        assertThat(handler.runs).hasValue(1);
    }

    @Test
    void oneNodeRunsAsManyJobsAtOnceAsItHasWorkersAndNoMore() throws Exception {
        var handler = blocking();
        var ids = new ArrayList<UUID>();
        for (int i = 0; i < 5; i++) {
            ids.add(jobs.enqueue(handler.type(), null, Map.of(), null));
        }
        node("node-a", handler, 3);
        handler.awaitStarted(3, Duration.ofSeconds(10));
        assertThat(handler.mostAtOnce).hasValue(3);
        assertThat(jdbc.queryForObject(
                        "select count(*) from jobs.jobs where type = ? and status = 'running'",
                        Integer.class,
                        handler.type()))
                .as("a full pool claims no more than it can run")
                .isEqualTo(3);

        handler.releaseAll();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from jobs.jobs where type = ? and status = 'done'",
                                Integer.class,
                                handler.type())
                        == 5);
        assertThat(handler.mostAtOnce).hasValue(3);
    }

    @Test
    void aJobWhoseWorkersStoppedOnEveryAttemptIsBuriedAndItsHandlerTold() throws Exception {
        var handler = blocking();
        var a = node("node-a", handler, 1);
        UUID job = jobs.enqueue(handler.type(), null, Map.of(), null);
        jdbc.update("update jobs.jobs set max_attempts = 1 where id = ?", job);
        handler.awaitStarted(1, Duration.ofSeconds(10));
        a.stopHeartbeat();
        node("node-b", handler, 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> "dead".equals(row(job).get("status")));
        assertThat(handler.deaths).containsExactly(JobHandler.DeathCause.STOPPED_EVERY_ATTEMPT);
        assertThat(handler.runs).as("not run again by node B").hasValue(1);
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new JobProperties(true, -1, LEASE, null, Duration.ofSeconds(1), 10))
                .hasMessageContaining("TOKUTEN_JOB_WORKERS");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new JobProperties(true, 1, LEASE, Duration.ofSeconds(5), Duration.ofSeconds(1), 10))
                .hasMessageContaining("half the lease");
        assertThat(new JobProperties(true, 0, LEASE, null, Duration.ofSeconds(1), 10).workers())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new JobProperties(true, 1, LEASE, null, Duration.ofSeconds(1), 20))
                .hasMessageContaining("TOKUTEN_JOB_NICENESS");
    }

    /** The job threads run at the configured nice value (Linux: field 19 of the thread's stat), others not. */
    @Test
    void jobThreadsRunBelowRequestThreads() throws Exception {
        var seen = new java.util.concurrent.CompletableFuture<int[]>();
        Runnable read = () -> {
            try {
                seen.complete(new int[] {niceOfThisThread(), 0});
            } catch (Exception e) {
                seen.completeExceptionally(e);
            }
        };
        JobWorker.threads("test-job-", 10).newThread(read).start();
        assertThat(seen.get(10, java.util.concurrent.TimeUnit.SECONDS)[0]).isEqualTo(10);
        var plain = new java.util.concurrent.CompletableFuture<Integer>();
        JobWorker.threads("test-poll-", 0)
                .newThread(() -> {
                    try {
                        plain.complete(niceOfThisThread());
                    } catch (Exception e) {
                        plain.completeExceptionally(e);
                    }
                })
                .start();
        assertThat(plain.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(niceOfThisThread());
    }

    private static int niceOfThisThread() throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
        // after the command name in parentheses: state is field 3, nice field 19
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]);
    }
}
