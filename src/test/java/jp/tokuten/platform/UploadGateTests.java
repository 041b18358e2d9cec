package jp.tokuten.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.tokuten.TokutenTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Uploads take turns; one that waits too long is told to come back, and other requests never wait. */
@TokutenTest
class UploadGateTests {

    /** Threads of their own: the common pool may have a single thread on a small machine. */
    static final java.util.concurrent.Executor THREADS = java.util.concurrent.Executors.newCachedThreadPool();

    @Autowired
    Problems problems;

    static MockHttpServletRequest upload() {
        var request = new MockHttpServletRequest("POST", "/api/v1/receipts");
        request.setContentType("multipart/form-data; boundary=x");
        return request;
    }

    @Test
    void anUploadWaitsForItsTurnAndOneThatWaitsTooLongIs503Busy() throws Exception {
        var gate = new UploadGate(problems, 1, Duration.ofMillis(300), 10);
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var worked = new AtomicInteger();
        var first = CompletableFuture.runAsync(
                () -> {
                    try {
                        gate.doFilter(upload(), new MockHttpServletResponse(), (rq, rs) -> {
                            worked.incrementAndGet();
                            holding.countDown();
                            try {
                                release.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                THREADS);
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.state()).containsExactly(1, 0);

        // the turn is taken: another upload waits, then is refused without being worked on
        var refused = new MockHttpServletResponse();
        gate.doFilter(upload(), refused, (rq, rs) -> worked.incrementAndGet());
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("5");
        assertThat(JsonPath.<String>read(refused.getContentAsString(), "$.code"))
                .isEqualTo("busy");
        assertThat(worked).hasValue(1);

        // requests that are not uploads pass while the turn is taken
        var page = new MockHttpServletResponse();
        gate.doFilter(
                new MockHttpServletRequest("GET", "/api/v1/receipts"), page, (rq, rs) -> worked.incrementAndGet());
        var json = new MockHttpServletRequest("POST", "/api/v1/campaigns");
        json.setContentType("application/json");
        gate.doFilter(json, new MockHttpServletResponse(), (rq, rs) -> worked.incrementAndGet());
        assertThat(worked).hasValue(3);

        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        var next = new MockHttpServletResponse();
        gate.doFilter(upload(), next, (rq, rs) -> worked.incrementAndGet());
        assertThat(next.getStatus()).isEqualTo(200);
        assertThat(worked).hasValue(4);
        assertThat(gate.state()).containsExactly(0, 0);
    }

    @Test
    void uploadsAreWorkedOnInTheOrderTheyArrived() throws Exception {
        var gate = new UploadGate(problems, 1, Duration.ofSeconds(10), 10);
        var order = new java.util.concurrent.ConcurrentLinkedQueue<Integer>();
        var release = new CountDownLatch(1);
        var first = CompletableFuture.runAsync(
                () -> pass(gate, () -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    order.add(0);
                }),
                THREADS);
        while (gate.state()[0] == 0) {
            Thread.onSpinWait();
        }
        var waiting = new java.util.ArrayList<CompletableFuture<Void>>();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            waiting.add(CompletableFuture.runAsync(() -> pass(gate, () -> order.add(n)), THREADS));
            while (gate.state()[1] < i) { // the next one queues only after this one does
                Thread.onSpinWait();
            }
        }
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (var w : waiting) {
            w.get(10, TimeUnit.SECONDS);
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void byDefaultFourUploadsPerCoreAtMostThePool() {
        assertThat(UploadGate.defaultConcurrency(2, 10)).isEqualTo(8);
        assertThat(UploadGate.defaultConcurrency(4, 10)).isEqualTo(10);
        assertThat(UploadGate.defaultConcurrency(1, 0)).isEqualTo(1);
    }

    private static void pass(UploadGate gate, Runnable work) {
        try {
            gate.doFilter(upload(), new MockHttpServletResponse(), (rq, rs) -> work.run());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
