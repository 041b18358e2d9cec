package jp.tokuten.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TestJobHandlers;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

@TokutenTest
class JobWorkerTests {

    @Autowired
    Jobs jobs;

    @Autowired
    JobWorker worker;

    @Autowired
    Tenants tenants;

    @Autowired
    JdbcTemplate jdbc;

    static String key() {
        return "k-" + UUID.randomUUID();
    }

    void drain(String workerName) {
        while (worker.runReady(workerName, 100) > 0) {
            // run until nothing is ready
        }
    }

    @Test
    void runsAJobOnceWithItsTenantBound() {
        var tenant = TenantFixtures.aTenant(tenants, "jobs");
        String key = key();
        UUID id = jobs.enqueue(TestJobHandlers.TYPE, tenant.id(), Map.of("key", key), null);
        drain("worker-1");
        assertThat(TestJobHandlers.RUNS.get(key)).containsExactly(tenant.id().toString());
        assertThat(jobs.find(id)).hasValueSatisfying(j -> assertThat(j.status()).isEqualTo("done"));
    }

    @Test
    void aUniqueKeyQueuesAJobOnlyOnce() {
        String unique = "daily-backup-" + UUID.randomUUID();
        UUID first = jobs.enqueue(TestJobHandlers.TYPE, null, Map.of("key", key()), unique);
        UUID second = jobs.enqueue(TestJobHandlers.TYPE, null, Map.of("key", key()), unique);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aFailingJobIsRetriedLaterThenDeadThenRetriedByAnOperator() {
        String key = key();
        UUID id = jobs.enqueue(TestJobHandlers.TYPE, null, Map.of("key", key, "fail", true), null);
        drain("worker-1");
        var afterFirst = jobs.find(id).orElseThrow();
        assertThat(afterFirst.status()).isEqualTo("queued");
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.lastError()).contains("asked to fail");
        assertThat(afterFirst.runAt()).isAfter(java.time.Instant.now().plusSeconds(5));

        for (int attempt = 2; attempt <= Jobs.DEFAULT_MAX_ATTEMPTS; attempt++) {
            jdbc.update("update jobs.jobs set run_at = now() where id = ?", id); // the backoff has passed
            drain("worker-1");
        }
        assertThat(TestJobHandlers.RUNS.get(key)).hasSize(Jobs.DEFAULT_MAX_ATTEMPTS);
        assertThat(jobs.find(id).orElseThrow().status()).isEqualTo("dead");
        assertThat(jobs.dead(500)).extracting(JobView::id).contains(id);

        assertThat(jobs.retry(id)).isTrue();
        assertThat(jobs.retry(id)).as("only a dead job can be retried").isFalse();
        assertThat(jobs.find(id).orElseThrow().status()).isEqualTo("queued");
    }

    @Test
    void aJobOfAWorkerThatDiedIsTakenOverAndFinishedOnce() {
        drain("earlier-tests"); // so that the next claim is this test's job
        String key = key();
        UUID id = jobs.enqueue(TestJobHandlers.TYPE, null, Map.of("key", key), null);
        // worker A claims the job and dies before running it
        var claimed = worker.claim("worker-A");
        assertThat(claimed).hasValueSatisfying(j -> assertThat(j.id()).isEqualTo(id));
        assertThat(worker.claim("worker-B")).as("the lease keeps others away").isEmpty();
        // its lease runs out
        jdbc.update("update jobs.jobs set locked_until = now() - interval '1 second' where id = ?", id);

        drain("worker-B");
        assertThat(TestJobHandlers.RUNS.get(key)).hasSize(1);
        var done = jobs.find(id).orElseThrow();
        assertThat(done.status()).isEqualTo("done");
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(worker.finish("worker-A", id))
                .as("the dead worker cannot record a result any more")
                .isFalse();
    }

    @Test
    void aJobWhoseWorkersDiedOnEveryAttemptGoesToTheDeadLetterInsteadOfRunningAgain() {
        drain("earlier-tests");
        String key = key();
        UUID id = jobs.enqueue(TestJobHandlers.TYPE, null, Map.of("key", key), null);
        for (int attempt = 1; attempt <= Jobs.DEFAULT_MAX_ATTEMPTS; attempt++) {
            // a worker claims the job and its node dies (a page that crashes the reader, say)
            assertThat(worker.claim("doomed-" + attempt))
                    .hasValueSatisfying(j -> assertThat(j.id()).isEqualTo(id));
            jdbc.update("update jobs.jobs set locked_until = now() - interval '1 second' where id = ?", id);
        }

        drain("survivor");

        assertThat(TestJobHandlers.RUNS.get(key)).as("not run by the survivor").isNull();
        var dead = jobs.find(id).orElseThrow();
        assertThat(dead.status()).isEqualTo("dead");
        assertThat(dead.lastError()).contains("stopped during each of its " + Jobs.DEFAULT_MAX_ATTEMPTS + " attempts");
        assertThat(jobs.dead(500)).extracting(JobView::id).contains(id);
    }

    @Test
    void concurrentWorkersRunEachJobExactlyOnce() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = key();
            keys.add(key);
            jobs.enqueue(TestJobHandlers.TYPE, null, Map.of("key", key), null);
        }
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Callable<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String name = "worker-" + w;
                workers.add(() -> worker.runReady(name, 1000));
            }
            for (var f : pool.invokeAll(workers, 60, java.util.concurrent.TimeUnit.SECONDS)) {
                f.get();
            }
        }
        for (String key : keys) {
            assertThat(TestJobHandlers.RUNS.get(key)).as(key).hasSize(1);
        }
    }

    @Test
    void backoffGrowsToAnHour() {
        assertThat(JobWorker.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(JobWorker.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(JobWorker.backoff(9)).isEqualTo(Duration.ofSeconds(2560));
        assertThat(JobWorker.backoff(10)).isEqualTo(Duration.ofHours(1));
        assertThat(JobWorker.backoff(60)).isEqualTo(Duration.ofHours(1));
    }
}
