package jp.tokuten.ops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.RecentAnswers;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Maintenance windows. A window is announced at least {@link #NOTICE} (7 days) before it starts, as the
 * service promises; an emergency window may start at once. Refusals (422): {@code notice_too_short} (a
 * planned window starting less than 7 days ahead), {@code invalid_window} (no title or one over 200
 * characters, an end not after the start, an end already past, longer than {@link #LONGEST}). Scheduling
 * and cancelling are audited ({@code maintenance.scheduled}, {@code maintenance.cancelled}) and publish
 * {@link MaintenanceScheduled} so tenant admins are e-mailed. Callers authorise the operator role.
 *
 * <p>{@link #current()} and {@link #upcoming()} are asked on every page and API call: they read the windows
 * not yet ended at most once per {@code tokuten.access-checks.recheck-after} (5 s) per node (decision 128);
 * a change made on this node applies at once.
 */
@Service
public class MaintenanceWindows {

    /** How far ahead a planned window must be announced. */
    public static final Duration NOTICE = Duration.ofDays(7);

    /** The longest window accepted. */
    public static final Duration LONGEST = Duration.ofHours(72);

    public static final int MAX_TITLE = 200;

    /** How far ahead pages show a scheduled window. */
    public static final Duration ANNOUNCED = Duration.ofDays(30);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final RecentAnswers<String, List<MaintenanceWindow>> recent;

    MaintenanceWindows(
            JdbcClient jdbc,
            AuditTrail audit,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${tokuten.access-checks.recheck-after:PT5S}") Duration recheckAfter) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.recent = new RecentAnswers<>(recheckAfter, 1);
    }

    /** Schedules a window; {@code createdBy} is the operator. */
    @Transactional
    public MaintenanceWindow schedule(
            @Nullable Instant startsAt,
            @Nullable Instant endsAt,
            @Nullable String title,
            boolean emergency,
            UUID createdBy) {
        Instant now = clock.instant();
        String t = title == null ? "" : title.strip();
        if (t.isEmpty() || t.length() > MAX_TITLE || startsAt == null || endsAt == null) {
            throw new ProblemException(422, "invalid_window");
        }
        if (!endsAt.isAfter(startsAt)
                || !endsAt.isAfter(now)
                || Duration.between(startsAt, endsAt).compareTo(LONGEST) > 0) {
            throw new ProblemException(422, "invalid_window");
        }
        if (!emergency && startsAt.isBefore(now.plus(NOTICE))) {
            throw new ProblemException(422, "notice_too_short")
                    .with("earliestStart", now.plus(NOTICE).toString());
        }
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("""
                insert into ops.maintenance_windows (id, starts_at, ends_at, title, emergency, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        Timestamp.from(startsAt),
                        Timestamp.from(endsAt),
                        t,
                        emergency,
                        createdBy,
                        Timestamp.from(now))
                .update();
        recent.changed();
        audit.record(
                "maintenance.scheduled",
                null,
                Map.of(
                        "window",
                        id,
                        "startsAt",
                        startsAt.toString(),
                        "endsAt",
                        endsAt.toString(),
                        "emergency",
                        emergency));
        var window = new MaintenanceWindow(id, startsAt, endsAt, t, emergency, now, null);
        events.publishEvent(new MaintenanceScheduled(window));
        return window;
    }

    /** Calls a window off (also one that is on); 404 {@code not_found} for an unknown or already cancelled one. */
    @Transactional
    public MaintenanceWindow cancel(UUID id) {
        Instant now = clock.instant();
        var window = jdbc.sql("""
                update ops.maintenance_windows set cancelled_at = ?
                 where id = ? and cancelled_at is null and ends_at > ?
                returning *""")
                .params(Timestamp.from(now), id, Timestamp.from(now))
                .query(MaintenanceWindows::map)
                .optional()
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        recent.changed();
        audit.record("maintenance.cancelled", null, Map.of("window", id));
        return window;
    }

    @Transactional(readOnly = true)
    public Optional<MaintenanceWindow> find(UUID id) {
        return jdbc.sql("select * from ops.maintenance_windows where id = ?")
                .param(id)
                .query(MaintenanceWindows::map)
                .optional();
    }

    /** Every window, the latest start first (at most {@code limit}). */
    @Transactional(readOnly = true)
    public List<MaintenanceWindow> list(int limit) {
        return jdbc.sql("select * from ops.maintenance_windows order by starts_at desc, id limit ?")
                .param(Math.max(1, Math.min(limit, 500)))
                .query(MaintenanceWindows::map)
                .list();
    }

    /** The window on now, if any (the one ending last when several overlap). */
    public Optional<MaintenanceWindow> current() {
        Instant now = clock.instant();
        return notEnded().stream().filter(w -> w.isOn(now)).max(Comparator.comparing(MaintenanceWindow::endsAt));
    }

    /** The windows on now or starting within {@link #ANNOUNCED} (30 days), soonest first: what the pages announce. */
    public List<MaintenanceWindow> upcoming() {
        Instant now = clock.instant();
        Instant horizon = now.plus(ANNOUNCED);
        return notEnded().stream()
                .filter(w -> w.endsAt().isAfter(now) && w.startsAt().isBefore(horizon))
                .toList();
    }

    private List<MaintenanceWindow> notEnded() {
        // a platform table: readable without a tenant or a transaction
        return recent.get(
                "not ended",
                () -> jdbc.sql("""
                        select * from ops.maintenance_windows
                         where cancelled_at is null and ends_at > ? order by starts_at limit 100""")
                        .param(Timestamp.from(clock.instant()))
                        .query(MaintenanceWindows::map)
                        .list(),
                answer -> true);
    }

    private static MaintenanceWindow map(ResultSet rs, int row) throws SQLException {
        Timestamp cancelled = rs.getTimestamp("cancelled_at");
        return new MaintenanceWindow(
                rs.getObject("id", UUID.class),
                rs.getTimestamp("starts_at").toInstant(),
                rs.getTimestamp("ends_at").toInstant(),
                rs.getString("title"),
                rs.getBoolean("emergency"),
                rs.getTimestamp("created_at").toInstant(),
                cancelled == null ? null : cancelled.toInstant());
    }
}
