package jp.tokuten.ops;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.jobs.Jobs;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.TenantStatus;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Terminating a tenant (解約): the tenant becomes {@code terminating} and all of its data is deleted on the
 * {@link #BUSINESS_DAYS}th Japanese business day after the day of termination (weekends and public holidays
 * of {@link HolidayCalendar} not counted), by the {@code tenant.delete} job ({@link TenantDeletion}), which
 * issues a signed deletion certificate. Until then the tenant works as before, so its admins can export
 * their data, and an operator may cancel (decision 140). Terminating and cancelling are audited
 * ({@code tenant.terminated}, {@code tenant.termination_cancelled}). Callers authorise: an operator, or the
 * tenant's own admin for the bound tenant.
 */
@Service
public class TenantTerminations {

    /** Deletion comes on this business day after the termination. */
    public static final int BUSINESS_DAYS = 10;

    public static final int MAX_REASON = 500;

    /** A termination and, once done, its deletion. {@code status}: scheduled, cancelled or deleted. */
    public record Termination(
            TenantId tenant,
            Instant requestedAt,
            String requestedBy,
            @Nullable String reason,
            LocalDate deleteOn,
            String status,
            @Nullable Instant deletedAt,
            @Nullable UUID certificateId) {}

    private final JdbcClient jdbc;
    private final Tenants tenants;
    private final HolidayCalendar calendar;
    private final AuditTrail audit;
    private final Jobs jobs;
    private final Clock clock;

    TenantTerminations(
            JdbcClient jdbc, Tenants tenants, HolidayCalendar calendar, AuditTrail audit, Jobs jobs, Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.calendar = calendar;
        this.audit = audit;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** The day a tenant terminated on {@code day} (Japan) is deleted. */
    public LocalDate deletionDay(LocalDate day) {
        return calendar.nthBusinessDayAfter(day, BUSINESS_DAYS);
    }

    /**
     * Terminates {@code tenant} now. 404 {@code not_found} for an unknown tenant, 409 {@code already_terminated}
     * when it is terminating or deleted, 422 {@code invalid_termination} for a reason over 500 characters.
     */
    @Transactional
    public Termination terminate(TenantId tenant, String requestedBy, @Nullable String reason) {
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why != null && why.length() > MAX_REASON) {
            throw new ProblemException(422, "invalid_termination").with("field", "reason");
        }
        var view = tenants.findById(tenant).orElseThrow(() -> new ProblemException(404, "not_found"));
        if (view.status() == TenantStatus.TERMINATING
                || view.status() == TenantStatus.DELETED
                || !tenants.changeStatus(tenant, view.status(), TenantStatus.TERMINATING)) {
            throw new ProblemException(409, "already_terminated");
        }
        Instant now = clock.instant();
        LocalDate deleteOn = deletionDay(LocalDate.ofInstant(now, clock.getZone()));
        jdbc.sql("""
                insert into ops.terminations (tenant_id, requested_at, requested_by, reason, delete_on, status)
                values (?, ?, ?, ?, ?, 'scheduled')
                on conflict (tenant_id) do update
                   set requested_at = excluded.requested_at, requested_by = excluded.requested_by,
                       reason = excluded.reason, delete_on = excluded.delete_on, status = 'scheduled'
                 where ops.terminations.status = 'cancelled'""")
                .params(tenant.value(), Timestamp.from(now), requestedBy, why, Date.valueOf(deleteOn))
                .update();
        var details = new HashMap<String, Object>();
        details.put("tenant", tenant.value());
        details.put("deleteOn", deleteOn.toString());
        details.put("by", requestedBy);
        audit.record("tenant.terminated", why, details);
        return find(tenant).orElseThrow();
    }

    /** Calls off a scheduled termination; the tenant is active again. 404 {@code not_found} when none is scheduled. */
    @Transactional
    public Termination cancel(TenantId tenant) {
        int n = jdbc.sql(
                        "update ops.terminations set status = 'cancelled' where tenant_id = ? and status = 'scheduled'")
                .param(tenant.value())
                .update();
        if (n == 0) {
            throw new ProblemException(404, "not_found");
        }
        tenants.changeStatus(tenant, TenantStatus.TERMINATING, TenantStatus.ACTIVE);
        audit.record("tenant.termination_cancelled", null, Map.of("tenant", tenant.value()));
        return find(tenant).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<Termination> find(TenantId tenant) {
        return jdbc.sql("select * from ops.terminations where tenant_id = ?")
                .param(tenant.value())
                .query(TenantTerminations::map)
                .optional();
    }

    /** Every termination, the latest first. */
    @Transactional(readOnly = true)
    public List<Termination> list() {
        return jdbc.sql("select * from ops.terminations order by requested_at desc limit 500")
                .query(TenantTerminations::map)
                .list();
    }

    /**
     * Queues the deletion of every tenant whose day has come (one job per tenant, whatever the number of
     * nodes and runs), and removes what reached deleted tenants after their deletion (late access-log lines, an empty audit chain head). Runs
     * every 15 minutes; returns how many tenants are due.
     */
    @Scheduled(fixedDelayString = "${tokuten.ops.deletion-sweep:PT15M}", initialDelayString = "PT1M")
    @Transactional
    public int queueDueDeletions() {
        LocalDate today = LocalDate.now(clock);
        var due = jdbc.sql("select tenant_id from ops.terminations where status = 'scheduled' and delete_on <= ?")
                .param(Date.valueOf(today))
                .query(UUID.class)
                .list();
        for (UUID tenant : due) {
            jobs.enqueue(TenantDeletion.TYPE, null, Map.of("tenant", tenant.toString()), "tenant.delete:" + tenant);
        }
        jdbc.sql("select ops.purge_deleted_tenants_leftovers()")
                .query(Long.class)
                .single();
        return due.size();
    }

    static Termination map(ResultSet rs, int row) throws SQLException {
        Timestamp deleted = rs.getTimestamp("deleted_at");
        return new Termination(
                new TenantId(rs.getObject("tenant_id", UUID.class)),
                rs.getTimestamp("requested_at").toInstant(),
                rs.getString("requested_by"),
                rs.getString("reason"),
                rs.getDate("delete_on").toLocalDate(),
                rs.getString("status"),
                deleted == null ? null : deleted.toInstant(),
                rs.getObject("certificate_id", UUID.class));
    }
}
