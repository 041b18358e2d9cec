package jp.tokuten.tenancy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.RecentAnswers;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The plans of this deployment (decision 145): data in {@code tenancy.plans}, edited by operators, one assigned
 * to each tenant. Refusals are 422 {@code invalid_plan} (a cap missing, negative or too large; {@code field}
 * names it) and 404 {@code not_found} (no such plan or tenant).
 */
@Service
public class Plans {

    /** The largest cap an operator may set; larger is "unlimited" in practice and keeps sums in range. */
    static final long MAX_CAP = 1L << 50;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Tenants tenants;
    private final RecentAnswers<String, Optional<PlanView>> recent;

    Plans(
            JdbcClient jdbc,
            Clock clock,
            Tenants tenants,
            @Value("${tokuten.access-checks.recheck-after:PT5S}") java.time.Duration recheckAfter) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tenants = tenants;
        this.recent = new RecentAnswers<>(recheckAfter, 1_000);
    }

    @Transactional(readOnly = true)
    public List<PlanView> list() {
        return jdbc.sql("select * from tenancy.plans order by max_campaigns, code")
                .query(Plans::map)
                .list();
    }

    @Transactional(readOnly = true)
    public Optional<PlanView> find(String code) {
        return jdbc.sql("select * from tenancy.plans where code = ?")
                .param(code)
                .query(Plans::map)
                .optional();
    }

    /** The plan as this node read it at most {@code recheck-after} ago (5 s), for the checks of every request. */
    public Optional<PlanView> findRecently(String code) {
        return recent.get(
                code,
                () -> jdbc.sql("select * from tenancy.plans where code = ?")
                        .param(code)
                        .query(Plans::map)
                        .optional(),
                Optional::isPresent);
    }

    /** The plan of a tenant, as read recently. */
    public PlanView planOf(TenantId tenant) {
        var t = tenants.findByIdRecently(tenant).orElseThrow(() -> new ProblemException(404, "not_found"));
        return findRecently(t.plan()).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    /**
     * Changes a plan's caps (every cap must be given); the change applies to every tenant on the plan, on
     * this node at once and on others within 5 s. Caps lowered below what a tenant uses refuse new things
     * but take nothing away.
     */
    @Transactional
    public PlanView update(String code, String name, Map<PlanLimit, Long> caps) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100) {
            throw invalid("name");
        }
        for (PlanLimit limit : PlanLimit.values()) {
            Long cap = caps.get(limit);
            long least = limit == PlanLimit.CONSOLE_SESSIONS || limit == PlanLimit.API_REQUESTS_PER_MINUTE ? 1 : 0;
            long most = limit == PlanLimit.STORAGE_BYTES ? MAX_CAP : Integer.MAX_VALUE;
            if (cap == null || cap < least || cap > most) {
                throw invalid(limit.wire());
            }
        }
        var sql = new StringBuilder("update tenancy.plans set name = :name, updated_at = :now");
        for (PlanLimit limit : PlanLimit.values()) {
            sql.append(", ").append(limit.column()).append(" = :").append(limit.column());
        }
        var statement = jdbc.sql(sql.append(" where code = :code").toString())
                .param("name", n)
                .param("now", Timestamp.from(clock.instant()))
                .param("code", code);
        for (PlanLimit limit : PlanLimit.values()) {
            long cap = caps.get(limit);
            statement = statement.param(limit.column(), limit == PlanLimit.STORAGE_BYTES ? cap : (Object) (int) cap);
        }
        if (statement.update() != 1) {
            throw new ProblemException(404, "not_found");
        }
        recent.changed();
        return find(code).orElseThrow();
    }

    /** Puts a tenant on a plan. */
    @Transactional
    public TenantView assign(TenantId tenant, String code) {
        if (find(code).isEmpty()) {
            throw invalid("plan");
        }
        if (!tenants.changePlan(tenant, code)) {
            throw new ProblemException(404, "tenant_not_found");
        }
        return tenants.findById(tenant).orElseThrow();
    }

    private static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_plan", field).with("field", field);
    }

    private static PlanView map(ResultSet rs, int row) throws SQLException {
        var caps = new EnumMap<PlanLimit, Long>(PlanLimit.class);
        for (PlanLimit limit : PlanLimit.values()) {
            caps.put(limit, rs.getLong(limit.column()));
        }
        return new PlanView(rs.getString("code"), rs.getString("name"), caps);
    }
}
