package jp.tokuten.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the runtime role can do with the audit log through the functions it may call, tried as that
 * role: a bound tenant reaches its own chain only, whatever ids it passes, and no purge ever removes
 * less than a year.
 */
@TokutenTest
class AuditBoundariesTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    AuditVerification verification;

    JdbcTemplate jdbc;
    TenantView a;
    TenantView b;

    @BeforeEach
    void twoTenants() {
        jdbc = new JdbcTemplate(dataSource);
        a = TenantFixtures.aTenant(tenants, "bound-a");
        b = TenantFixtures.aTenant(tenants, "bound-b");
        recordAs(b, "test.of_b");
        verification.sealCommitted();
    }

    private long recordAs(TenantView tenant, String action) {
        Long id = binder.callAs(
                tenant.id(),
                () -> tx.execute(
                        s -> jdbc.queryForObject("select audit.record(?, null, '{}'::jsonb)", Long.class, action)));
        return id == null ? -1 : id;
    }

    private <T> T as(TenantView tenant, String sql, Class<T> type, Object... args) {
        return binder.callAs(tenant.id(), () -> tx.execute(s -> jdbc.queryForObject(sql, type, args)));
    }

    @Test
    void recordWritesOnlyToTheBoundTenantsChainAndTakesNoTenantOfItsOwn() {
        long entry = recordAs(a, "test.of_a");
        assertThat(as(a, "select tenant_id from audit.entries where id = ?", UUID.class, entry))
                .isEqualTo(a.id().value());
        assertThatThrownBy(() -> binder.runAs(
                        a.id(),
                        () -> tx.executeWithoutResult(s -> jdbc.queryForObject(
                                "select audit.record(?, null, '{}'::jsonb, ?::uuid)",
                                Long.class,
                                "test.forged",
                                b.id().toString()))))
                .rootCause()
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> binder.runAs(
                        a.id(),
                        () -> tx.executeWithoutResult(s -> jdbc.update(
                                "insert into audit.entries (tenant_id, kind, action) values (?, 'meaning', 'test.forged')",
                                b.id().value()))))
                .rootCause()
                .hasMessageContaining("permission denied");
        Integer forgedInB = binder.callAs(
                b.id(),
                () -> tx.execute(s -> jdbc.queryForObject(
                        "select count(*) from audit.entries where action = 'test.forged'", Integer.class)));
        assertThat(forgedInB).isZero();
    }

    @Test
    void aBoundTenantReadsNeitherAnotherTenantsEntriesNorItsChain() {
        assertThat(as(a, "select count(*) from audit.entries where tenant_id = ?", Integer.class, b.id().value()))
                .isZero();
        assertThatThrownBy(() -> as(a, "select checked from audit.verify(?)", Long.class, b.id().value()))
                .rootCause()
                .hasMessageContaining("only its own audit chain");
        assertThatThrownBy(() -> as(a, "select count(*) from audit.verify_chains(?)", Long.class, b.id().value()))
                .rootCause()
                .hasMessageContaining("permission denied");
        List<UUID> chains =
                binder.callAs(a.id(), () -> tx.execute(s -> jdbc.queryForList("select audit.chain_ids()", UUID.class)));
        assertThat(chains).doesNotContain(b.id().value(), AuditVerification.PLATFORM_CHAIN);
        List<Map<String, Object>> all =
                binder.callAs(a.id(), () -> tx.execute(s -> jdbc.queryForList("select chain from audit.verify(null)")));
        assertThat(all)
                .extracting(r -> r.get("chain"))
                .allSatisfy(c -> assertThat(c).isEqualTo(a.id().value()));
        // its own chain it may verify
        recordAs(a, "test.own");
        verification.sealCommitted();
        assertThat(as(a, "select checked from audit.verify(?)", Long.class, a.id().value()))
                .isPositive();
    }

    @Test
    void noPurgeRemovesLessThanAYearAndNoneRunsWithATenantBound() {
        assertThatThrownBy(() -> jdbc.queryForObject("select audit.purge(?, 364)", Long.class, b.id().value()))
                .rootCause()
                .hasMessageContaining("at least 365 days");
        assertThatThrownBy(() -> jdbc.queryForObject("select audit.purge(?, null)", Long.class, b.id().value()))
                .rootCause()
                .hasMessageContaining("at least 365 days");
        assertThatThrownBy(() -> as(a, "select audit.purge(?, 400)", Long.class, b.id().value()))
                .rootCause()
                .hasMessageContaining("no tenant may be bound");
        assertThatThrownBy(() -> as(a, "select audit.purge(?, 400)", Long.class, a.id().value()))
                .rootCause()
                .hasMessageContaining("no tenant may be bound");
        assertThatThrownBy(() -> as(a, "select audit.purge_access_log(400)", Long.class))
                .rootCause()
                .hasMessageContaining("no tenant may be bound");
        assertThatThrownBy(() -> jdbc.queryForObject("select audit.purge_chain(?, 30)", Long.class, b.id().value()))
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThat(jdbc.queryForObject("select audit.purge(?, 365)", Long.class, b.id().value()))
                .as("entries of today stay")
                .isZero();
    }

    @Test
    void theRetentionSettingCannotGoBelowAYear() {
        assertThatThrownBy(() -> new AuditProperties(true, null, 30)).hasMessageContaining("at least 365");
        assertThat(new AuditProperties(true, null, 0).retentionDays()).isEqualTo(365);
        assertThat(new AuditProperties(true, null, 400).retentionDays()).isEqualTo(400);
    }
}
