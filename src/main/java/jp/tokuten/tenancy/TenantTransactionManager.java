package jp.tokuten.tenancy;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.MDC;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Begins every transaction by telling PostgreSQL which tenant is bound, transaction-locally, so that a
 * pooled connection never carries a tenant into someone else's work. With none bound it sets the empty
 * value, which row-level security reads as "no tenant": nothing visible, nothing writable.
 *
 * <p>In the same statement it hands over, for the audit log, who acts ({@link ActorBinder}, as {@code
 * tokuten.actor}) and the request id (from the log MDC, as {@code tokuten.request_id}).
 */
class TenantTransactionManager extends JdbcTransactionManager {

    /** The MDC key under which the platform's request filter keeps the request id. */
    static final String REQUEST_ID_MDC_KEY = "requestId";

    TenantTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(con, definition);
        try (var st = con.prepareStatement("select set_config('tokuten.tenant_id', ?, true)," + " set_config('"
                + ActorBinder.SETTING + "', ?, true), set_config('tokuten.request_id', ?, true)")) {
            st.setString(1, TenantBinder.current().map(TenantId::toString).orElse(""));
            st.setString(2, ActorBinder.current().orElse(""));
            String requestId = MDC.get(REQUEST_ID_MDC_KEY);
            st.setString(3, requestId == null ? "" : requestId);
            st.execute();
        }
    }
}
