package jp.tokuten.tenancy;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Begins every transaction by telling PostgreSQL which tenant is bound, transaction-locally, so that a
 * pooled connection never carries a tenant into someone else's work. With none bound it sets the empty
 * value, which row-level security reads as "no tenant": nothing visible, nothing writable.
 */
class TenantTransactionManager extends JdbcTransactionManager {

    TenantTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(con, definition);
        try (var st = con.prepareStatement("select set_config('tokuten.tenant_id', ?, true)")) {
            st.setString(1, TenantBinder.current().map(TenantId::toString).orElse(""));
            st.execute();
        }
    }
}
