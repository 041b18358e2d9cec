package jp.tokuten.ops;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Monthly availability (Japan time months) from the monitoring history, with the service's rule: an outage
 * counts when it lasts {@link #COUNTED_FROM} (5 minutes) or more. An outage runs from the first run in which
 * a check that makes an incident (web, database) failed to the next run in which they all passed; an
 * emergency maintenance window counts as an outage too, a planned one does not (the service promises 24/365
 * except planned maintenance; decision 137). The measured time is the month up to now, from the first run.
 */
@Service
public class Availability {

    /** Outages shorter than this are not counted. */
    public static final Duration COUNTED_FROM = Duration.ofMinutes(5);

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /** A period the service was down; {@code counted} when it lasted at least 5 minutes. */
    public record Outage(Instant from, Instant to, boolean counted) {
        public Duration length() {
            return Duration.between(from, to);
        }
    }

    /**
     * A month's availability: {@code percent} is null when nothing was measured; {@code downtime} the counted
     * outages' time within the month; {@code outages} every outage that touches the month.
     */
    public record Month(
            YearMonth month, @Nullable Double percent, Duration measured, Duration downtime, List<Outage> outages) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    Availability(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** This month and the {@code count - 1} before it, the latest first. */
    @Transactional(readOnly = true)
    public List<Month> recent(int count) {
        YearMonth now = YearMonth.from(clock.instant().atZone(TOKYO));
        var months = new ArrayList<Month>();
        for (int i = 0; i < Math.clamp(count, 1, 24); i++) {
            months.add(month(now.minusMonths(i)));
        }
        return months;
    }

    @Transactional(readOnly = true)
    public Month month(YearMonth month) {
        Instant start = month.atDay(1).atStartOfDay(TOKYO).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(TOKYO).toInstant();
        Instant now = clock.instant();
        Instant first = jdbc.sql("select min(started_at) from ops.check_runs")
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant)
                .orElse(null);
        Instant from = first == null || first.isBefore(start) ? start : first;
        Instant to = now.isBefore(end) ? now : end;
        if (first == null || !from.isBefore(to)) {
            return new Month(month, null, Duration.ZERO, Duration.ZERO, List.of());
        }
        var outages = new ArrayList<Outage>();
        outages.addAll(checkOutages(start, end, now));
        outages.addAll(emergencyWindows(start, end, now));
        outages.sort(Comparator.comparing(Outage::from));
        // the counted outages, merged where they overlap, clipped to the measured time
        long down = 0;
        Instant coveredTo = from;
        for (var o : outages) {
            if (!o.counted()) {
                continue;
            }
            Instant a = max(max(o.from(), from), coveredTo);
            Instant b = o.to().isAfter(to) ? to : o.to();
            if (b.isAfter(a)) {
                down += Duration.between(a, b).toMillis();
                coveredTo = b;
            }
        }
        long measured = Duration.between(from, to).toMillis();
        double percent = Math.round((measured - down) * 1_000_000.0 / measured) / 10_000.0;
        return new Month(month, percent, Duration.ofMillis(measured), Duration.ofMillis(down), List.copyOf(outages));
    }

    private List<Outage> checkOutages(Instant start, Instant end, Instant now) {
        // the runs of the month, with the last before it (is an outage going on at the start?) and the first
        // after it (when does one going on at the end stop?)
        var runs = jdbc.sql("""
                (select started_at, up from ops.check_runs where started_at < ? order by started_at desc limit 1)
                union all
                (select started_at, up from ops.check_runs where started_at >= ? and started_at < ?)
                union all
                (select started_at, up from ops.check_runs where started_at >= ? and up order by started_at limit 1)
                order by started_at""")
                .params(Timestamp.from(start), Timestamp.from(start), Timestamp.from(end), Timestamp.from(end))
                .query((rs, i) -> new Object[] {rs.getTimestamp("started_at").toInstant(), rs.getBoolean("up")})
                .list();
        var outages = new ArrayList<Outage>();
        Instant downSince = null;
        for (Object[] run : runs) {
            Instant at = (Instant) run[0];
            boolean up = (Boolean) run[1];
            if (!up && downSince == null) {
                downSince = at;
            } else if (up && downSince != null) {
                add(outages, downSince, at, start, end);
                downSince = null;
            }
        }
        if (downSince != null) {
            add(outages, downSince, now.isAfter(downSince) ? now : downSince, start, end);
        }
        return outages;
    }

    private List<Outage> emergencyWindows(Instant start, Instant end, Instant now) {
        var outages = new ArrayList<Outage>();
        jdbc.sql("""
                select starts_at, least(ends_at, coalesce(cancelled_at, ends_at)) as ended
                  from ops.maintenance_windows
                 where emergency and starts_at < ? and ends_at > ?""")
                .params(Timestamp.from(end), Timestamp.from(start))
                .query((rs, i) -> new Instant[] {
                    rs.getTimestamp("starts_at").toInstant(),
                    rs.getTimestamp("ended").toInstant()
                })
                .list()
                .forEach(w -> {
                    Instant stop = w[1].isAfter(now) ? now : w[1];
                    if (stop.isAfter(w[0])) {
                        add(outages, w[0], stop, start, end);
                    }
                });
        return outages;
    }

    private static void add(List<Outage> outages, Instant from, Instant to, Instant start, Instant end) {
        if (to.isAfter(start) && from.isBefore(end)) {
            outages.add(new Outage(from, to, Duration.between(from, to).compareTo(COUNTED_FROM) >= 0));
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
