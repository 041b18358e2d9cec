package jp.tokuten.shared;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Answers this node looked up in the database a moment ago, kept for a short time so that a call the API
 * receives hundreds of times a second (is this key valid, is this address on the tenant's allow-list) is
 * not one more transaction each time. An answer is kept for at most {@code ttl} (0 keeps nothing), and is
 * dropped at once on this node when what it was read from changes here: {@link #changed()} after the
 * change commits, or a change of the generation the owner passes in (e.g. the count of tenant status
 * changes). Another node sees a change when its copy expires, at most {@code ttl} later; the owners
 * document that bound (decision 128). An answer read while a change was committing is not kept.
 *
 * @param <K> what the answer is looked up by (never a secret in clear: e.g. a digest)
 * @param <V> the answer
 */
public final class RecentAnswers<K, V> {

    private record Kept<V>(V value, long expiresAt, long generation) {}

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier otherGeneration;
    private final AtomicLong changes = new AtomicLong();
    private final ConcurrentHashMap<K, Kept<V>> kept = new ConcurrentHashMap<>();

    /**
     * @param ttl how long an answer is kept (zero or negative: none is)
     * @param maxEntries at most this many answers are kept (all are forgotten when there would be more)
     * @param otherGeneration a number that changes whenever something else the answers depend on changes
     */
    public RecentAnswers(Duration ttl, int maxEntries, LongSupplier otherGeneration) {
        this.ttlNanos = ttl.isNegative() ? 0 : ttl.toNanos();
        this.maxEntries = Math.max(1, maxEntries);
        this.otherGeneration = otherGeneration;
    }

    public RecentAnswers(Duration ttl, int maxEntries) {
        this(ttl, maxEntries, () -> 0L);
    }

    private long generation() {
        return changes.get() + otherGeneration.getAsLong();
    }

    /**
     * The kept answer for {@code key}, or a new one from {@code lookUp}, kept when {@code worthKeeping}
     * says so (e.g. only a valid key: keeping refusals would let anyone fill the memory with made-up keys).
     */
    public V get(K key, Supplier<V> lookUp, Predicate<? super V> worthKeeping) {
        if (ttlNanos == 0) {
            return lookUp.get();
        }
        long now = System.nanoTime();
        long generation = generation();
        Kept<V> k = kept.get(key);
        if (k != null && k.generation() == generation && now - k.expiresAt() < 0) {
            return k.value();
        }
        V value = lookUp.get();
        if (worthKeeping.test(value) && generation() == generation) {
            if (kept.size() >= maxEntries) {
                kept.clear();
            }
            kept.put(key, new Kept<>(value, now + ttlNanos, generation));
        }
        return value;
    }

    /**
     * What the answers were read from changed on this node: they are forgotten now and again when the
     * current transaction (if any) commits, so no answer read before the commit survives it.
     */
    public void changed() {
        forget();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forget();
                }
            });
        }
    }

    private void forget() {
        changes.incrementAndGet();
        kept.clear();
    }
}
