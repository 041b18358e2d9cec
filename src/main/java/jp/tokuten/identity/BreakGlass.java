package jp.tokuten.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Break-glass: the only way an operator reaches a tenant's data. It takes a stated reason, lasts a
 * chosen time of at most four hours, and is recorded in the tenant's own table, where the tenant's
 * admins see it. With {@link #openAs} it is the operator console's one entry point into a tenant: the only
 * place an operator's request binds a tenant, and only while an access is open.
 */
@Service
public class BreakGlass {

    public static final Set<Integer> DURATION_MINUTES = Set.of(15, 30, 60, 120, 240);
    private static final Logger log = LoggerFactory.getLogger(BreakGlass.class);

    private final JdbcClient jdbc;
    private final TenantBinder binder;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Clock clock;

    BreakGlass(JdbcClient jdbc, TenantBinder binder, TransactionTemplate tx, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.binder = binder;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
    }

    /** One access, as the tenant and the operator see it. */
    public record Grant(
            UUID id, String operatorEmail, String reason, Instant startedAt, Instant expiresAt, boolean active) {}

    public Grant open(OperatorPrincipal operator, TenantId tenant, String reason, int minutes) {
        String r = reason == null ? "" : reason.strip();
        if (r.length() < 10 || r.length() > 500) {
            throw new AccountRequestException("reason", "breakGlass.error.reason", 10, 500);
        }
        if (!DURATION_MINUTES.contains(minutes)) {
            throw new AccountRequestException("minutes", "breakGlass.error.duration");
        }
        UUID id = TimeOrderedIds.next(clock);
        Instant now = clock.instant();
        Instant until = now.plus(Duration.ofMinutes(minutes));
        inTenant(
                tenant,
                () -> jdbc.sql("""
                        insert into identity.break_glass_grants
                            (id, operator_id, operator_email, reason, started_at, expires_at)
                        values (?, ?, ?, ?, ?, ?)""")
                        .params(
                                id,
                                operator.operatorId(),
                                operator.email(),
                                r,
                                Timestamp.from(now),
                                Timestamp.from(until))
                        .update());
        inTenant(
                tenant,
                () -> audit.record(
                        "operator.break_glass_opened",
                        r,
                        Map.of("operator", operator.getName(), "grant", id, "until", until.toString())));
        log.warn("Break-glass opened by operator {} on tenant {} until {}", operator.email(), tenant, until);
        return new Grant(id, operator.email(), r, now, until, true);
    }

    /** The operator's access to the tenant that is open right now, if any. */
    public Optional<Grant> active(OperatorPrincipal operator, TenantId tenant) {
        return inTenant(
                tenant,
                () -> jdbc.sql(SELECT + " where operator_id = ? and ended_at is null and expires_at > ?"
                                + " order by started_at desc limit 1")
                        .params(Timestamp.from(clock.instant()), operator.operatorId(), Timestamp.from(clock.instant()))
                        .query(this::map)
                        .optional());
    }

    public void close(OperatorPrincipal operator, TenantId tenant) {
        inTenant(
                tenant,
                () -> jdbc.sql("""
                        update identity.break_glass_grants set ended_at = ?
                         where operator_id = ? and ended_at is null and expires_at > ?""")
                        .params(Timestamp.from(clock.instant()), operator.operatorId(), Timestamp.from(clock.instant()))
                        .update());
        inTenant(
                tenant,
                () -> audit.record("operator.break_glass_closed", null, Map.of("operator", operator.getName())));
        log.info("Break-glass closed by operator {} on tenant {}", operator.email(), tenant);
    }

    /**
     * Runs {@code work} with {@code tenant} bound, as long as the operator has an access to it open right
     * now; empty otherwise.
     */
    public <T> Optional<T> openAs(OperatorPrincipal operator, TenantId tenant, java.util.function.Supplier<T> work) {
        if (active(operator, tenant).isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(binder.callAs(tenant, work));
    }

    /** Every access to the bound tenant's data, newest first: shown to the tenant's admins. */
    public List<Grant> history() {
        TenantBinder.required();
        return tx.execute(status -> jdbc.sql(SELECT + " order by started_at desc limit 200")
                .param(Timestamp.from(clock.instant()))
                .query(this::map)
                .list());
    }

    private static final String SELECT = """
            select id, operator_email, reason, started_at, expires_at,
                   (ended_at is null and expires_at > ?) as active
              from identity.break_glass_grants""";

    private Grant map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Grant(
                rs.getObject("id", UUID.class),
                rs.getString("operator_email"),
                rs.getString("reason"),
                rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(),
                rs.getBoolean("active"));
    }

    private <T> T inTenant(TenantId tenant, java.util.function.Supplier<T> work) {
        return binder.callAs(tenant, () -> tx.execute(status -> work.get()));
    }
}
