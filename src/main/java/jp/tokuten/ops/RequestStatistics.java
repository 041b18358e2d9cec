package jp.tokuten.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLongArray;
import jp.tokuten.platform.FilterOrders;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts this node's requests by duration (fixed buckets) and 5xx answers, for the error-rate and p99 checks:
 * each check run takes the counts since the previous one. Two counter increments per request.
 */
@Component
@Order(FilterOrders.REQUEST_METRICS)
class RequestStatistics extends OncePerRequestFilter {

    /** Upper bounds of the duration buckets in milliseconds; the last bucket is everything slower. */
    static final long[] BOUNDS = {5, 10, 25, 50, 100, 250, 500, 1000, 2000, 5000, 10000, 30000};

    /** Requests since the last snapshot: count, 5xx count, a p99 (the upper bound of its bucket; -1 above all). */
    record Window(long requests, long errors, long p99Millis) {}

    private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length + 1);
    private final AtomicLongArray errors = new AtomicLongArray(1);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        boolean thrown = true;
        try {
            chain.doFilter(request, response);
            thrown = false;
        } finally {
            record((System.nanoTime() - started) / 1_000_000, thrown || response.getStatus() >= 500);
        }
    }

    void record(long millis, boolean error) {
        int i = 0;
        while (i < BOUNDS.length && millis > BOUNDS[i]) {
            i++;
        }
        buckets.incrementAndGet(i);
        if (error) {
            errors.incrementAndGet(0);
        }
    }

    /** The counts since the previous call, which starts a new window. */
    synchronized Window take() {
        long[] counts = new long[buckets.length()];
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.getAndSet(i, 0);
            total += counts[i];
        }
        long failed = errors.getAndSet(0, 0);
        long p99 = 0;
        if (total > 0) {
            long rank = (long) Math.ceil(total * 0.99);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    p99 = i < BOUNDS.length ? BOUNDS[i] : -1;
                    break;
                }
            }
        }
        return new Window(total, failed, p99);
    }
}
