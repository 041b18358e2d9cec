package jp.tokuten.jobs;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims and runs jobs on this node, on a bounded pool of its own ({@code tokuten.jobs.workers}
 * threads). A claim holds a lease that a heartbeat, on a thread of its own, renews for every job this
 * node is running; a node that stops (or whose heartbeat stops) loses its jobs to another node once the
 * lease runs out. Every lease time is the database's clock ({@code now()}), never a node's own, so
 * nodes whose clocks disagree still agree on who holds a job. A job is finished only by the worker that
 * still holds it, so a worker that stalled past its lease cannot overwrite the result of the one that
 * took over.
 */
@Component
class JobWorker implements SmartLifecycle {

    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TransactionTemplate nested;
    private final TenantBinder binder;
    private final Jobs jobs;
    private final Map<String, JobHandler> handlers;
    private final String[] types;
    private final JobProperties properties;
    private final String node;
    /** Jobs this instance is running now, with the worker name that claimed each. */
    private final Map<UUID, String> running = new ConcurrentHashMap<>();

    private final Semaphore slots;
    private volatile @Nullable ExecutorService pool;
    private volatile @Nullable ScheduledExecutorService poller;
    private volatile @Nullable ScheduledExecutorService heartbeat;
    /** Set when the node shuts down: jobs under way finish, no new one is claimed. */
    private volatile boolean stopping;

    @Autowired
    JobWorker(
            JdbcClient jdbc,
            TransactionTemplate tx,
            TenantBinder binder,
            Jobs jobs,
            List<JobHandler> handlers,
            JobProperties properties) {
        this(
                jdbc,
                tx,
                binder,
                jobs,
                handlers,
                properties,
                ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID());
    }

    /** A worker named {@code node}; tests use several to play several nodes. */
    JobWorker(
            JdbcClient jdbc,
            TransactionTemplate tx,
            TenantBinder binder,
            Jobs jobs,
            List<JobHandler> handlers,
            JobProperties properties,
            String node) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.nested = new TransactionTemplate(tx.getTransactionManager());
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.binder = binder;
        this.jobs = jobs;
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::type, Function.identity()));
        this.types = this.handlers.keySet().toArray(String[]::new);
        this.properties = properties;
        this.node = node;
        this.slots = new Semaphore(properties.workers());
    }

    String node() {
        return node;
    }

    // ---- lifecycle: the pool, the poller and the heartbeat of this node ----

    @Override
    public void start() {
        if (properties.workerEnabled()) {
            startThreads();
        }
    }

    /** Starts this node's job pool, its poller and its heartbeat (each on threads of their own). */
    synchronized void startThreads() {
        if (pool != null) {
            return;
        }
        stopping = false;
        pool = Executors.newFixedThreadPool(properties.workers(), threads("tokuten-job-", properties.niceness()));
        poller = Executors.newSingleThreadScheduledExecutor(threads("tokuten-job-poll-", 0));
        heartbeat = Executors.newSingleThreadScheduledExecutor(threads("tokuten-job-heartbeat-", 0));
        long beat = properties.heartbeatInterval().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, beat, beat, TimeUnit.MILLISECONDS);
        poller.scheduleWithFixedDelay(this::poll, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        log.info(
                "Job worker {} started: {} job(s) at once, lease {}, heartbeat every {}",
                node,
                properties.workers(),
                properties.lease(),
                properties.heartbeatInterval());
    }

    /** Stops the heartbeat only, as if this node froze: its leases run out and others take its jobs. */
    void stopHeartbeat() {
        var beat = heartbeat;
        if (beat != null) {
            beat.shutdownNow();
        }
    }

    @Override
    public synchronized void stop() {
        var poll = poller;
        var executor = pool;
        var beat = heartbeat;
        if (poll == null || executor == null) {
            return;
        }
        stopping = true;
        poll.shutdownNow();
        executor.shutdown();
        try {
            // jobs under way may finish (their heartbeat goes on); others' leases run out
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        if (beat != null) {
            beat.shutdownNow();
        }
        pool = null;
        poller = null;
        heartbeat = null;
    }

    @Override
    public boolean isRunning() {
        return pool != null;
    }

    /** Threads named {@code prefix<n>}; with a nice value above 0 (the jobs' own threads, decision 099). */
    static ThreadFactory threads(String prefix, int niceness) {
        var count = new AtomicInteger();
        return r -> {
            Runnable run = niceness <= 0
                    ? r
                    : () -> {
                        ThreadNiceness.lower(niceness);
                        r.run();
                    };
            Thread t = new Thread(run, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Fills this node's free slots with ready jobs; each slot then keeps taking jobs until none is ready. */
    void poll() {
        try {
            var executor = pool;
            if (executor == null || stopping) {
                return;
            }
            buryAbandoned();
            while (slots.tryAcquire()) {
                Optional<JobView> claimed;
                try {
                    claimed = claim(node);
                } catch (RuntimeException e) {
                    slots.release();
                    throw e;
                }
                if (claimed.isEmpty()) {
                    slots.release();
                    return;
                }
                JobView first = claimed.get();
                executor.execute(() -> {
                    try {
                        JobView job = first;
                        while (job != null) {
                            run(node, job);
                            job = stopping ? null : claim(node).orElse(null);
                        }
                    } catch (RuntimeException e) {
                        log.warn("Job worker {}: {}", node, e.getMessage());
                    } finally {
                        slots.release();
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("Looking for ready jobs failed; will retry: {}", e.getMessage());
        }
    }

    /** Renews the lease of every job this node is running. */
    void beat() {
        try {
            var byWorker = new HashMap<String, List<UUID>>();
            running.forEach((id, worker) ->
                    byWorker.computeIfAbsent(worker, w -> new ArrayList<>()).add(id));
            byWorker.forEach((worker, ids) -> {
                int renewed = tx.execute(status -> jdbc.sql("""
                                update jobs.jobs set locked_until = now() + make_interval(secs => ?)
                                 where id = any(?) and status = 'running' and locked_by = ?""")
                        .params(seconds(properties.lease()), ids.toArray(UUID[]::new), worker)
                        .update());
                if (renewed < ids.size()) {
                    log.warn(
                            "{} of {} job(s) of {} are no longer held by it (their lease ran out)",
                            ids.size() - renewed,
                            ids.size(),
                            worker);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Renewing job leases failed; will retry: {}", e.getMessage());
        }
    }

    // ---- claiming, running, finishing ----

    /** Runs ready jobs on the calling thread until none is left (or {@code limit} ran); returns how many. */
    int runReady(String worker, int limit) {
        buryAbandoned();
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
        if (types.length == 0) {
            return Optional.empty();
        }
        Optional<JobView> claimed = Optional.ofNullable(tx.execute(status -> jdbc.sql("""
                        update jobs.jobs set status = 'running', attempts = attempts + 1, locked_by = ?,
                                             locked_until = now() + make_interval(secs => ?)
                         where id = (select id from jobs.jobs
                                      where type = any(?)
                                        and ((status = 'queued' and run_at <= now())
                                          or (status = 'running' and locked_until < now() and attempts < max_attempts))
                                      order by run_at
                                      for update skip locked
                                      limit 1)
                        returning *""")
                .params(worker, seconds(properties.lease()), types)
                .query(jobs::map)
                .optional()
                .orElse(null)));
        claimed.ifPresent(job -> running.put(job.id(), worker));
        return claimed;
    }

    /**
     * A job whose worker vanished on every one of its attempts (a page that crashes the reader, say) goes
     * to the dead letter for an operator, instead of taking down one node after another. A job whose
     * heartbeat goes on is never buried, however long it runs.
     */
    void buryAbandoned() {
        if (types.length == 0) {
            return;
        }
        int buried = tx.execute(status -> {
            List<JobView> dead = jdbc.sql("""
                            update jobs.jobs set status = 'dead', finished_at = now(), locked_by = null,
                                                 locked_until = null,
                                                 last_error = 'the worker stopped during each of its '
                                                              || attempts || ' attempts'
                             where type = any(?) and status = 'running' and locked_until < now()
                               and attempts >= max_attempts
                            returning *""").param(types).query(jobs::map).list();
            dead.forEach(job -> announceDeath(job, JobHandler.DeathCause.STOPPED_EVERY_ATTEMPT));
            return dead.size();
        });
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
        } finally {
            running.remove(job.id(), worker);
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
                                update jobs.jobs set status = 'done', finished_at = now(), locked_by = null,
                                                     locked_until = null, last_error = null
                                 where id = ? and status = 'running' and locked_by = ?""").params(id, worker).update()) == 1;
        if (!mine) {
            log.warn("Job {} finished by {} after its lease had passed to another worker", id, worker);
        }
        return mine;
    }

    private void fail(String worker, JobView job, RuntimeException e) {
        boolean last = job.attempts() >= job.maxAttempts();
        Duration backoff = backoff(job.attempts());
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        boolean mine = tx.execute(status -> {
            boolean updated = jdbc.sql("""
                            update jobs.jobs set status = ?, run_at = now() + make_interval(secs => ?),
                                                 finished_at = case when ? then now() end, last_error = ?,
                                                 locked_by = null, locked_until = null
                             where id = ? and status = 'running' and locked_by = ?""")
                            .params(
                                    last ? "dead" : "queued",
                                    seconds(backoff),
                                    last,
                                    error.length() > 2000 ? error.substring(0, 2000) : error,
                                    job.id(),
                                    worker)
                            .update()
                    == 1;
            if (updated && last) {
                announceDeath(job, JobHandler.DeathCause.FAILED_EVERY_ATTEMPT);
            }
            return updated;
        });
        if (!mine) {
            log.warn("Job {} failed in {} after its lease had passed to another worker: {}", job.id(), worker, error);
        } else if (last) {
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

    /**
     * Tells the job's handler, with the job's tenant bound, inside the transaction that buries it (under a
     * savepoint: a handler that fails here is logged and does not keep the job from being buried).
     */
    private void announceDeath(JobView job, JobHandler.DeathCause cause) {
        JobHandler handler = handlers.get(job.type());
        if (handler == null) {
            return;
        }
        try {
            nested.executeWithoutResult(status -> {
                if (job.tenant() != null) {
                    binder.runAs(job.tenant(), () -> handler.dead(job, cause));
                } else {
                    handler.dead(job, cause);
                }
            });
        } catch (RuntimeException e) {
            log.error(
                    "The handler of dead job {} ({}) could not record its death: {}",
                    job.id(),
                    job.type(),
                    e.getMessage());
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** 10 s after the first failure, then doubling, at most an hour. */
    static Duration backoff(int attempts) {
        long seconds = 10L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
