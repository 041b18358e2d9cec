package jp.tokuten.audit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.ActorBinder;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log on the real database: changes are captured below the application, chains are sealed
 * without making writers wait, and tampering done directly in the database as its owner (the one
 * account able to touch the log) is found by {@code audit verify}.
 */
@TokutenTest
class AuditChainTests {

    private static boolean fixtureTableCreated;

    @Autowired
    ApplicationContext context;

    @Autowired
    DataSource dataSource;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    ActorBinder actors;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditVerification verification;

    @Autowired
    AuditRetention retention;

    JdbcTemplate jdbc;
    Connection ownerConnection;
    JdbcTemplate owner;
    TenantView tenant;

    @BeforeEach
    void aTenantAndATenantTableRegisteredWithTheHelper() throws SQLException {
        jdbc = new JdbcTemplate(dataSource);
        ownerConnection = OwnerAccess.ownerConnection(context);
        owner = new JdbcTemplate(new SingleConnectionDataSource(ownerConnection, true));
        synchronized (AuditChainTests.class) {
            if (!fixtureTableCreated) {
                owner.execute("""
                        create schema if not exists audit_fixture;
                        create table if not exists audit_fixture.notes (
                            tenant_id  uuid not null,
                            id         uuid not null,
                            body       text not null,
                            api_secret text,
                            primary key (tenant_id, id));
                        select platform.register_tenant_table('audit_fixture.notes');""");
                owner.queryForList("select platform.grant_runtime_privileges(?)", OwnerAccess.runtimeRole(context));
                fixtureTableCreated = true;
            }
        }
        tenant = TenantFixtures.aTenant(tenants, "audit");
    }

    @AfterEach
    void closeOwnerConnection() throws SQLException {
        ownerConnection.close();
    }

    @Test
    void maskingLooksAtEveryKeyAsBefore() {
        // audit V11: one match over all keys first (decision 153); a key is masked exactly when the per-key
        // pattern matches it and its value is not null
        assertThat(owner.queryForObject("select audit.masked(?::jsonb)::text", String.class, """
                        {"a": 1, "pin_hash": "x", "x_hash_y": "y", "Api_Secret": "s", "my_token": null, "b": "token"}"""))
                .isEqualTo("""
                        {"a": 1, "b": "token", "my_token": null, "pin_hash": "[masked]", "x_hash_y": "y", \
                        "Api_Secret": "[masked]"}""");
        assertThat(owner.queryForObject("select audit.masked(?::jsonb)::text", String.class, """
                        {"tenant_id": "t", "id": "i", "code": "ABC", "uses_left": 1}"""))
                .isEqualTo("{\"id\": \"i\", \"code\": \"ABC\", \"tenant_id\": \"t\", \"uses_left\": 1}");
    }

    @Test
    void recordsEveryInsertUpdateAndDeleteWithActorAndRequestButWithoutSecrets() {
        UUID note;
        MDC.put("requestId", "req-audit-0001");
        try (var actor = actors.bind("tenant-user:audit-test")) {
            note = insertNote("first");
            binder.runAs(
                    tenant.id(),
                    () -> tx.executeWithoutResult(s -> {
                        jdbc.update(
                                "update audit_fixture.notes set body = 'second', api_secret = 'other' where id = ?",
                                note);
                        jdbc.update("delete from audit_fixture.notes where id = ?", note);
                    }));
        } finally {
            MDC.remove("requestId");
        }

        List<Map<String, Object>> changes = asTenant("""
                select operation, tenant_id, actor, request_id,
                       row_key = jsonb_build_object('tenant_id', tenant_id, 'id', ?::uuid) as keyed,
                       new_values ->> 'body' as new_body, new_values ->> 'api_secret' as new_secret,
                       old_values, new_values
                  from audit.entries where table_name = 'audit_fixture.notes' order by id""", note);
        assertThat(changes).extracting(c -> c.get("operation")).containsExactly("INSERT", "UPDATE", "DELETE");
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.get("tenant_id")).isEqualTo(tenant.id().value());
            assertThat(c.get("actor")).isEqualTo("tenant-user:audit-test");
            assertThat(c.get("request_id")).isEqualTo("req-audit-0001");
            assertThat(c.get("keyed")).isEqualTo(true);
        });
        assertThat(changes.get(0).get("new_body")).isEqualTo("first");
        assertThat(changes.get(0).get("new_secret")).isEqualTo("[masked]");
        assertThat(changes.get(1).get("old_values").toString())
                .as("an update records only what changed, secrets masked")
                .isEqualTo("{\"body\": \"first\", \"api_secret\": \"[masked]\"}");
        assertThat(changes.get(1).get("new_values").toString())
                .isEqualTo("{\"body\": \"second\", \"api_secret\": \"[masked]\"}");
        assertThat(changes.get(2).get("old_values").toString()).contains("\"body\": \"second\"");
        assertThat(changes.get(2).get("new_values")).isNull();
        assertThat(jdbc.queryForObject(
                        "select count(*) from audit.entries where cast(old_values as text) like '%s3cr3t%'"
                                + " or cast(new_values as text) like '%other%'",
                        Integer.class))
                .isZero();
    }

    @Test
    void leavesSessionBookkeepingOutOfTheLog() {
        String primaryId = UUID.randomUUID().toString();
        String sessionId = UUID.randomUUID().toString();
        tx.executeWithoutResult(s -> {
            jdbc.update("""
                    insert into identity.http_sessions (primary_id, session_id, creation_time, last_access_time,
                        max_inactive_interval, expiry_time, principal_name) values (?, ?, 0, 0, 1800, 1800, 'someone')""", primaryId, sessionId);
            jdbc.update("""
                    insert into identity.http_sessions_attributes (session_primary_id, attribute_name, attribute_bytes)
                    values (?, 'SPRING_SECURITY_CONTEXT', ?)""", primaryId, "csrf-and-context".getBytes(StandardCharsets.UTF_8));
            jdbc.update("delete from identity.http_sessions where primary_id = ?", primaryId);
        });
        List<Map<String, Object>> entries = owner.queryForList("""
                select table_name, operation from audit.entries
                 where table_name like 'identity.http_sessions%' and concat(row_key, old_values, new_values) like ?""", "%" + primaryId + "%");
        assertThat(entries)
                .as("session tables are exempt from change capture (decision 012)")
                .isEmpty();
    }

    @Test
    void recordsMeaningEntriesWithTheirTransactionOnly() {
        binder.runAs(
                tenant.id(),
                () -> tx.executeWithoutResult(
                        s -> trail.record("test.committed", "asked by the tenant", Map.of("ticket", "T-1"))));
        binder.runAs(
                tenant.id(),
                () -> tx.executeWithoutResult(s -> {
                    trail.record("test.rolled_back", "never happened", Map.of());
                    s.setRollbackOnly();
                }));
        assertThatThrownBy(() -> binder.runAs(tenant.id(), () -> trail.record("test.outside", null, Map.of())))
                .isInstanceOf(IllegalTransactionStateException.class);

        List<Map<String, Object>> meanings = asTenant(
                "select action, reason, details ->> 'ticket' as ticket from audit.entries where kind = 'meaning'");
        assertThat(meanings).hasSize(1);
        assertThat(meanings.getFirst())
                .containsEntry("action", "test.committed")
                .containsEntry("reason", "asked by the tenant")
                .containsEntry("ticket", "T-1");
    }

    @Test
    void writersOfOneTenantDoNotWaitForEachOtherNorForTheSealer() throws Exception {
        var firstWritten = new CountDownLatch(1);
        var releaseFirst = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = executor.submit(() -> binder.runAs(
                    tenant.id(),
                    () -> tx.executeWithoutResult(s -> {
                        jdbc.update(
                                "insert into audit_fixture.notes (id, body) values (?, 'slow writer')",
                                UUID.randomUUID());
                        firstWritten.countDown();
                        await(releaseFirst);
                    })));
            assertThat(firstWritten.await(30, SECONDS)).isTrue();

            UUID second = executor.submit(() -> insertNote("fast writer")).get(30, SECONDS);
            verification.sealCommitted();
            assertThat(asTenant("select seq from audit.entries where row_key ->> 'id' = ?", second.toString()))
                    .as("committed while another writer of the tenant is still open, and sealed")
                    .singleElement()
                    .satisfies(e -> assertThat(e.get("seq")).isEqualTo(1L));

            releaseFirst.countDown();
            first.get(30, SECONDS);
        }
        ChainVerification chain = verification.verify(tenant.id());
        assertThat(chain.intact()).isTrue();
        assertThat(chain.checked()).isEqualTo(2);
        assertThat(chain.pending()).isZero();
        assertThat(asTenant("select body from audit_fixture.notes n join audit.entries e"
                        + " on e.row_key ->> 'id' = n.id::text and e.seq = 2"))
                .as("the writer that committed last is sealed last, though its entry was written first")
                .singleElement()
                .satisfies(e -> assertThat(e.get("body")).isEqualTo("slow writer"));
    }

    @Test
    void verifyFindsAnEntryChangedInTheDatabase() {
        long[] entries = threeSealedEntries();
        String original = owner.queryForObject(
                "select new_values::text from audit.entries where id = ?", String.class, entries[1]);
        owner.update(
                "update audit.entries set new_values = jsonb_set(new_values, '{body}', '\"forged\"') where id = ?",
                entries[1]);
        try {
            ChainVerification broken = brokenChain();
            assertThat(broken.firstBadEntry()).isEqualTo(entries[1]);
            assertThat(broken.problem()).contains("changed");
            assertThat(broken.checked()).isEqualTo(1);
            assertCommandNames(entries[1]);
        } finally {
            owner.update("update audit.entries set new_values = ?::jsonb where id = ?", original, entries[1]);
        }
        assertThat(verification.verifyAll().intact()).isTrue();
    }

    @Test
    void verifyFindsAnEntryDeletedInTheDatabase() {
        long[] entries = threeSealedEntries();
        for (long deleted : new long[] {entries[1], entries[2]}) {
            owner.update("create temp table deleted_entry as select * from audit.entries where id = ?", deleted);
            owner.update("delete from audit.entries where id = ?", deleted);
            try {
                ChainVerification broken = brokenChain();
                assertThat(broken.problem()).contains("missing").contains("deleted");
                if (deleted == entries[1]) {
                    assertThat(broken.firstBadEntry())
                            .as("the entry after the gap")
                            .isEqualTo(entries[2]);
                    assertCommandNames(entries[2]);
                } else {
                    assertThat(broken.problem())
                            .as("the last entry, found by the chain's head")
                            .contains("end");
                }
            } finally {
                owner.update("""
                        insert into audit.entries (id, tenant_id, recorded_at, txid, kind, table_name, operation,
                            row_key, old_values, new_values, action, reason, details, actor, request_id,
                            seq, prev_hash, hash, sealed_at)
                        overriding system value
                        select id, tenant_id, recorded_at, txid, kind, table_name, operation,
                            row_key, old_values, new_values, action, reason, details, actor, request_id,
                            seq, prev_hash, hash, sealed_at
                          from deleted_entry""");
                owner.update("drop table deleted_entry");
            }
            assertThat(verification.verifyAll().intact()).isTrue();
        }
    }

    @Test
    void verifyFindsEntriesReorderedInTheDatabase() {
        long[] entries = threeSealedEntries();
        swapPositions(entries[0], entries[1]);
        try {
            ChainVerification broken = brokenChain();
            assertThat(broken.firstBadEntry()).as("now first in the chain").isEqualTo(entries[1]);
            assertThat(broken.problem()).contains("reordered");
            assertCommandNames(entries[1]);
        } finally {
            swapPositions(entries[0], entries[1]);
        }
        assertThat(verification.verifyAll().intact()).isTrue();
    }

    @Test
    void verifyFindsAnEntryInsertedInTheDatabase() {
        long[] entries = threeSealedEntries();
        long forged = owner.queryForObject("""
                insert into audit.entries (tenant_id, kind, action, seq, prev_hash, hash)
                select tenant_id, 'meaning', 'test.forged', seq + 1, hash, sha256(hash)
                  from audit.entries where id = ?
                returning id""", Long.class, entries[2]);
        try {
            ChainVerification broken = brokenChain();
            assertThat(broken.firstBadEntry()).isEqualTo(forged);
            assertThat(broken.problem()).contains("inserted");
        } finally {
            owner.update("delete from audit.entries where id = ?", forged);
        }
        assertThat(verification.verifyAll().intact()).isTrue();
    }

    @Test
    void runtimeRoleCannotWriteTheAuditLog() {
        for (String table : List.of("audit.entries", "audit.chains")) {
            assertThat(jdbc.queryForObject(
                            "select has_table_privilege(current_user, ?, 'INSERT, UPDATE, DELETE, TRUNCATE')",
                            Boolean.class,
                            table))
                    .as(table)
                    .isFalse();
        }
        threeSealedEntries();
        for (String statement : List.of(
                "update audit.entries set reason = 'rewritten'",
                "delete from audit.entries",
                "insert into audit.entries (kind, action) values ('meaning', 'forged')",
                "update audit.chains set last_seq = 0",
                "delete from audit.chains",
                "truncate audit.entries")) {
            assertThatThrownBy(() ->
                            binder.runAs(tenant.id(), () -> tx.executeWithoutResult(s -> jdbc.execute(statement))))
                    .as(statement)
                    .isInstanceOf(DataAccessException.class)
                    .rootCause()
                    .hasMessageContaining("permission denied");
        }
        assertThatThrownBy(() -> jdbc.queryForList("select audit.entry_hash(null, null)"))
                .rootCause()
                .hasMessageContaining("permission denied");
    }

    @Test
    void aTenantReadsOnlyItsOwnEntries() {
        threeSealedEntries();
        TenantView other = TenantFixtures.aTenant(tenants, "audit-other");
        binder.runAs(
                other.id(),
                () -> tx.executeWithoutResult(s -> jdbc.update(
                        "insert into audit_fixture.notes (id, body) values (?, 'other tenant')", UUID.randomUUID())));
        List<Map<String, Object>> seen = asTenant("select tenant_id from audit.entries");
        assertThat(seen)
                .hasSize(3)
                .allSatisfy(e ->
                        assertThat(e.get("tenant_id")).isEqualTo(tenant.id().value()));
        Integer withoutTenant =
                tx.execute(s -> jdbc.queryForObject("select count(*) from audit.entries", Integer.class));
        assertThat(withoutTenant)
                .as("no tenant bound: not even the platform chain")
                .isZero();
    }

    @Test
    void retentionPurgeRemovesOldEntriesAndKeepsTheRestVerifiable() {
        // The only way to have year-old entries in a test: write them as the owner, unsealed.
        owner.update("""
                insert into audit.entries (tenant_id, kind, action, recorded_at)
                select ?, 'meaning', 'test.old', now() - interval '400 days' from generate_series(1, 3)""", tenant.id().value());
        insertNote("recent one");
        insertNote("recent two");
        assertThat(verification.verify(tenant.id()).checked()).isEqualTo(5);

        assertThat(retention.purgeExpired()).isGreaterThanOrEqualTo(3);

        ChainVerification chain = verification.verify(tenant.id());
        assertThat(chain.intact()).isTrue();
        assertThat(chain.checked()).isEqualTo(2);
        assertThat(asTenant("select seq from audit.entries order by seq"))
                .extracting(e -> e.get("seq"))
                .containsExactly(4L, 5L);
        assertThat(owner.queryForObject(
                        "select count(*) from audit.entries where tenant_id is null and action = 'audit.purged'"
                                + " and details ->> 'chain' = ? and (details ->> 'removed')::int = 3",
                        Integer.class,
                        tenant.id().toString()))
                .as("the purge is recorded in the platform chain")
                .isEqualTo(1);
        assertThat(retention.purgeExpired()).as("nothing left to purge").isZero();

        long firstLeft = owner.queryForObject(
                "select id from audit.entries where tenant_id = ? and seq = 4",
                Long.class,
                tenant.id().value());
        owner.update("create temp table deleted_entry as select * from audit.entries where id = ?", firstLeft);
        owner.update("delete from audit.entries where id = ?", firstLeft);
        try {
            ChainVerification broken = brokenChain();
            assertThat(broken.problem()).contains("missing");
        } finally {
            owner.update("""
                    insert into audit.entries (id, tenant_id, recorded_at, txid, kind, table_name, operation,
                        row_key, old_values, new_values, action, reason, details, actor, request_id,
                        seq, prev_hash, hash, sealed_at)
                    overriding system value
                    select id, tenant_id, recorded_at, txid, kind, table_name, operation,
                        row_key, old_values, new_values, action, reason, details, actor, request_id,
                        seq, prev_hash, hash, sealed_at
                      from deleted_entry""");
            owner.update("drop table deleted_entry");
        }
        assertThat(verification.verifyAll().intact()).isTrue();
    }

    @Test
    void refusesARetentionShorterThanAYear() {
        assertThatThrownBy(() -> jdbc.queryForList(
                        "select audit.purge(?, 364)", tenant.id().value()))
                .rootCause()
                .hasMessageContaining("at least 365 days");
    }

    private UUID insertNote(String body) {
        UUID id = UUID.randomUUID();
        binder.runAs(
                tenant.id(),
                () -> tx.executeWithoutResult(s -> jdbc.update(
                        "insert into audit_fixture.notes (id, body, api_secret) values (?, ?, 's3cr3t')", id, body)));
        return id;
    }

    /** Three inserts in the tenant's chain, sealed; their entry ids in chain order. */
    private long[] threeSealedEntries() {
        insertNote("one");
        insertNote("two");
        insertNote("three");
        assertThat(verification.verify(tenant.id()).intact()).isTrue();
        return binder
                .callAs(
                        tenant.id(),
                        () -> tx.execute(
                                s -> jdbc.queryForList("select id from audit.entries order by seq", Long.class)))
                .stream()
                .mapToLong(Long::longValue)
                .toArray();
    }

    private ChainVerification brokenChain() {
        VerificationReport report = verification.verifyAll();
        assertThat(report.intact()).isFalse();
        ChainVerification broken = report.firstBroken().orElseThrow();
        assertThat(broken.tenant()).isEqualTo(tenant.id());
        assertThat(verification.verify(tenant.id())).isEqualTo(broken);
        return broken;
    }

    private void assertCommandNames(long entry) {
        var out = new ByteArrayOutputStream();
        int exit = AuditCommand.verify(context, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("tenant " + tenant.id())
                .contains("first bad entry " + entry + ":");
    }

    private void swapPositions(long a, long b) {
        owner.update("""
                update audit.entries e set seq = -other.seq
                  from audit.entries other
                 where (e.id, other.id) in ((?, ?), (?, ?))""", a, b, b, a);
        owner.update("update audit.entries set seq = -seq where id in (?, ?)", a, b);
    }

    private List<Map<String, Object>> asTenant(String sql, Object... args) {
        return binder.callAs(tenant.id(), () -> tx.execute(s -> jdbc.queryForList(sql, args)));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
