package jp.tokuten.jobs;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tokuten.jobs.*}: whether this node runs jobs, how many at once ({@code workers}, env
 * {@code TOKUTEN_JOB_WORKERS}; the core count when 0), how long a claim holds a job that no heartbeat
 * renews ({@code lease}), how often the heartbeat renews the leases of the jobs this node runs (a
 * quarter of the lease unless set), how often an idle node looks for ready jobs, and the nice value of the
 * threads that run them ({@code niceness}, env {@code TOKUTEN_JOB_NICENESS}, 0 to 19, default 10: below
 * request threads, decision 099).
 */
@ConfigurationProperties("tokuten.jobs")
record JobProperties(
        @DefaultValue("true") boolean workerEnabled,
        @DefaultValue("0") int workers,
        @DefaultValue("PT2M") Duration lease,
        @Nullable Duration heartbeat,
        @DefaultValue("PT1S") Duration pollInterval,
        @DefaultValue("10") int niceness) {

    static final int MAX_WORKERS = 256;

    JobProperties {
        if (workers < 0 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("tokuten.jobs.workers (TOKUTEN_JOB_WORKERS) must be between 1 and "
                    + MAX_WORKERS + ", or 0 for the number of cores: " + workers);
        }
        if (workers == 0) {
            workers = Runtime.getRuntime().availableProcessors();
        }
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("tokuten.jobs.lease must be at least one second: " + lease);
        }
        if (heartbeat == null) {
            heartbeat = lease.dividedBy(4);
        }
        if (heartbeat.isNegative()
                || heartbeat.isZero()
                || heartbeat.multipliedBy(2).compareTo(lease) > 0) {
            throw new IllegalArgumentException(
                    "tokuten.jobs.heartbeat must be positive and at most half the lease (" + lease + "): " + heartbeat);
        }
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException(
                    "tokuten.jobs.niceness (TOKUTEN_JOB_NICENESS) must be between 0 and 19: " + niceness);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("tokuten.jobs.poll-interval must be positive: " + pollInterval);
        }
    }

    /** The heartbeat interval (never null once constructed). */
    Duration heartbeatInterval() {
        return heartbeat == null ? lease.dividedBy(4) : heartbeat;
    }
}
