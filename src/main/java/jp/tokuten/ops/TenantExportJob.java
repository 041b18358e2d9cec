package jp.tokuten.ops;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSetMetaData;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.jobs.JobHandler;
import jp.tokuten.jobs.JobView;
import jp.tokuten.privacy.PersonalData;
import jp.tokuten.shared.SpreadsheetCsv;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code tenant.export} job, run with the tenant bound: writes every table the tenant has rows in as
 * {@code <schema>.<table>.csv} (its rows only, by row-level security, in one repeatable-read snapshot),
 * {@code tenancy.tenants.csv} (its own row), {@code audit.entries.csv} (its audit log), a
 * {@code manifest.csv} (table, rows) and, when asked, {@code photos/<id>.jpg}, into
 * {@code <export dir>/<tenant>/<id>.zip} (decision 140). Personal data sealed per tenant
 * ({@code *_sealed} columns) is written opened, under the column's name without the suffix; its lookup
 * hashes ({@code *_lookup}) and columns holding secrets (the audit log's masking rule: passwords, tokens,
 * digests …) are left out.
 */
@Component
class TenantExportJob implements JobHandler {

    static final String TYPE = "tenant.export";

    /** The audit log's rule for columns whose values never leave the database (platform V1, audit.masked). */
    static final Pattern SECRET = Pattern.compile(
            "(?i).*(password|passwd|secret|token|totp|recovery|private_key|api_key|sha256|digest|_hash$|session_id$|_bytes$).*");

    private final JdbcClient jdbc;
    private final JdbcTemplate cursor;
    private final TransactionTemplate snapshot;
    private final TransactionTemplate tx;
    private final StoredFiles files;
    private final PersonalData personalData;
    private final Clock clock;
    private final TenantExports exports;

    TenantExportJob(
            JdbcClient jdbc,
            DataSource dataSource,
            PlatformTransactionManager transactions,
            StoredFiles files,
            PersonalData personalData,
            Clock clock,
            TenantExports exports) {
        this.jdbc = jdbc;
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(500);
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.tx = new TransactionTemplate(transactions);
        this.files = files;
        this.personalData = personalData;
        this.clock = clock;
        this.exports = exports;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void handle(JobView job) throws IOException {
        UUID id = UUID.fromString(String.valueOf(job.payload().get("export")));
        var export = tx.execute(s -> jdbc.sql("select * from ops.tenant_exports where id = ? for update")
                .param(id)
                .query(TenantExports::map)
                .optional()
                .orElse(null));
        if (export == null || export.status().equals("done")) {
            return;
        }
        tx.executeWithoutResult(s -> jdbc.sql("update ops.tenant_exports set status = 'running' where id = ?")
                .param(id)
                .update());
        Path folder = exports.folder(TenantBinder.required());
        Files.createDirectories(folder);
        Path part = folder.resolve(id + ".zip.part");
        Path done = folder.resolve(id + ".zip");
        boolean shiftJis = export.charset().equals("shift_jis");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Long> counts;
        int[] photos = {0};
        try (OutputStream file = Files.newOutputStream(part);
                var digest = new DigestOutputStream(new BufferedOutputStream(file), sha);
                var zip = new ZipOutputStream(digest)) {
            counts = snapshot.execute(s -> {
                try {
                    var c = writeTables(zip, shiftJis);
                    if (export.photos()) {
                        photos[0] = writePhotos(zip);
                    }
                    writeManifest(zip, c, shiftJis);
                    return c;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Files.move(part, done, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long size = Files.size(done);
        long rows = counts == null
                ? 0
                : counts.values().stream().mapToLong(Long::longValue).sum();
        int tables = counts == null ? 0 : counts.size();
        byte[] hash = sha.digest();
        tx.executeWithoutResult(s -> jdbc.sql("""
                        update ops.tenant_exports
                           set status = 'done', finished_at = ?, size_bytes = ?, file_sha256 = ?, tables = ?, rows = ?, files = ?
                         where id = ?""")
                .params(Timestamp.from(clock.instant()), size, hash, tables, rows, photos[0], id)
                .update());
    }

    @Override
    public void dead(JobView job, DeathCause cause) {
        jdbc.sql("update ops.tenant_exports set status = 'failed', finished_at = ? where id = ?")
                .params(
                        Timestamp.from(clock.instant()),
                        UUID.fromString(String.valueOf(job.payload().get("export"))))
                .update();
    }

    private Map<String, Long> writeTables(ZipOutputStream zip, boolean shiftJis) throws IOException {
        var tables = new ArrayList<String>();
        tables.add("tenancy.tenants");
        tables.addAll(jdbc.sql("""
                        select table_name from platform.registered_tables
                         where kind = 'tenant' and runtime_privileges ~ 'SELECT' order by table_name""").query(String.class).list());
        tables.add("audit.entries");
        var counts = new LinkedHashMap<String, Long>();
        for (String table : tables) {
            String sql = switch (table) {
                case "tenancy.tenants" -> "select * from tenancy.tenants where id = platform.current_tenant()";
                case "audit.entries" ->
                    "select * from audit.entries where tenant_id = platform.current_tenant() order by id";
                default -> "select * from " + table;
            };
            zip.putNextEntry(new ZipEntry(table + ".csv"));
            Writer out = SpreadsheetCsv.writer(new NonClosing(zip), shiftJis);
            long[] n = {0};
            cursor.query(sql, rs -> {
                ResultSetMetaData meta = rs.getMetaData();
                if (n[0] == 0) {
                    try {
                        writeHeader(out, meta);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                writeRow(out, meta, rs);
                n[0]++;
            });
            if (n[0] == 0) {
                // header only, from the columns of an empty result
                cursor.query(
                        sql + (sql.contains(" where ") ? " and false" : " where false"), (java.sql.ResultSet rs) -> {
                            try {
                                writeHeader(out, rs.getMetaData());
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            return null;
                        });
            }
            out.flush();
            zip.closeEntry();
            counts.put(table, n[0]);
        }
        return counts;
    }

    /**
     * The columns written, as (label, index of the value, index of the sealed value or 0): a sealed column
     * {@code x_sealed} is written as {@code x}, opened, or from the plain column {@code x} of a row not yet
     * sealed; that plain column is not written again.
     */
    private static List<int[]> plan(ResultSetMetaData meta, List<String> labels) throws java.sql.SQLException {
        var names = new ArrayList<String>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        var plan = new ArrayList<int[]>();
        for (int i = 1; i <= names.size(); i++) {
            String name = names.get(i - 1);
            if (skipped(name) || names.contains(name + "_sealed")) {
                continue;
            }
            if (name.endsWith("_sealed")) {
                String plain = name.substring(0, name.length() - "_sealed".length());
                labels.add(plain);
                plan.add(new int[] {names.indexOf(plain) + 1, i});
            } else {
                labels.add(name);
                plan.add(new int[] {i, 0});
            }
        }
        return plan;
    }

    private void writeHeader(Writer out, ResultSetMetaData meta) throws java.sql.SQLException, IOException {
        var labels = new ArrayList<String>();
        plan(meta, labels);
        line(out, labels);
    }

    private void writeRow(Writer out, ResultSetMetaData meta, java.sql.ResultSet rs) throws java.sql.SQLException {
        var cells = new ArrayList<String>();
        for (int[] column : plan(meta, new ArrayList<>())) {
            if (column[1] != 0) {
                byte[] sealed = rs.getBytes(column[1]);
                String open =
                        sealed != null ? personalData.open(sealed) : column[0] > 0 ? rs.getString(column[0]) : null;
                cells.add(open == null ? "" : open);
            } else {
                cells.add(text(rs.getObject(column[0])));
            }
        }
        try {
            line(out, cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean skipped(String column) {
        return column.endsWith("_lookup") || SECRET.matcher(column).matches();
    }

    private static String text(Object value) {
        return switch (value) {
            case null -> "";
            case byte[] b -> Base64.getEncoder().encodeToString(b);
            case Timestamp t -> t.toInstant().toString();
            case java.sql.Array a -> {
                try {
                    yield java.util.Arrays.deepToString((Object[]) a.getArray());
                } catch (java.sql.SQLException e) {
                    yield a.toString();
                }
            }
            default -> value.toString();
        };
    }

    private static void line(Writer out, List<String> cells) throws IOException {
        var b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            String cell = SpreadsheetCsv.safe(cells.get(i));
            if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
                b.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                b.append(cell);
            }
        }
        b.append("\r\n");
        out.write(b.toString());
    }

    private int writePhotos(ZipOutputStream zip) throws IOException {
        int n = 0;
        for (var f : files.listAll()) {
            var kept = files.load(f.id()).orElse(null);
            if (kept == null) {
                continue;
            }
            String ext = kept.contentType().equals("image/jpeg")
                    ? "jpg"
                    : kept.contentType().replace("image/", "");
            zip.putNextEntry(new ZipEntry("photos/" + f.id().value() + "." + ext));
            zip.write(kept.bytes());
            zip.closeEntry();
            n++;
        }
        return n;
    }

    private static void writeManifest(ZipOutputStream zip, Map<String, Long> counts, boolean shiftJis)
            throws IOException {
        zip.putNextEntry(new ZipEntry("manifest.csv"));
        Writer out = SpreadsheetCsv.writer(new NonClosing(zip), shiftJis);
        line(out, List.of("table", "rows"));
        for (var e : counts.entrySet()) {
            line(out, List.of(e.getKey(), String.valueOf(e.getValue())));
        }
        out.flush();
        zip.closeEntry();
    }

    /** Lets a writer be flushed without closing the ZIP under it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
