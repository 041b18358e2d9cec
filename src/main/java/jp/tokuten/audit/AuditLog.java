package jp.tokuten.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's own audit log, for its admins: read page by page, newest first, or export as CSV. Only
 * the entries of the tenant bound to the caller are visible (row-level security on the log); the
 * platform chain never is.
 */
@Component
public class AuditLog {

    /** Most entries one page returns. */
    public static final int MAX_PAGE = 500;

    private static final String COLUMNS = """
            id, recorded_at, kind, table_name, operation, row_key::text as row_key, old_values::text as old_values,
            new_values::text as new_values, action, reason, details::text as details, actor, request_id, seq, txid""";
    private static final List<String> CSV_HEADER = List.of(
            "id",
            "recorded_at",
            "kind",
            "table",
            "operation",
            "row_key",
            "old_values",
            "new_values",
            "action",
            "reason",
            "details",
            "actor",
            "request_id",
            "position");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private final JdbcTemplate jdbc;
    private final AuditTrail trail;

    AuditLog(DataSource dataSource, AuditTrail trail) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(500);
        this.trail = trail;
    }

    /** Up to {@code limit} (at most {@link #MAX_PAGE}) entries matching {@code filter}, newest first. */
    @Transactional(readOnly = true)
    public List<AuditEntryView> entries(AuditFilter filter, int limit) {
        requireTenant();
        var args = new ArrayList<@Nullable Object>();
        String where = where(filter, args);
        args.add(Math.clamp(limit, 1, MAX_PAGE));
        return jdbc.query(
                "select " + COLUMNS + " from audit.entries where " + where + " order by id desc limit ?",
                (rs, n) -> view(rs),
                args.toArray());
    }

    /**
     * Writes every entry matching {@code filter} (ignoring {@code beforeId}), oldest first, as CSV
     * (UTF-8 with a byte order mark so that spreadsheet software reads Japanese correctly; cells that
     * could be taken for formulas are prefixed with an apostrophe). The export is itself recorded.
     */
    @Transactional
    public void exportCsv(AuditFilter filter, Writer out) {
        requireTenant();
        var args = new ArrayList<@Nullable Object>();
        String where = where(
                new AuditFilter(filter.from(), filter.to(), filter.tableName(), filter.action(), filter.actor(), null),
                args);
        var exported = new long[1];
        try {
            out.write('\uFEFF');
            writeRow(out, CSV_HEADER);
            jdbc.query(
                    "select " + COLUMNS + " from audit.entries where " + where + " order by id",
                    rs -> {
                        var e = view(rs);
                        var cells = new ArrayList<@Nullable String>(CSV_HEADER.size());
                        cells.add(Long.toString(e.id()));
                        cells.add(
                                e.recordedAt().atZoneSameInstant(TOKYO).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                        cells.add(e.kind());
                        cells.add(e.tableName());
                        cells.add(e.operation());
                        cells.add(e.rowKey());
                        cells.add(e.oldValues());
                        cells.add(e.newValues());
                        cells.add(e.action());
                        cells.add(e.reason());
                        cells.add(e.details());
                        cells.add(e.actor());
                        cells.add(e.requestId());
                        cells.add(e.position() == null ? null : e.position().toString());
                        try {
                            writeRow(out, cells);
                        } catch (IOException ex) {
                            throw new UncheckedIOException(ex);
                        }
                        exported[0]++;
                    },
                    args.toArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, @Nullable Object> details = new LinkedHashMap<>();
        details.put("from", filter.from() == null ? null : filter.from().toString());
        details.put("to", filter.to() == null ? null : filter.to().toString());
        details.put("table", filter.tableName());
        details.put("action", filter.action());
        details.put("actor", filter.actor());
        details.put("entries", exported[0]);
        trail.record("audit.exported", null, details);
    }

    private static void requireTenant() {
        if (TenantBinder.current().isEmpty()) {
            throw new IllegalStateException("Reading an audit log needs a bound tenant");
        }
    }

    private static String where(AuditFilter f, List<@Nullable Object> args) {
        var sb = new StringBuilder("tenant_id = platform.current_tenant()");
        if (f.from() != null) {
            sb.append(" and recorded_at >= ?");
            args.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            sb.append(" and recorded_at < ?");
            args.add(Timestamp.from(f.to()));
        }
        if (f.tableName() != null) {
            sb.append(" and table_name = ?");
            args.add(f.tableName());
        }
        if (f.action() != null) {
            sb.append(" and action = ?");
            args.add(f.action());
        }
        if (f.actor() != null) {
            sb.append(" and actor = ?");
            args.add(f.actor());
        }
        if (f.beforeId() != null) {
            sb.append(" and id < ?");
            args.add(f.beforeId());
        }
        return sb.toString();
    }

    private static AuditEntryView view(ResultSet rs) throws SQLException {
        long seq = rs.getLong("seq");
        @Nullable Long position = rs.wasNull() ? null : seq;
        return new AuditEntryView(
                rs.getLong("id"),
                rs.getObject("recorded_at", OffsetDateTime.class),
                rs.getString("kind"),
                rs.getString("table_name"),
                rs.getString("operation"),
                rs.getString("row_key"),
                rs.getString("old_values"),
                rs.getString("new_values"),
                rs.getString("action"),
                rs.getString("reason"),
                rs.getString("details"),
                rs.getString("actor"),
                rs.getString("request_id"),
                position,
                rs.getLong("txid"));
    }

    private static void writeRow(Writer out, List<@Nullable String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(csvCell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** RFC 4180 quoting, and an apostrophe before anything a spreadsheet would run as a formula. */
    static String csvCell(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
