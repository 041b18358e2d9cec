package jp.tokuten.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.Secrets;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operators managing operators: granting operator rights takes a request by one operator and the
 * approval of another (four eyes, also enforced by a database constraint); disabling an operator ends
 * their sessions at their next request.
 */
@Service
public class OperatorAdministration {

    static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");
    private static final Logger log = LoggerFactory.getLogger(OperatorAdministration.class);

    private final JdbcClient jdbc;
    private final OperatorAccounts accounts;
    private final AuditTrail audit;
    private final Clock clock;

    OperatorAdministration(JdbcClient jdbc, OperatorAccounts accounts, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** A request for operator rights and what became of it. */
    public record GrantRequest(
            UUID id,
            String email,
            String displayName,
            String reason,
            UUID requestedBy,
            String requestedByEmail,
            Instant requestedAt,
            @Nullable String decision,
            @Nullable String decidedByEmail) {}

    /** An operator as the operator console lists them. */
    public record OperatorSummary(
            UUID id, String email, String displayName, String status, boolean secondFactor, Instant createdAt) {}

    /** The first password of a granted operator: shown once to the approver, who hands it over. */
    public record InitialCredentials(UUID operatorId, String email, String password) {
        @Override
        public String toString() {
            return "InitialCredentials[" + email + ", password=***]";
        }
    }

    @Transactional
    public UUID requestGrant(OperatorPrincipal actor, String email, String displayName, String reason) {
        String e = email == null ? "" : email.strip();
        String n = displayName == null ? "" : displayName.strip();
        String r = reason == null ? "" : reason.strip();
        if (!EMAIL.matcher(e).matches() || e.length() > 254) {
            throw new AccountRequestException("email", "account.error.email");
        }
        if (n.isEmpty() || n.length() > 100) {
            throw new AccountRequestException("displayName", "account.error.name", 100);
        }
        if (r.isEmpty() || r.length() > 500) {
            throw new AccountRequestException("reason", "account.error.reason", 500);
        }
        if (accounts.findByEmail(e).isPresent()) {
            throw new AccountRequestException("email", "operators.error.exists");
        }
        UUID id = TimeOrderedIds.next(clock);
        try {
            jdbc.sql("""
                    insert into identity.operator_grant_requests
                        (id, email, display_name, reason, requested_by, requested_at)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(id, e, n, r, actor.operatorId(), Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException dup) {
            throw new AccountRequestException("email", "operators.error.requestWaiting");
        }
        audit.record("operator.grant_requested", r, Map.of("request", id, "email", e));
        log.info("Operator {} requested operator rights for {}", actor.email(), e);
        return id;
    }

    /**
     * Approves a request made by someone else: creates the operator with a generated password.
     *
     * @throws AccountRequestException when the actor made the request or it is already decided
     */
    @Transactional
    public InitialCredentials approve(OperatorPrincipal actor, UUID requestId) {
        var request = openRequest(requestId);
        if (request.requestedBy().equals(actor.operatorId())) {
            throw new AccountRequestException("request", "operators.error.ownRequest");
        }
        String password = Secrets.readablePassword(20);
        var created = accounts.create(request.email(), request.displayName(), password);
        int updated = jdbc.sql("""
                update identity.operator_grant_requests
                   set decision = 'approved', decided_by = ?, decided_at = ?, operator_id = ?
                 where id = ? and decision is null""")
                .params(actor.operatorId(), Timestamp.from(clock.instant()), created.operatorId(), requestId)
                .update();
        if (updated != 1) {
            throw new AccountRequestException("request", "operators.error.decided");
        }
        audit.record(
                "operator.grant_approved",
                null,
                Map.of(
                        "request",
                        requestId,
                        "operator",
                        created.getName(),
                        "requestedBy",
                        "operator:" + request.requestedBy()));
        log.info("Operator {} approved operator rights for {}", actor.email(), request.email());
        return new InitialCredentials(created.operatorId(), request.email(), password);
    }

    @Transactional
    public void reject(OperatorPrincipal actor, UUID requestId) {
        var request = openRequest(requestId);
        jdbc.sql("""
                update identity.operator_grant_requests
                   set decision = 'rejected', decided_by = ?, decided_at = ?
                 where id = ? and decision is null""")
                .params(actor.operatorId(), Timestamp.from(clock.instant()), requestId)
                .update();
        audit.record("operator.grant_rejected", null, Map.of("request", requestId));
        log.info("Operator {} rejected operator rights for {}", actor.email(), request.email());
    }

    /**
     * Disables an operator: every session of theirs is refused from its next request on.
     *
     * @throws AccountRequestException for oneself, an unknown operator or a missing reason
     */
    @Transactional
    public void disable(OperatorPrincipal actor, UUID operatorId, String reason) {
        String r = reason == null ? "" : reason.strip();
        if (r.isEmpty() || r.length() > 500) {
            throw new AccountRequestException("reason", "account.error.reason", 500);
        }
        if (actor.operatorId().equals(operatorId)) {
            throw new AccountRequestException("operator", "account.error.disableSelf");
        }
        int updated = jdbc.sql("""
                update identity.operators
                   set status = 'disabled', disabled_at = ?, disabled_by = ?, disabled_reason = ?
                 where id = ? and status = 'active'""")
                .params(Timestamp.from(clock.instant()), actor.operatorId(), r, operatorId)
                .update();
        if (updated != 1) {
            throw new AccountRequestException("operator", "operators.error.notFound");
        }
        // their API tokens stop working too: tokens authenticate active operators only
        audit.record("operator.disabled", r, Map.of("operator", "operator:" + operatorId));
        log.info("Operator {} disabled operator {}", actor.email(), operatorId);
    }

    @Transactional(readOnly = true)
    public List<OperatorSummary> operators() {
        return jdbc.sql("""
                select id, email, display_name, status, totp_enabled_at is not null as second_factor, created_at
                  from identity.operators order by created_at""")
                .query((rs, row) -> new OperatorSummary(
                        rs.getObject("id", UUID.class),
                        rs.getString("email"),
                        rs.getString("display_name"),
                        rs.getString("status"),
                        rs.getBoolean("second_factor"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    @Transactional(readOnly = true)
    public List<GrantRequest> requests() {
        return jdbc.sql(REQUESTS + " order by r.decision is not null, r.requested_at desc limit 100")
                .query(OperatorAdministration::mapRequest)
                .list();
    }

    private GrantRequest openRequest(UUID requestId) {
        return jdbc.sql(REQUESTS + " where r.id = ? and r.decision is null for update of r")
                .param(requestId)
                .query(OperatorAdministration::mapRequest)
                .optional()
                .orElseThrow(() -> new AccountRequestException("request", "operators.error.requestNotFound"));
    }

    private static final String REQUESTS = """
            select r.id, r.email, r.display_name, r.reason, r.requested_by, q.email as requested_by_email,
                   r.requested_at, r.decision, d.email as decided_by_email
              from identity.operator_grant_requests r
              join identity.operators q on q.id = r.requested_by
              left join identity.operators d on d.id = r.decided_by""";

    private static GrantRequest mapRequest(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new GrantRequest(
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                rs.getString("display_name"),
                rs.getString("reason"),
                rs.getObject("requested_by", UUID.class),
                rs.getString("requested_by_email"),
                rs.getTimestamp("requested_at").toInstant(),
                rs.getString("decision"),
                rs.getString("decided_by_email"));
    }
}
