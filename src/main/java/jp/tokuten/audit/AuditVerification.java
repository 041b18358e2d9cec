package jp.tokuten.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.tenancy.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Recomputes the audit chains from their anchors to their heads and names the first entry that was
 * changed, deleted or reordered. Seals what has been committed first, so every entry written before
 * the call is checked. Used by {@code tokuten audit verify} and the operator console.
 */
@Component
public class AuditVerification {

    static final UUID PLATFORM_CHAIN = new UUID(0, 0);

    private final JdbcClient jdbc;

    AuditVerification(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Every chain: the platform's and every tenant's, each in its own statement. */
    public VerificationReport verifyAll() {
        sealCommitted();
        var chains = new ArrayList<ChainVerification>();
        for (UUID chain : jdbc.sql("select audit.chain_ids()").query(UUID.class).list()) {
            chains.addAll(jdbc.sql("select chain, checked, pending, first_bad_entry, problem from audit.verify(?)")
                    .param(chain)
                    .query((rs, n) -> chain(rs))
                    .list());
        }
        return new VerificationReport(chains);
    }

    /** One tenant's chain. */
    public ChainVerification verify(TenantId tenant) {
        sealCommitted();
        return jdbc.sql("select chain, checked, pending, first_bad_entry, problem from audit.verify(?)")
                .param(tenant.value())
                .query((rs, n) -> chain(rs))
                .optional()
                .orElse(new ChainVerification(tenant, 0, 0, null, null));
    }

    /** Links every committed entry into its chain, waiting for a sealer at work on the same chain. */
    public int sealCommitted() {
        int total = 0;
        int sealed;
        do {
            sealed = jdbc.sql("select audit.seal(?, true)")
                    .param(AuditSealer.BATCH)
                    .query(Integer.class)
                    .single();
            total += sealed;
        } while (sealed == AuditSealer.BATCH);
        return total;
    }

    private static ChainVerification chain(ResultSet rs) throws SQLException {
        UUID chain = rs.getObject("chain", UUID.class);
        @Nullable TenantId tenant = PLATFORM_CHAIN.equals(chain) ? null : new TenantId(chain);
        long bad = rs.getLong("first_bad_entry");
        @Nullable Long firstBad = rs.wasNull() ? null : bad;
        return new ChainVerification(
                tenant, rs.getLong("checked"), rs.getLong("pending"), firstBad, rs.getString("problem"));
    }
}
