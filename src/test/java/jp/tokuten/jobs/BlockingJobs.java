package jp.tokuten.jobs;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job type of one test alone: each run holds its worker thread until the test releases it, and the
 * handler counts runs, the most that ran at once, and which node ran them.
 */
final class BlockingJobs implements JobHandler {

    final String type = "test.block." + UUID.randomUUID();
    final AtomicInteger runs = new AtomicInteger();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<DeathCause> deaths = new CopyOnWriteArrayList<>();
    private final Semaphore started = new Semaphore(0);
    private final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String type() {
        return type;
    }

    @Override
    public void handle(JobView job) throws InterruptedException {
        runs.incrementAndGet();
        threads.add(Thread.currentThread().getName());
        int now = concurrent.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        started.release();
        try {
            if (!release.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("never released");
            }
        } finally {
            concurrent.decrementAndGet();
        }
    }

    @Override
    public void dead(JobView job, DeathCause cause) {
        deaths.add(cause);
    }

    /** Waits until {@code count} more runs have started. */
    void awaitStarted(int count, Duration within) throws InterruptedException {
        if (!started.tryAcquire(count, within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(count + " run(s) did not start within " + within);
        }
    }

    void releaseAll() {
        release.countDown();
    }
}
