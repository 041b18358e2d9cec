package jp.tokuten.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** A tenant's admins read and export their own audit log, and nobody else's. */
@TokutenTest
class AuditLogTests {

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DataSource dataSource;

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditLog log;

    TenantView tenant;
    TenantView other;

    @BeforeEach
    void twoTenantsWithAUserEach() {
        tenant = TenantFixtures.aTenant(tenants, "log");
        other = TenantFixtures.aTenant(tenants, "log-other");
        binder.callAs(
                tenant.id(),
                () -> users.create("admin@log.example", "Admin", TenantRole.ADMIN, "a long enough password, really"));
        binder.callAs(
                other.id(),
                () -> users.create("admin@other.example", "Other", TenantRole.ADMIN, "a long enough password, really"));
        binder.runAs(
                tenant.id(),
                () -> tx.executeWithoutResult(s ->
                        trail.record("test.decision", "=HYPERLINK(\"http://evil\"), 却下", Map.of("receipt", "R-1"))));
    }

    @Test
    void readsOnlyTheBoundTenantsEntriesNewestFirstWithFilters() {
        List<AuditEntryView> all = binder.callAs(tenant.id(), () -> log.entries(AuditFilter.all(), 100));
        assertThat(all).isNotEmpty();
        assertThat(all.getFirst().action()).isEqualTo("test.decision");
        assertThat(all).extracting(AuditEntryView::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(all)
                .as("the user of the other tenant is not in this log")
                .noneMatch(e -> e.newValues() != null && e.newValues().contains("admin@other.example"));
        var users = binder.callAs(
                tenant.id(),
                () -> log.entries(new AuditFilter(null, null, "identity.tenant_users", null, null, null), 100));
        assertThat(users).singleElement().satisfies(e -> {
            assertThat(e.operation()).isEqualTo("INSERT");
            assertThat(e.newValues()).contains("admin@log.example").contains("\"password_hash\": \"[masked]\"");
        });
        var future = binder.callAs(
                tenant.id(),
                () -> log.entries(new AuditFilter(Instant.now().plusSeconds(3600), null, null, null, null, null), 100));
        assertThat(future).isEmpty();
        var page = binder.callAs(
                tenant.id(),
                () -> log.entries(
                        new AuditFilter(
                                null, null, null, null, null, all.getFirst().id()),
                        1));
        assertThat(page)
                .singleElement()
                .satisfies(e -> assertThat(e.id()).isEqualTo(all.get(1).id()));
        assertThatThrownBy(() -> log.entries(AuditFilter.all(), 10)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void exportsCsvSafelyAndRecordsTheExport() {
        var csv = new StringWriter();
        binder.runAs(tenant.id(), () -> log.exportCsv(AuditFilter.all(), csv));
        String text = csv.toString();
        assertThat(text).startsWith("\uFEFFid,recorded_at,kind,table,operation,row_key,old_values,new_values,");
        assertThat(text.split("\r\n")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(text)
                .as("quoted, and not runnable as a formula")
                .contains(",\"'=HYPERLINK(\"\"http://evil\"\"), 却下\",")
                .contains("[masked]")
                .doesNotContain("$argon2")
                .doesNotContain("admin@other.example");
        var exports = binder.callAs(
                tenant.id(), () -> log.entries(new AuditFilter(null, null, null, "audit.exported", null, null), 10));
        assertThat(exports)
                .singleElement()
                .satisfies(e -> assertThat(e.details()).contains("\"entries\": "));
    }

    @Test
    void neverLogsPasswordHashes() {
        var jdbc = new JdbcTemplate(dataSource);
        Map<String, Object> counts = binder.callAs(tenant.id(), () -> tx.execute(s -> jdbc.queryForMap("""
                select count(*) filter (where table_name = 'identity.tenant_users') as user_changes,
                       count(*) filter (where concat(row_key, old_values, new_values) like '%$argon2%') as with_hash
                  from audit.entries""")));
        assertThat(counts.get("user_changes")).isEqualTo(1L);
        assertThat(counts.get("with_hash")).isEqualTo(0L);
    }
}
