package jp.tokuten;

import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.shared.Secrets;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Tenant API keys of a given role, written straight into the table as the runtime role. */
public final class ApiKeyFixtures {

    private ApiKeyFixtures() {}

    /** The {@code Authorization} header value of a new key of {@code role} for {@code tenant}. */
    public static String aKey(
            DataSource dataSource, TenantBinder binder, TransactionTemplate tx, TenantView tenant, TenantRole role) {
        String secret = Secrets.randomToken(32);
        var jdbc = new JdbcTemplate(dataSource);
        binder.runAs(
                tenant.id(),
                () -> tx.executeWithoutResult(s -> jdbc.update(
                        "insert into identity.api_keys (id, name, secret_sha256, role, created_at) values (?, ?, ?, ?, now())",
                        UUID.randomUUID(),
                        "test " + role,
                        Secrets.sha256(secret),
                        role.name().toLowerCase())));
        return "Bearer tk_" + tenant.id().value().toString().replace("-", "") + "_" + secret;
    }
}
