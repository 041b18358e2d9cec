package jp.tokuten.coupons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import jp.tokuten.TokutenTest;
import jp.tokuten.platform.OwnerAccess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The hot tables' rules live in one CHECK constraint each that calls a PL/pgSQL function (decision 167):
 * each function refuses what the constraints it replaced refused and lets through what they let through,
 * each table has its one constraint on that function and no other check of those rules, and a malformed
 * row is refused by the database itself (tried as the owner, who is not held back by the runtime role's
 * grants).
 */
@TokutenTest
class RowChecksTests {

    @Autowired
    ApplicationContext context;

    private boolean holds(Connection c, String call) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery("select " + call)) {
            rs.next();
            return rs.getBoolean(1) || rs.wasNull();
        }
    }

    @Test
    void eachFunctionKeepsTheRulesOfTheConstraintsItReplaced() throws SQLException {
        try (Connection c = OwnerAccess.ownerConnection(context)) {
            String instance = "coupons.instance_is_well_formed(%s, %s, %s, %s, %s, %s)";
            String uuid = "'00000000-0000-0000-0000-000000000001'::uuid";
            assertThat(holds(c, instance.formatted("'ABCD2345'", "'acquired'", 1, 1, uuid, 1)))
                    .isTrue();
            assertThat(holds(c, instance.formatted("'ABCD2345'", "'serial'", 5, 0, "null", "null")))
                    .isTrue();
            for (String bad : List.of(
                    instance.formatted("'abcd2345'", "'acquired'", 1, 1, uuid, 1), // lower case
                    instance.formatted("'ABC'", "'acquired'", 1, 1, uuid, 1), // too short
                    instance.formatted("'ABCD2345'", "'stolen'", 1, 1, uuid, 1),
                    instance.formatted("'ABCD2345'", "'acquired'", 0, 0, uuid, 1),
                    instance.formatted("'ABCD2345'", "'acquired'", 1, 2, uuid, 1),
                    instance.formatted("'ABCD2345'", "'acquired'", 1, -1, uuid, 1),
                    instance.formatted("'ABCD2345'", "'acquired'", 1, 1, uuid, "null"),
                    instance.formatted("'ABCD2345'", "'serial'", 1, 1, "null", 1))) {
                assertThat(holds(c, bad)).as(bad).isFalse();
            }

            String holder = "coupons.holder_is_well_formed(%s, %s, %s)";
            assertThat(holds(c, holder.formatted("null", "'\\x01'::bytea", "'\\x02'::bytea")))
                    .isTrue();
            assertThat(holds(c, holder.formatted("'a@example.com'", "null", "null")))
                    .isTrue();
            for (String bad : List.of(
                    holder.formatted("''", "null", "null"),
                    holder.formatted("repeat('a', 255)", "null", "null"),
                    holder.formatted("null", "null", "null"),
                    holder.formatted("null", "'\\x01'::bytea", "null"))) {
                assertThat(holds(c, bad)).as(bad).isFalse();
            }

            String limit = "coupons.rate_limit_is_well_formed(%s, %s, %s)";
            assertThat(holds(c, limit.formatted("'acquire'", "sha256('x'::bytea)", 0)))
                    .isTrue();
            for (String bad : List.of(
                    limit.formatted("''", "sha256('x'::bytea)", 0),
                    limit.formatted("repeat('b', 41)", "sha256('x'::bytea)", 0),
                    limit.formatted("'acquire'", "'\\x01'::bytea", 0),
                    limit.formatted("'acquire'", "sha256('x'::bytea)", -1))) {
                assertThat(holds(c, bad)).as(bad).isFalse();
            }

            String use = "coupons.redemption_is_well_formed(%s, %s, %s, %s, %s, %s)";
            assertThat(holds(c, use.formatted("'pin'", "null", 0, 0, "null", "null")))
                    .isTrue();
            assertThat(holds(c, use.formatted("'api'", "'key-1'", 100, 2, "now()", "'mistake'")))
                    .isTrue();
            for (String bad : List.of(
                    use.formatted("'fax'", "null", 0, 0, "null", "null"),
                    use.formatted("'api'", "''", 0, 0, "null", "null"),
                    use.formatted("'api'", "repeat('k', 201)", 0, 0, "null", "null"),
                    use.formatted("'api'", "null", -1, 0, "null", "null"),
                    use.formatted("'api'", "null", 0, -1, "null", "null"),
                    use.formatted("'api'", "null", 0, 0, "now()", "null"),
                    use.formatted("'api'", "null", 0, 0, "null", "'why'"),
                    use.formatted("'api'", "null", 0, 0, "now()", "''"))) {
                assertThat(holds(c, bad)).as(bad).isFalse();
            }

            String entry = "audit.entry_is_well_formed(%s, %s, %s, %s, %s, %s, %s)";
            assertThat(holds(
                            c,
                            entry.formatted(
                                    "'change'", "'coupons.instances'", "'INSERT'", "null", "null", "null", "null")))
                    .isTrue();
            assertThat(holds(
                            c,
                            entry.formatted(
                                    "'meaning'",
                                    "null",
                                    "null",
                                    "'coupon.published'",
                                    7,
                                    "'\\x01'::bytea",
                                    "'\\x02'::bytea")))
                    .isTrue();
            for (String bad : List.of(
                    entry.formatted("'gossip'", "null", "null", "'a'", "null", "null", "null"),
                    entry.formatted("'change'", "'t'", "'MERGE'", "null", "null", "null", "null"),
                    entry.formatted("'change'", "null", "'INSERT'", "null", "null", "null", "null"),
                    entry.formatted("'change'", "'t'", "'INSERT'", "'a'", "null", "null", "null"),
                    entry.formatted("'meaning'", "null", "null", "null", "null", "null", "null"),
                    entry.formatted("'meaning'", "null", "null", "'a'", 1, "null", "'\\x02'::bytea"),
                    entry.formatted("'meaning'", "null", "null", "'a'", 1, "'\\x01'::bytea", "null"))) {
                assertThat(holds(c, bad)).as(bad).isFalse();
            }
        }
    }

    @Test
    void eachTableChecksItsRowsWithItsFunctionAndNothingElse() throws SQLException {
        try (Connection c = OwnerAccess.ownerConnection(context);
                var st = c.prepareStatement("""
                        select coalesce(string_agg(pg_get_constraintdef(oid), ' | '), '')
                          from pg_constraint where conrelid = ?::regclass and contype = 'c'""")) {
            for (var table : List.of(
                    List.of("audit.entries", "audit.entry_is_well_formed("),
                    List.of("coupons.instances", "coupons.instance_is_well_formed("),
                    List.of("coupons.holders", "coupons.holder_is_well_formed("),
                    List.of("coupons.rate_limits", "coupons.rate_limit_is_well_formed("),
                    List.of("coupons.redemptions", "coupons.redemption_is_well_formed("))) {
                st.setString(1, table.get(0));
                try (var rs = st.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1))
                            .as(table.get(0))
                            .startsWith("CHECK (" + table.get(1))
                            .doesNotContain(" | ");
                }
            }
        }
    }

    @Test
    void theDatabaseRefusesAMalformedRow() throws SQLException {
        try (Connection c = OwnerAccess.ownerConnection(context)) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                assertThatThrownBy(
                                () -> st.execute(
                                        "insert into audit.entries (kind, table_name, operation) values ('change', 't', 'MERGE')"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("entries_well_formed")
                        .satisfies(e ->
                                assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"));
            } finally {
                c.rollback();
            }
            try (var st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute("""
                                insert into coupons.rate_limits (tenant_id, bucket, key_sha256, window_start, hits)
                                values (gen_random_uuid(), 'acquire', '\\x01', now(), 1)"""))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("rate_limits_well_formed");
            } finally {
                c.rollback();
            }
        }
    }
}
