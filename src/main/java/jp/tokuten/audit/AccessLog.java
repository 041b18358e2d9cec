package jp.tokuten.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Collects one entry per request and writes them in batches about once a second, off the request
 * thread. If the database cannot keep up the queue is bounded: entries beyond it are counted
 * ({@code tokuten.access_log.dropped}) rather than slowing requests down.
 */
@Component
class AccessLog {

    static final int QUEUE = 20_000;
    static final int BATCH = 1_000;
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    /** One request as the access log keeps it. */
    record Entry(
            Instant at,
            @Nullable UUID tenant,
            @Nullable String actor,
            String method,
            String path,
            int status,
            int durationMs,
            @Nullable String clientAddress,
            @Nullable String requestId,
            @Nullable String userAgent) {}

    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final JdbcTemplate jdbc;
    private final Counter dropped;

    AccessLog(DataSource dataSource, MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.dropped = Counter.builder("tokuten.access_log.dropped")
                .description("Access log entries dropped because the writer fell behind")
                .register(meters);
    }

    void add(Entry entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    /** Writes what has been collected; returns how many entries. */
    @Scheduled(fixedDelayString = "${tokuten.audit.access-log-flush:PT1S}")
    int flush() {
        int written = 0;
        var batch = new ArrayList<Entry>(BATCH);
        while (queue.drainTo(batch, BATCH) > 0) {
            try {
                write(batch);
                written += batch.size();
            } catch (RuntimeException e) {
                log.warn("Could not write {} access log entries: {}", batch.size(), e.getMessage());
            }
            batch.clear();
        }
        return written;
    }

    private void write(List<Entry> batch) {
        jdbc.batchUpdate("""
                insert into audit.access_log (at, tenant_id, actor, method, path, status, duration_ms,
                                              client_address, request_id, user_agent)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", batch, batch.size(), (ps, e) -> {
            ps.setTimestamp(1, Timestamp.from(e.at()));
            ps.setObject(2, e.tenant(), Types.OTHER);
            ps.setString(3, e.actor());
            ps.setString(4, e.method());
            ps.setString(5, e.path());
            ps.setInt(6, e.status());
            ps.setInt(7, e.durationMs());
            ps.setString(8, e.clientAddress());
            ps.setString(9, e.requestId());
            ps.setString(10, e.userAgent());
        });
    }

    @PreDestroy
    void flushOnShutdown() {
        flush();
    }
}
