package jp.tokuten.ops.web;

import java.time.Instant;
import java.util.UUID;
import jp.tokuten.ops.TenantExports;
import org.jspecify.annotations.Nullable;

/** An export as the APIs show it; {@code file} is where to download it once done. */
record ExportJson(
        UUID id,
        String charset,
        boolean photos,
        String status,
        Instant requestedAt,
        @Nullable Instant finishedAt,
        @Nullable Long sizeBytes,
        @Nullable String sha256,
        @Nullable Integer tables,
        @Nullable Long rows,
        @Nullable Integer files,
        @Nullable String file) {

    static ExportJson of(TenantExports.ExportView e, String base) {
        return new ExportJson(
                e.id(),
                e.charset(),
                e.photos(),
                e.status(),
                e.requestedAt(),
                e.finishedAt(),
                e.sizeBytes(),
                e.sha256(),
                e.tables(),
                e.rows(),
                e.files(),
                e.status().equals("done") ? base + "/" + e.id() + "/file" : null);
    }
}
