package jp.tokuten.jobs;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.tokuten.tenancy.TenantBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims and runs jobs on this node. A claim holds a lease; the job is finished only by the worker that
 * still holds it, so a worker that stalled past its lease cannot overwrite the result of the one that
 * took over.
 */
@Component
class JobWorker {

    static final Duration LEASE = Duration.ofMinutes(5);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TenantBinder binder;
    private final Jobs jobs;
    private final Map<String, JobHandler> handlers;
    private final Clock clock;
    private final String workerId;
    private final boolean enabled;

    JobWorker(
            JdbcClient jdbc,
            TransactionTemplate tx,
            TenantBinder binder,
            Jobs jobs,
            List<JobHandler> handlers,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${tokuten.jobs.worker-enabled:true}")
                    boolean enabled) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.binder = binder;
        this.jobs = jobs;
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::type, Function.identity()));
        this.clock = clock;
        this.workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
        this.enabled = enabled;
    }

    /** Runs ready jobs until none is left (or {@code limit} ran); returns how many ran. */
    @Scheduled(fixedDelayString = "${tokuten.jobs.poll-interval:PT1S}")
    int runReady() {
        return enabled ? runReady(workerId, 100) : 0;
    }

    int runReady(String worker, int limit) {
        buryAbandoned(Timestamp.from(clock.instant()));
        int ran = 0;
        while (ran < limit) {
            var claimed = claim(worker);
            if (claimed.isEmpty()) {
                return ran;
            }
            run(worker, claimed.get());
            ran++;
        }
        return ran;
    }

    /** Takes the next ready job, or one whose worker's lease ran out, for {@code worker}. */
    Optional<JobView> claim(String worker) {
        Timestamp now = Timestamp.from(clock.instant());
        return Optional.ofNullable(tx.execute(status -> jdbc.sql("""
                        update jobs.jobs set status = 'running', attempts = attempts + 1,
                                             locked_by = ?, locked_until = ?
                         where id = (select id from jobs.jobs
                                      where (status = 'queued' and run_at <= ?)
                                         or (status = 'running' and locked_until < ? and attempts < max_attempts)
                                      order by run_at
                                      for update skip locked
                                      limit 1)
                        returning *""")
                .params(worker, Timestamp.from(clock.instant().plus(LEASE)), now, now)
                .query(jobs::map)
                .optional()
                .orElse(null)));
    }

    /**
     * A job whose worker vanished on every one of its attempts (a page that crashes the reader, say) goes
     * to the dead letter for an operator, instead of taking down one node after another.
     */
    private void buryAbandoned(Timestamp now) {
        int buried = tx.execute(status -> jdbc.sql("""
                        update jobs.jobs set status = 'dead', finished_at = ?, locked_by = null, locked_until = null,
                                             last_error = 'the worker stopped during each of its '
                                                          || attempts || ' attempts'
                         where status = 'running' and locked_until < ? and attempts >= max_attempts""").params(now, now).update());
        if (buried > 0) {
            log.error("{} job(s) moved to the dead letter: their workers stopped during every attempt", buried);
        }
    }

    void run(String worker, JobView job) {
        JobHandler handler = handlers.get(job.type());
        try {
            if (handler == null) {
                throw new IllegalStateException("No handler for job type " + job.type());
            }
            if (job.tenant() != null) {
                binder.runAs(job.tenant(), () -> handleUnchecked(handler, job));
            } else {
                handleUnchecked(handler, job);
            }
            finish(worker, job.id());
        } catch (RuntimeException e) {
            fail(worker, job, e);
        }
    }

    private static void handleUnchecked(JobHandler handler, JobView job) {
        try {
            handler.handle(job);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Marks the job done if {@code worker} still holds it; false when another worker took it over. */
    boolean finish(String worker, UUID id) {
        boolean mine = tx.execute(status -> jdbc.sql("""
                                update jobs.jobs set status = 'done', finished_at = ?, locked_by = null,
                                                     locked_until = null, last_error = null
                                 where id = ? and status = 'running' and locked_by = ?""")
                        .params(Timestamp.from(clock.instant()), id, worker)
                        .update())
                == 1;
        if (!mine) {
            log.warn("Job {} finished by {} after its lease had passed to another worker", id, worker);
        }
        return mine;
    }

    private void fail(String worker, JobView job, RuntimeException e) {
        boolean last = job.attempts() >= job.maxAttempts();
        Duration backoff = backoff(job.attempts());
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        tx.executeWithoutResult(status -> jdbc.sql("""
                        update jobs.jobs set status = ?, run_at = ?, finished_at = ?, last_error = ?,
                                             locked_by = null, locked_until = null
                         where id = ? and status = 'running' and locked_by = ?""")
                .params(
                        last ? "dead" : "queued",
                        Timestamp.from(clock.instant().plus(backoff)),
                        last ? Timestamp.from(clock.instant()) : null,
                        error.length() > 2000 ? error.substring(0, 2000) : error,
                        job.id(),
                        worker)
                .update());
        if (last) {
            log.error("Job {} ({}) is dead after {} attempts: {}", job.id(), job.type(), job.attempts(), error);
        } else {
            log.warn(
                    "Job {} ({}) failed, attempt {} of {}, retrying in {}: {}",
                    job.id(),
                    job.type(),
                    job.attempts(),
                    job.maxAttempts(),
                    backoff,
                    error);
        }
    }

    /** 10 s after the first failure, then doubling, at most an hour. */
    static Duration backoff(int attempts) {
        long seconds = 10L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
