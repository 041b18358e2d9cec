package jp.tokuten.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Enqueues jobs, and lets operators see dead jobs and retry them. Job times are the database's clock. */
@Service
public class Jobs {

    static final int DEFAULT_MAX_ATTEMPTS = 5;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    Jobs(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Queues a job to run as soon as a worker is free. With a {@code uniqueKey} (for example tenant, job
     * and period of a scheduled task) a second enqueue of the same key returns the existing job's id.
     */
    @Transactional
    public UUID enqueue(String type, @Nullable TenantId tenant, Map<String, ?> payload, @Nullable String uniqueKey) {
        UUID id = TimeOrderedIds.next(clock);
        int inserted = jdbc.sql("""
                insert into jobs.jobs (id, tenant_id, type, payload, unique_key, max_attempts, run_at, created_at)
                values (?, ?, ?, ?::jsonb, ?, ?, now(), now())
                on conflict (unique_key) do nothing""")
                .params(
                        id,
                        tenant == null ? null : tenant.value(),
                        type,
                        json.writeValueAsString(payload),
                        uniqueKey,
                        DEFAULT_MAX_ATTEMPTS)
                .update();
        if (inserted == 1) {
            return id;
        }
        return jdbc.sql("select id from jobs.jobs where unique_key = ?")
                .param(uniqueKey)
                .query(UUID.class)
                .single();
    }

    @Transactional(readOnly = true)
    public Optional<JobView> find(UUID id) {
        return jdbc.sql("select * from jobs.jobs where id = ?")
                .param(id)
                .query(this::map)
                .optional();
    }

    /** Dead jobs, newest first: what operators need to look at. */
    @Transactional(readOnly = true)
    public List<JobView> dead(int limit) {
        return jdbc.sql("select * from jobs.jobs where status = 'dead' order by finished_at desc limit ?")
                .param(Math.clamp(limit, 1, 500))
                .query(this::map)
                .list();
    }

    /**
     * How long the job that has waited longest to be started has been due (zero when none waits): the queue
     * lag monitoring watches. Database clock.
     */
    @Transactional(readOnly = true)
    public java.time.Duration queueLag() {
        Double seconds = jdbc.sql("""
                select extract(epoch from (now() - min(run_at)))::double precision
                  from jobs.jobs where status = 'queued' and run_at <= now()""").query(Double.class).optional().orElse(null);
        return seconds == null || seconds < 0
                ? java.time.Duration.ZERO
                : java.time.Duration.ofMillis((long) (seconds * 1000));
    }

    /** How many jobs went to the dead letter within {@code window} and are still there. */
    @Transactional(readOnly = true)
    public long deadWithin(java.time.Duration window) {
        return jdbc.sql("""
                select count(*) from jobs.jobs
                 where status = 'dead' and finished_at > now() - make_interval(secs => ?)""")
                .param((double) window.toSeconds())
                .query(Long.class)
                .single();
    }

    /** Gives a dead job a fresh set of attempts; false when it is not dead (already retried, or done). */
    @Transactional
    public boolean retry(UUID id) {
        return jdbc.sql("""
                        update jobs.jobs set status = 'queued', attempts = 0, run_at = now(), finished_at = null,
                                             locked_by = null, locked_until = null
                         where id = ? and status = 'dead'""").param(id).update() == 1;
    }

    JobView map(ResultSet rs, int row) throws SQLException {
        UUID tenant = rs.getObject("tenant_id", UUID.class);
        return new JobView(
                rs.getObject("id", UUID.class),
                tenant == null ? null : new TenantId(tenant),
                rs.getString("type"),
                json.readValue(rs.getString("payload"), new TypeReference<Map<String, Object>>() {}),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"),
                rs.getTimestamp("run_at").toInstant(),
                rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant());
    }
}
