package jp.tokuten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenant isolation is enforced by PostgreSQL, checked here through the application's own connection:
 * the restricted runtime role, exactly as production connects.
 */
@TokutenTest
class TenantIsolationTests {

    /**
     * Tables shared by all tenants, each on purpose. Adding one here needs a reason in review: tenant
     * data belongs in a tenant table.
     */
    static final Set<String> PLATFORM_TABLES = Set.of(
            "tenancy.tenants", // tenant resolution reads it before any tenant is bound
            "tenancy.plans", // the service's plans and their caps, edited by operators (decision 145)
            "identity.operators", // platform staff, not tenant data
            "identity.operator_tokens",
            "identity.operator_recovery_codes",
            "identity.operator_grant_requests",
            "identity.sign_in_throttle", // counts failures before anyone is known, by hashed name or address
            "identity.http_sessions", // a browser session exists before a tenant is chosen at sign-in
            "identity.http_sessions_attributes",
            "platform.registered_tables", // which table is which: read-only for the runtime role
            "audit.entries", // the audit log: read-only, rows under row-level security (see AuditChainTests)
            "audit.chains", // heads of the audit chains: read-only, hashes only
            "audit.access_log", // append-only for the runtime role; requests of every tenant and of none
            "jobs.jobs", // workers claim every tenant's jobs; payloads hold ids, the job binds its tenant
            "ops.maintenance_windows", // the service's maintenance, announced to every tenant
            "ops.check_runs", // monitoring of the service: no tenant's data
            "ops.check_results",
            "ops.check_states",
            "ops.check_lease",
            "ops.incidents", // the service's incidents, on the public status page
            "ops.incident_updates",
            "ops.backups", // backups hold every tenant: the service's record of them
            "ops.holidays", // Japan's public holidays, the same for every tenant
            "ops.terminations", // outlives the tenant's data: the record of its deletion
            "ops.deletion_certificates", // outlives the tenant's data: what was deleted, signed
            "audit.tenant_purges", // read-only bookkeeping of the owner's purge function
            "rewards.postal_codes"); // Japan Post's public postal codes, the same for every tenant

    /** Registered tables left out of change capture, each on purpose (decision 012). */
    static final Set<String> AUDIT_EXEMPT = Set.of(
            "identity.http_sessions",
            "identity.http_sessions_attributes",
            "receipts.entrant_counters",
            "coupons.cap_stripes",
            "rewards.entrant_notices",
            "coupons.budget_stripes",
            "coupons.holder_counts",
            "coupons.holders",
            "coupons.rate_limits",
            "coupons.coupon_counts",
            "tenancy.usage",
            "identity.console_seats",
            "lottery.stock_stripes",
            "lottery.entrant_wins",
            "lottery.draw_chances",
            "rewards.gift_codes",
            "rewards.point_balances",
            "rewards.postal_codes",
            "rewards.winner_addresses",
            "ops.check_runs",
            "ops.check_results",
            "ops.check_states",
            "ops.check_lease",
            "audit.tenant_purges");

    @Autowired
    DataSource dataSource;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    JdbcTemplate jdbc;
    TenantView a;
    TenantView b;
    UUID userOfA;
    UUID userOfB;

    @BeforeEach
    void twoTenantsWithAUserEach() {
        jdbc = new JdbcTemplate(dataSource);
        a = TenantFixtures.aTenant(tenants, "iso-a");
        b = TenantFixtures.aTenant(tenants, "iso-b");
        userOfA = binder.callAs(
                a.id(), () -> users.create("staff@a.example", "A staff", TenantRole.EDITOR, "a long enough password"));
        userOfB = binder.callAs(
                b.id(), () -> users.create("staff@b.example", "B staff", TenantRole.EDITOR, "a long enough password"));
    }

    @Test
    void applicationConnectsAsARoleThatCannotBypassRowSecurity() {
        Map<String, Object> role =
                jdbc.queryForMap("select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user");
        assertThat(role.get("rolname")).isEqualTo("tokuten_app");
        assertThat(role.get("rolsuper")).isEqualTo(false);
        assertThat(role.get("rolbypassrls")).isEqualTo(false);
        Integer owned = jdbc.queryForObject(
                "select count(*) from pg_class where relowner = (select oid from pg_roles where rolname = current_user)",
                Integer.class);
        assertThat(owned).isZero();
    }

    @Test
    void everyTableIsATenantTableOrOnThePlatformAllowList() {
        List<Map<String, Object>> tables = jdbc.queryForList("""
                select format('%I.%I', n.nspname, c.relname) as name, c.oid::int8 as oid,
                       c.relrowsecurity, c.relforcerowsecurity, r.kind,
                       n.nspname, c.relname
                  from pg_class c
                  join pg_namespace n on n.oid = c.relnamespace
                  left join platform.registered_tables r on r.table_name = format('%I.%I', n.nspname, c.relname)
                 where c.relkind in ('r', 'p')
                   and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
                   and n.nspname not like 'pg_temp%'""");
        assertThat(tables).as("tables found").hasSizeGreaterThanOrEqualTo(4);
        var problems = new ArrayList<String>();
        for (var t : tables) {
            String name = (String) t.get("name");
            long oid = (Long) t.get("oid");
            if ("flyway_schema_history".equals(t.get("relname"))) {
                if (runtimeMayTouch(name)) {
                    problems.add(name + ": runtime role has privileges on an owner-only table");
                }
                continue;
            }
            if ("tenant".equals(t.get("kind"))) {
                problems.addAll(tenantTableProblems(name, oid, t));
            } else if ("platform".equals(t.get("kind"))) {
                if (!PLATFORM_TABLES.contains(name)) {
                    problems.add(name + ": registered as platform table but not on the allow-list");
                }
            } else {
                problems.add(name + ": neither a registered tenant table nor on the platform allow-list");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRegisteredTableCarriesTheAuditTrigger() {
        List<Map<String, Object>> registered = jdbc.queryForList("""
                select r.table_name, r.kind, n.nspname, r.audit_exemption,
                       (select count(*) from pg_trigger t
                         where t.tgrelid = c.oid and t.tgname = 'audit_row_change'
                           and t.tgfoid = 'audit.capture_change()'::regprocedure
                           and t.tgenabled = 'O'             -- fires always (not disabled, not replica-only)
                           and t.tgtype & (1 | 2 | 4 | 8 | 16) = (1 | 4 | 8 | 16) -- row, after, insert, delete, update
                           and position(convert_to(r.kind, 'UTF8') || decode('00', 'hex') in t.tgargs) = 1) as audit_triggers
                  from platform.registered_tables r
                  join pg_class c on c.oid = r.table_name::regclass
                  join pg_namespace n on n.oid = c.relnamespace""");
        assertThat(registered).as("registered tables").hasSizeGreaterThanOrEqualTo(6);
        var problems = new ArrayList<String>();
        for (var t : registered) {
            boolean auditLogItself = "audit".equals(t.get("nspname"));
            if (AUDIT_EXEMPT.contains(t.get("table_name"))) {
                if (t.get("audit_exemption") == null || (Long) t.get("audit_triggers") != 0) {
                    problems.add(t.get("table_name") + ": listed as exempt but not exempted with a reason");
                }
                continue;
            }
            if (t.get("audit_exemption") != null) {
                problems.add(t.get("table_name") + ": exempted from auditing but not on AUDIT_EXEMPT");
                continue;
            }
            long triggers = (Long) t.get("audit_triggers");
            if (auditLogItself && triggers != 0) {
                problems.add(t.get("table_name") + ": the audit log must not audit itself");
            } else if (!auditLogItself && triggers != 1) {
                problems.add(t.get("table_name") + ": no enabled audit_row_change trigger for its kind");
            }
        }
        assertThat(problems).isEmpty();
    }

    private boolean runtimeMayTouch(String table) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select has_table_privilege(current_user, ?::regclass, 'SELECT, INSERT, UPDATE, DELETE')",
                Boolean.class,
                table));
    }

    private List<String> tenantTableProblems(String name, long oid, Map<String, Object> t) {
        var problems = new ArrayList<String>();
        if (!Boolean.TRUE.equals(t.get("relrowsecurity")) || !Boolean.TRUE.equals(t.get("relforcerowsecurity"))) {
            problems.add(name + ": row-level security not enabled and forced");
        }
        Boolean tenantIdNotNull = jdbc.queryForObject(
                "select attnotnull from pg_attribute where attrelid = ?::oid and attname = 'tenant_id'",
                Boolean.class,
                oid);
        if (!Boolean.TRUE.equals(tenantIdNotNull)) {
            problems.add(name + ": tenant_id missing or nullable");
        }
        List<String> policies = jdbc.queryForList(
                "select pg_get_expr(polqual, polrelid) || ' / ' || pg_get_expr(polwithcheck, polrelid)"
                        + " from pg_policy where polrelid = ?::oid",
                String.class,
                oid);
        if (policies.size() != 1
                || !policies.getFirst()
                        .equals("(tenant_id = platform.current_tenant()) / (tenant_id = platform.current_tenant())")) {
            problems.add(name + ": expected exactly the tenant_isolation policy, found " + policies);
        }
        List<String> keysWithoutTenant = jdbc.queryForList("""
                select conname from pg_constraint c
                 where conrelid = ?::oid and contype in ('p', 'u', 'f')
                   and not exists (select 1 from pg_attribute a where a.attrelid = c.conrelid
                                     and a.attname = 'tenant_id' and a.attnum = any (c.conkey))
                union all
                select i.indexrelid::regclass::text from pg_index i
                 where i.indrelid = ?::oid and i.indisunique
                   and not exists (select 1 from pg_attribute a where a.attrelid = i.indrelid
                                     and a.attname = 'tenant_id' and a.attnum = any (i.indkey))""", String.class, oid, oid);
        if (!keysWithoutTenant.isEmpty()) {
            problems.add(name + ": keys or unique indexes without tenant_id: " + keysWithoutTenant);
        }
        return problems;
    }

    @Test
    void hidesOtherTenantsRows() {
        List<UUID> seenByA = binder.callAs(
                a.id(), () -> tx.execute(s -> jdbc.queryForList("select id from identity.tenant_users", UUID.class)));
        assertThat(seenByA).containsExactly(userOfA);
        Integer updated = binder.callAs(
                a.id(),
                () -> tx.execute(s -> jdbc.update(
                        "update identity.tenant_users set display_name = 'hijacked' where id = ?", userOfB)));
        Integer deleted = binder.callAs(
                a.id(), () -> tx.execute(s -> jdbc.update("delete from identity.tenant_users where id = ?", userOfB)));
        assertThat(updated).isZero();
        assertThat(deleted).isZero();
        String nameOfB = binder.callAs(
                b.id(),
                () -> tx.execute(s -> jdbc.queryForObject(
                        "select display_name from identity.tenant_users where id = ?", String.class, userOfB)));
        assertThat(nameOfB).isEqualTo("B staff");
    }

    @Test
    void refusesToWriteARowForAnotherTenant() {
        assertThatThrownBy(() -> binder.runAs(
                        a.id(),
                        () -> tx.executeWithoutResult(s -> jdbc.update("""
                        insert into identity.tenant_users
                            (tenant_id, id, email, display_name, password_hash, role, created_at)
                        values (?, ?, 'x@b.example', 'intruder', 'x', 'admin', now())""", b.id().value(), UUID.randomUUID()))))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("violates row-level security policy");
        assertThatThrownBy(() -> binder.runAs(
                        a.id(),
                        () -> tx.executeWithoutResult(s -> jdbc.update(
                                "update identity.tenant_users set tenant_id = ? where id = ?",
                                b.id().value(),
                                userOfA))))
                .rootCause()
                .hasMessageContaining("violates row-level security policy");
    }

    @Test
    void seesNothingAndWritesNothingWithoutATenant() {
        assertThat(TenantBinder.current()).isEmpty();
        Integer inTransaction =
                tx.execute(s -> jdbc.queryForObject("select count(*) from identity.tenant_users", Integer.class));
        Integer autoCommit = jdbc.queryForObject("select count(*) from identity.tenant_users", Integer.class);
        assertThat(inTransaction).isZero();
        assertThat(autoCommit).isZero();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> jdbc.update("""
                        insert into identity.tenant_users (id, email, display_name, password_hash, role, created_at)
                        values (?, 'nobody@example.com', 'nobody', 'x', 'admin', now())""", UUID.randomUUID())))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("violates row-level security policy");
    }

    @Test
    void pooledConnectionsDoNotCarryATenantIntoTheNextTransaction() {
        binder.runAs(a.id(), () -> tx.executeWithoutResult(s -> jdbc.queryForList("select 1")));
        for (int i = 0; i < 20; i++) {
            Integer visible =
                    tx.execute(s -> jdbc.queryForObject("select count(*) from identity.tenant_users", Integer.class));
            assertThat(visible).isZero();
        }
    }

    @Test
    void rejectsAForeignKeyToAnotherTenantsRow() {
        String insertKey = """
                insert into identity.api_keys (id, name, secret_sha256, role, created_by, created_at)
                values (?, 'key', ?, 'viewer', ?, now())""";
        binder.runAs(
                a.id(),
                () -> tx.executeWithoutResult(
                        s -> jdbc.update(insertKey, UUID.randomUUID(), new byte[] {1, 2, 3}, userOfA)));
        assertThatThrownBy(() -> binder.runAs(
                        a.id(),
                        () -> tx.executeWithoutResult(
                                s -> jdbc.update(insertKey, UUID.randomUUID(), new byte[] {4, 5, 6}, userOfB))))
                .isInstanceOf(DataIntegrityViolationException.class)
                .rootCause()
                .hasMessageContaining("violates foreign key constraint");
    }
}
