package jp.tokuten.receipts.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.identity.ApiKeyPrincipal;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.receipts.EntryExport;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/campaigns/{id}/entries.csv}: the campaign's entries as CSV, streamed (decision 085).
 * Viewer keys and above; the entrant's personal data only for editor and admin keys.
 */
@RestController
class EntryExportApiController {

    private final EntryExport export;

    EntryExportApiController(EntryExport export) {
        this.export = export;
    }

    @Operation(
            summary = "Export a campaign's entries as CSV",
            description = "One row per entry: id, submitted at (Asia/Tokyo), status, reason codes, each receipt's"
                    + " store, purchase date, total and items as read, and the entry form's fields. UTF-8 with"
                    + " a byte order mark, or encoding=cp932 (Shift_JIS as Windows writes it; characters it lacks"
                    + " become 〓). Cells that a spreadsheet would run as a formula start with '. The entrant's"
                    + " e-mail and personal form fields only for editor and admin keys. Another tenant's"
                    + " campaign is 404 not_found; an unknown encoding 400 invalid_encoding.")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping(path = "/api/v1/campaigns/{id}/entries.csv", produces = "text/csv")
    void export(
            @PathVariable UUID id,
            @Parameter(description = "utf-8 (default) or cp932") @RequestParam(required = false) @Nullable
                    String encoding,
            @AuthenticationPrincipal ApiKeyPrincipal key,
            Locale locale,
            HttpServletResponse response)
            throws IOException {
        EntryExport.Encoding chosen = EntryExport.Encoding.parse(encoding);
        export.campaign(id);
        EntryCsvResponse.start(response, id, chosen);
        export.write(id, chosen, key.role().includes(TenantRole.EDITOR), locale, response.getOutputStream());
    }
}
