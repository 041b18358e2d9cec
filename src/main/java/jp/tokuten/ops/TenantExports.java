package jp.tokuten.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.jobs.Jobs;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Exports of all of the bound tenant's data: one CSV per table (UTF-8 with BOM or Shift_JIS, as asked) in a
 * ZIP, its photos too when asked, made in the background by the {@code tenant.export} job
 * ({@link TenantExportJob}) and downloadable when done. Requests and downloads are audited
 * ({@code tenant.export_requested}, {@code tenant.export_downloaded}). Callers authorise: the tenant's admins,
 * or an operator (who binds the tenant at the entry point).
 */
@Service
public class TenantExports {

    /** An export as callers see it. {@code status}: queued, running, done or failed. */
    public record ExportView(
            UUID id,
            String charset,
            boolean photos,
            String status,
            String requestedBy,
            Instant requestedAt,
            @Nullable Instant finishedAt,
            @Nullable Long sizeBytes,
            @Nullable String sha256,
            @Nullable Integer tables,
            @Nullable Long rows,
            @Nullable Integer files) {}

    private final JdbcClient jdbc;
    private final Jobs jobs;
    private final AuditTrail audit;
    private final Clock clock;
    private final Path exportDir;

    TenantExports(
            JdbcClient jdbc,
            Jobs jobs,
            AuditTrail audit,
            Clock clock,
            @Value("${tokuten.ops.export-dir}") Path exportDir) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
        this.exportDir = exportDir;
    }

    /**
     * Asks for an export of the bound tenant; {@code charset} is {@code utf-8} (default) or {@code shift_jis}
     * (also {@code sjis}, {@code cp932}); anything else is 422 {@code invalid_export}.
     */
    @Transactional
    public ExportView request(@Nullable String charset, boolean photos, String requestedBy) {
        String cs = charset(charset);
        var tenant = TenantBinder.required();
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("""
                insert into ops.tenant_exports (id, charset, photos, requested_by, requested_at)
                values (?, ?, ?, ?, ?)""")
                .params(id, cs, photos, requestedBy, Timestamp.from(clock.instant()))
                .update();
        jobs.enqueue(TenantExportJob.TYPE, tenant, Map.of("export", id.toString()), "tenant.export:" + id);
        audit.record(
                "tenant.export_requested",
                null,
                Map.of("export", id, "charset", cs, "photos", photos, "by", requestedBy));
        return find(id).orElseThrow();
    }

    static String charset(@Nullable String charset) {
        if (charset == null
                || charset.isBlank()
                || charset.strip().equalsIgnoreCase("utf-8")
                || charset.strip().equalsIgnoreCase("utf8")) {
            return "utf-8";
        }
        if (jp.tokuten.shared.SpreadsheetCsv.shiftJis(charset)) {
            return "shift_jis";
        }
        throw new ProblemException(422, "invalid_export").with("field", "charset");
    }

    @Transactional(readOnly = true)
    public Optional<ExportView> find(UUID id) {
        return jdbc.sql("select * from ops.tenant_exports where id = ?")
                .param(id)
                .query(TenantExports::map)
                .optional();
    }

    /** The bound tenant's exports, the latest first. */
    @Transactional(readOnly = true)
    public List<ExportView> list() {
        return jdbc.sql("select * from ops.tenant_exports order by requested_at desc, id desc limit 50")
                .query(TenantExports::map)
                .list();
    }

    /**
     * The ZIP of a finished export of the bound tenant, its download audited. 404 {@code not_found} for
     * another tenant's or an unknown export, 409 {@code export_not_ready} while it is being made or when it failed.
     */
    @Transactional
    public Path download(UUID id, String by) {
        var export = find(id).orElseThrow(() -> new ProblemException(404, "not_found"));
        if (!export.status().equals("done")) {
            throw new ProblemException(409, "export_not_ready").with("status", export.status());
        }
        Path file = file(id);
        if (!Files.isReadable(file)) {
            throw new ProblemException(404, "not_found");
        }
        audit.record("tenant.export_downloaded", null, Map.of("export", id, "by", by));
        return file;
    }

    Path file(UUID id) {
        return folder(TenantBinder.required()).resolve(id + ".zip");
    }

    /**
     * The folder of a tenant's export files. Every class asks here: the directory setting is resolved once
     * (in tests it holds a random part that would differ at each resolution).
     */
    Path folder(jp.tokuten.tenancy.TenantId tenant) {
        return exportDir.resolve(tenant.value().toString());
    }

    static ExportView map(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        byte[] sha = rs.getBytes("file_sha256");
        return new ExportView(
                rs.getObject("id", UUID.class),
                rs.getString("charset"),
                rs.getBoolean("photos"),
                rs.getString("status"),
                rs.getString("requested_by"),
                rs.getTimestamp("requested_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getObject("size_bytes", Long.class),
                sha == null ? null : HexFormat.of().formatHex(sha),
                rs.getObject("tables", Integer.class),
                rs.getObject("rows", Long.class),
                rs.getObject("files", Integer.class));
    }
}
