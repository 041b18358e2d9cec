package jp.tokuten.audit;

import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Meaning entries: actions with a human reason (a sign-in, a role change, a break-glass access, a
 * review decision), written in the caller's transaction so they commit or roll back with the change
 * they explain. The entry goes to the chain of the tenant bound to the transaction, or to the platform
 * chain when none is bound; the actor and request id are those of the transaction.
 */
@Component
public class AuditTrail {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditTrail(DataSource dataSource, JsonMapper json) {
        this.jdbc = JdbcClient.create(dataSource);
        this.json = json;
    }

    /**
     * Records {@code action} (a lower-case dotted name such as {@code operator.break_glass}) with an
     * optional reason and details (serialised as JSON). Must run inside a transaction.
     *
     * @return the id of the new entry
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long record(String action, @Nullable String reason, Map<String, ? extends @Nullable Object> details) {
        Long id = jdbc.sql("select audit.record(?, ?, ?::jsonb)")
                .params(action, reason, json.writeValueAsString(details))
                .query(Long.class)
                .single();
        return id;
    }
}
