package jp.tokuten.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scheduled work keeps up whatever the jobs do: with every job worker of a node busy and a backlog
 * queued, and one scheduled task stuck, committed audit entries are still sealed and the access log
 * still written within seconds, by the application's own scheduled tasks (the test never seals or
 * flushes itself).
 */
@TokutenTest
class ScheduledTasksUnderLoadTests {

    @Autowired
    JdbcClient jdbcClient;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    TenantBinder binder;

    @Autowired
    Jobs jobs;

    @Autowired
    Tenants tenants;

    @Autowired
    AuditTrail trail;

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    ThreadPoolTaskScheduler scheduler;

    @Autowired
    List<ScheduledTaskHolder> scheduledTasks;

    <T> T asOwner(java.util.function.Function<JdbcTemplate, T> work) throws java.sql.SQLException {
        try (Connection connection = OwnerAccess.ownerConnection(context)) {
            return work.apply(new JdbcTemplate(new SingleConnectionDataSource(connection, true)));
        }
    }

    @Test
    void everyScheduledTaskCanHaveAThreadOfItsOwn() {
        int tasks = scheduledTasks.stream()
                .mapToInt(h -> h.getScheduledTasks().size())
                .sum();
        assertThat(tasks).isPositive();
        assertThat(scheduler.getPoolSize())
                .as("more scheduler threads than scheduled tasks: one stuck task leaves the others a thread")
                .isGreaterThan(tasks);
    }

    @Test
    void sealingAndTheAccessLogKeepUpWhileEveryJobWorkerIsBusy() throws Exception {
        var handler = new BlockingJobs();
        var node = new JobWorker(
                jdbcClient,
                tx,
                binder,
                jobs,
                List.of(handler),
                new JobProperties(true, 2, Duration.ofSeconds(30), null, Duration.ofMillis(100), 10),
                "busy-node-" + UUID.randomUUID());
        var stuck = new CountDownLatch(1);
        try {
            for (int i = 0; i < 20; i++) {
                jobs.enqueue(handler.type(), null, Map.of(), null);
            }
            node.startThreads();
            handler.awaitStarted(2, Duration.ofSeconds(10)); // the pool is full, 18 jobs wait
            // and one scheduled task hangs (a purge on a slow disk, say)
            scheduler.schedule(
                    () -> {
                        try {
                            stuck.await(2, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    Instant.now());

            var tenant = TenantFixtures.aTenant(tenants, "busy");
            Long entry =
                    binder.callAs(tenant.id(), () -> tx.execute(s -> trail.record("test.under_load", null, Map.of())));
            String requestId = "busy-" + UUID.randomUUID();
            mvc.perform(get("/api/v1/receipts/" + UUID.randomUUID()).header("X-Request-Id", requestId));

            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> asOwner(o -> o.queryForObject(
                            "select seq is not null from audit.entries where id = ?", Boolean.class, entry)));
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> asOwner(o -> o.queryForObject(
                                    "select count(*) from audit.access_log where request_id = ?",
                                    Integer.class,
                                    requestId))
                            == 1);
            assertThat(handler.concurrent)
                    .as("the job pool stayed full meanwhile")
                    .hasValue(2);
            assertThat(handler.runs).hasValue(2);
        } finally {
            stuck.countDown();
            handler.releaseAll();
            node.stop();
        }
    }
}
