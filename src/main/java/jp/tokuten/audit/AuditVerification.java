package jp.tokuten.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.tenancy.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the audit chains from their anchors to their heads and names the first entry that was
 * changed, deleted or reordered. Seals what has been committed first, so every entry written before
 * the call is checked. Each chain is read in one consistent snapshot (a read-only REPEATABLE READ
 * transaction per chain), so sealers, writers and the retention purge at work meanwhile never make an
 * intact chain look tampered with. Used by {@code tokuten audit verify} and the operator console.
 */
@Component
public class AuditVerification {

    static final UUID PLATFORM_CHAIN = new UUID(0, 0);

    private final JdbcClient jdbc;
    private final TransactionTemplate snapshot;

    AuditVerification(DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = JdbcClient.create(dataSource);
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.snapshot.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Every chain: the platform's and every tenant's, each in its own statement. */
    public VerificationReport verifyAll() {
        sealCommitted();
        var chains = new ArrayList<ChainVerification>();
        for (UUID chain : jdbc.sql("select audit.chain_ids()").query(UUID.class).list()) {
            chains.addAll(verifyInSnapshot(chain));
        }
        return new VerificationReport(chains);
    }

    /** One tenant's chain. */
    public ChainVerification verify(TenantId tenant) {
        sealCommitted();
        return verifyInSnapshot(tenant.value()).stream()
                .findFirst()
                .orElse(new ChainVerification(tenant, 0, 0, null, null));
    }

    /** One chain, its head and its entries read in one snapshot. */
    private List<ChainVerification> verifyInSnapshot(UUID chain) {
        List<ChainVerification> result = snapshot.execute(
                status -> jdbc.sql("select chain, checked, pending, first_bad_entry, problem from audit.verify(?)")
                        .param(chain)
                        .query((rs, n) -> chain(rs))
                        .list());
        return result == null ? List.of() : result;
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
