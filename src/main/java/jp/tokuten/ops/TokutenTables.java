package jp.tokuten.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the backup and the restore read from PostgreSQL's catalog about tokuten's schemas. */
final class TokutenTables {

    private TokutenTables() {}

    /** A table (never a Flyway history): its quoted name, whether row security is forced on it. */
    record TableInfo(String schema, String name, boolean forced) {
        String qualified() {
            return quote(schema) + "." + quote(name);
        }

        String label() {
            return schema + "." + name;
        }
    }

    /** The session settings under which COPY text is the same on every server and every run. */
    static void settle(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("set time zone 'UTC'");
            st.execute("set datestyle = 'ISO, YMD'");
            st.execute("set intervalstyle = 'postgres'");
            st.execute("set extra_float_digits = 3");
            st.execute("set bytea_output = 'hex'");
        }
    }

    static List<TableInfo> tables(Connection c, List<String> schemas) throws SQLException {
        var result = new ArrayList<TableInfo>();
        try (var st = c.prepareStatement("""
                select n.nspname, c.relname, c.relforcerowsecurity
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = any (?) and c.relkind = 'r' and c.relname <> 'flyway_schema_history'
                 order by 1, 2""")) {
            st.setArray(1, c.createArrayOf("text", schemas.toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    result.add(new TableInfo(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        return result;
    }

    /** The columns COPY reads and writes: all but generated ones, in their order. */
    static List<String> columns(Connection c, TableInfo table) throws SQLException {
        var result = new ArrayList<String>();
        try (var st = c.prepareStatement("""
                select attname from pg_attribute
                 where attrelid = ?::regclass and attnum > 0 and not attisdropped and attgenerated = ''
                 order by attnum""")) {
            st.setString(1, table.qualified());
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }

    static List<String> sequences(Connection c, List<String> schemas) throws SQLException {
        var result = new ArrayList<String>();
        try (var st = c.prepareStatement("""
                select n.nspname, c.relname
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = any (?) and c.relkind = 'S'
                 order by 1, 2""")) {
            st.setArray(1, c.createArrayOf("text", schemas.toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    result.add(quote(rs.getString(1)) + "." + quote(rs.getString(2)));
                }
            }
        }
        return result;
    }

    /** The migrations applied, per schema: what a restore's target must match. */
    static Map<String, List<String>> schemaVersions(Connection c, List<String> schemas) throws SQLException {
        var result = new LinkedHashMap<String, List<String>>();
        for (String schema : schemas) {
            boolean exists;
            try (var st = c.prepareStatement("select to_regclass(?) is not null")) {
                st.setString(1, quote(schema) + ".flyway_schema_history");
                try (var rs = st.executeQuery()) {
                    rs.next();
                    exists = rs.getBoolean(1);
                }
            }
            var versions = new ArrayList<String>();
            if (exists) {
                try (var st = c.createStatement();
                        var rs = st.executeQuery(
                                "select version from " + quote(schema)
                                        + ".flyway_schema_history where success and version is not null order by installed_rank")) {
                    while (rs.next()) {
                        versions.add(rs.getString(1));
                    }
                }
            }
            result.put(schema, versions);
        }
        return result;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(TokutenTables::quote).toList());
    }
}
