package jp.tokuten.shared;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fixed number of slots for expensive work on this node (decoding a photo, reading one with OCR): a
 * request waits a short while for one and is answered 503 {@code busy} with {@code Retry-After} when none
 * comes free; background work waits as long as it takes. Fair: slots go to waiters in arrival order.
 */
public final class Slots {

    private final int size;
    private final Duration wait;
    private final Duration retryAfter;
    private final Semaphore permits;

    /**
     * @param size how many pieces of work may run at once (at least 1)
     * @param wait how long {@link #take()} waits for a slot
     * @param retryAfter what a refused client is told to wait before trying again
     */
    public Slots(int size, Duration wait, Duration retryAfter) {
        if (size < 1) {
            throw new IllegalArgumentException("at least one slot: " + size);
        }
        this.size = size;
        this.wait = wait;
        this.retryAfter = retryAfter;
        this.permits = new Semaphore(size, true);
    }

    /** A slot held until closed; closing twice gives it back once. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A slot, waiting at most the configured wait.
     *
     * @throws ProblemException 503 {@code busy} with {@code Retry-After} when no slot came free in time
     */
    public Slot take() {
        try {
            if (!permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw ProblemException.busy(retryAfter);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.busy(retryAfter);
        }
        return held();
    }

    /** A slot, waiting as long as it takes: for background work that has nobody to answer. */
    public Slot await() throws InterruptedException {
        permits.acquire();
        return held();
    }

    private Slot held() {
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                permits.release();
            }
        };
    }

    public int size() {
        return size;
    }

    /** Slots free right now. */
    public int free() {
        return permits.availablePermits();
    }

    public Duration waitLimit() {
        return wait;
    }
}
