package jp.tokuten.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import jp.tokuten.shared.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Uploads (every {@code multipart/} POST: receipt photos above all) are worked on a few at a time, in the
 * order they arrived; the others wait here, before anything reads their body or takes a database
 * connection (decision 099). Fifty uploads at once on two cores are then done one after another in a
 * few tens of milliseconds each, instead of all sharing the cores and the connection pool and each taking
 * as long as the slowest: the same throughput, and a latency that depends on the queue ahead of an upload,
 * not on luck. An upload that waits longer than {@code tokuten.web.upload-wait} (30 s) is answered 503
 * {@code busy} with {@code Retry-After}, having stored nothing.
 */
@Component
@Order(FilterOrders.UPLOAD_GATE)
class UploadGate extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(UploadGate.class);

    private final Semaphore turns;
    private final int concurrency;
    private final Duration wait;
    private final Problems problems;

    UploadGate(
            Problems problems,
            @Value("${tokuten.web.upload-concurrency:0}") int concurrency,
            @Value("${tokuten.web.upload-wait:30s}") Duration wait,
            @Value("${tokuten.db.pool-size:10}") int poolSize) {
        this.problems = problems;
        this.concurrency = concurrency > 0
                ? concurrency
                : defaultConcurrency(Runtime.getRuntime().availableProcessors(), poolSize);
        this.turns = new Semaphore(this.concurrency, true);
        this.wait = wait;
        log.info("Uploads: {} worked on at once, others wait up to {} s", this.concurrency, wait.toSeconds());
    }

    /**
     * Four uploads per core: an upload waits for the disk (its photo forced to it) and the database (a
     * commit) about as long as it computes, so two per core left the cores idle (decision 100); never more
     * than the database pool, or uploads would wait for connections instead of in arrival order.
     */
    static int defaultConcurrency(int cores, int poolSize) {
        return Math.max(1, Math.min(4 * cores, poolSize));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !"POST".equals(request.getMethod())
                || type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admitted;
        try {
            admitted = turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            problems.write(ProblemException.busy(Duration.ofSeconds(5)), request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            turns.release();
        }
    }

    /** Uploads being worked on now, and waiting. */
    int[] state() {
        return new int[] {concurrency - turns.availablePermits(), turns.getQueueLength()};
    }
}
