package jp.tokuten.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.tokuten.shared.ProblemException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The caps of the bound tenant's plan, enforced (decisions 145-147). Counted caps (campaigns, coupons, entries
 * per month) are one conditional statement each ({@link #take}): the row of {@code tenancy.usage} is taken
 * only while it stays within the cap, concurrent takers wait for each other on that row, so the cap is never
 * exceeded; the caller's transaction undoes the count if it fails. Triggers count a campaign archived
 * or a coupon closed back, whatever path closes it (campaigns and coupons V40). Past a cap: 403 {@code
 * plan_limit_reached} with {@code limit} and {@code cap}. The API rate is counted per node and minute
 * ({@link #admitApiRequest}), past it 429 {@code rate_limited} with {@code Retry-After}.
 */
@Service
public class PlanLimits {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private final JdbcClient jdbc;
    private final Plans plans;
    private final Clock clock;
    private final Map<TenantId, Window> windows = new ConcurrentHashMap<>();

    PlanLimits(JdbcClient jdbc, Plans plans, Clock clock) {
        this.jdbc = jdbc;
        this.plans = plans;
        this.clock = clock;
    }

    /** The bound tenant's cap of {@code limit}. */
    public long cap(PlanLimit limit) {
        return plans.planOf(TenantBinder.required()).cap(limit);
    }

    /**
     * Counts one more of {@code limit} for the bound tenant, in the caller's transaction, or refuses with 403
     * {@code plan_limit_reached} when that would pass the cap. Call it last in the transaction that creates
     * the thing: the usage row stays locked until the commit.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void take(PlanLimit limit) {
        String counter = counted(limit);
        long cap = cap(limit);
        boolean taken = jdbc.sql("""
                        insert into tenancy.usage as u (counter, period, used)
                        select :counter, :period, 1 where 1 <= :cap
                        on conflict (tenant_id, counter, period) do update set used = u.used + 1
                        where u.used + 1 <= :cap""")
                        .param("counter", counter)
                        .param("period", period(limit))
                        .param("cap", cap)
                        .update()
                == 1;
        if (!taken) {
            throw reached(limit, cap);
        }
    }

    /**
     * Refuses with 403 {@code plan_limit_reached} when adding {@code more} to {@code used} would pass the
     * bound tenant's cap of {@code limit} (for the storage cap, whose use the files module measures).
     */
    public void check(PlanLimit limit, long used, long more) {
        long cap = cap(limit);
        if (used + more > cap) {
            throw reached(limit, cap);
        }
    }

    /** The 403 {@code plan_limit_reached} problem of a cap. */
    public static ProblemException reached(PlanLimit limit, long cap) {
        return new ProblemException(
                        403,
                        "plan_limit_reached",
                        new org.springframework.context.support.DefaultMessageSourceResolvable(
                                new String[] {"plan.limit." + limit.wire()}, limit.wire()),
                        cap)
                .with("limit", limit.wire())
                .with("cap", cap);
    }

    /**
     * Admits one tenant API request of {@code tenant} in this minute, or refuses with 429 {@code rate_limited}
     * and {@code Retry-After} until the next minute. Counted on this node (decision 147).
     */
    public void admitApiRequest(TenantId tenant) {
        long cap = plans.planOf(tenant).cap(PlanLimit.API_REQUESTS_PER_MINUTE);
        long now = clock.millis();
        long minute = now / 60_000;
        Window w = windows.compute(tenant, (k, old) -> old != null && old.minute == minute ? old : new Window(minute));
        if (w.count.incrementAndGet() > cap) {
            long wait = (minute + 1) * 60_000 - now;
            throw new ProblemException(429, "rate_limited", cap)
                    .with("limit", PlanLimit.API_REQUESTS_PER_MINUTE.wire())
                    .with("cap", cap)
                    .retryAfter(Duration.ofMillis(Math.max(1_000, wait)));
        }
    }

    /** The bound tenant's usage of every cap; {@code storageBytes} as the files module measures it. */
    @Transactional(readOnly = true)
    public List<UsageView> usage(long storageBytes, long consoleSessions) {
        TenantId tenant = TenantBinder.required();
        var counts = jdbc.sql("select counter, period, used from tenancy.usage")
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
        return usage(tenant, counts, storageBytes, consoleSessions);
    }

    /** A tenant's usage for operators, read past row-level security by counts only ({@code tenancy.usage_of}). */
    @Transactional(readOnly = true)
    public List<UsageView> usageOf(TenantId tenant, long storageBytes, long consoleSessions) {
        var counts = jdbc.sql("select counter, period, used from tenancy.usage_of(?)")
                .param(tenant.value())
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
        return usage(tenant, counts, storageBytes, consoleSessions);
    }

    private List<UsageView> usage(TenantId tenant, List<Row> counts, long storageBytes, long consoleSessions) {
        PlanView plan = plans.planOf(tenant);
        var out = new ArrayList<UsageView>();
        for (PlanLimit limit : PlanLimit.values()) {
            long used = switch (limit) {
                case STORAGE_BYTES -> storageBytes;
                case CONSOLE_SESSIONS -> consoleSessions;
                case API_REQUESTS_PER_MINUTE -> {
                    Window w = windows.get(tenant);
                    yield w != null && w.minute == clock.millis() / 60_000 ? w.count.get() : 0;
                }
                default ->
                    counts.stream()
                            .filter(r -> r.counter.equals(limit.counter()) && r.period.equals(period(limit)))
                            .mapToLong(r -> r.used)
                            .sum();
            };
            out.add(new UsageView(limit, used, plan.cap(limit)));
        }
        return out;
    }

    private String period(PlanLimit limit) {
        return limit.monthly() ? YearMonth.now(clock.withZone(TOKYO)).toString() : "";
    }

    private static String counted(PlanLimit limit) {
        String counter = limit.counter();
        if (counter == null) {
            throw new IllegalArgumentException(limit + " is not counted in tenancy.usage");
        }
        return counter;
    }

    private record Row(String counter, String period, long used) {}

    private static final class Window {
        final long minute;
        final AtomicLong count = new AtomicLong();

        Window(long minute) {
            this.minute = minute;
        }
    }
}
