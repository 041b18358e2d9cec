package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The request counts behind the error-rate and p99 checks. */
class RequestStatisticsTests {

    @Test
    void p99IsTheBucketHoldingTheRequestAtTheNinetyNinthPercentileAndATakeStartsANewWindow() {
        var stats = new RequestStatistics();
        for (int i = 0; i < 990; i++) {
            stats.record(3, false);
        }
        for (int i = 0; i < 10; i++) {
            stats.record(1500, true);
        }
        var window = stats.take();
        assertThat(window.requests()).isEqualTo(1000);
        assertThat(window.errors()).isEqualTo(10);
        assertThat(window.p99Millis()).isEqualTo(5);
        stats.record(3, false);
        stats.record(40_000, true);
        var next = stats.take();
        assertThat(next.requests()).isEqualTo(2);
        assertThat(next.p99Millis()).isEqualTo(-1); // slower than the last bound
        assertThat(stats.take().requests()).isZero();
    }
}
