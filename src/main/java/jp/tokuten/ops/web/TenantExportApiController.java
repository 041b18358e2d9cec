package jp.tokuten.ops.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import jp.tokuten.ops.TenantExports;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/exports}: a tenant admin's key exports all of the tenant's data (CSV per table in a ZIP),
 * made in the background and downloaded when done. Another tenant's export is 404.
 */
@RestController
@RequestMapping("/api/v1/exports")
@PreAuthorize("hasRole('TENANT_ADMIN')")
@Tag(name = "Data export")
class TenantExportApiController {

    static final String BASE = "/api/v1/exports";

    private final TenantExports exports;

    TenantExportApiController(TenantExports exports) {
        this.exports = exports;
    }

    @Operation(
            summary = "Export all of the tenant's data",
            description = "Body (optional): {\"charset\": \"utf-8\" | \"shift_jis\", \"photos\": false}. 202 with the"
                    + " export; poll GET /api/v1/exports/{id} until status is done, then download its file (a ZIP of"
                    + " one CSV per table, UTF-8 with BOM or Shift_JIS, photos under photos/ when asked)."
                    + " 422 invalid_export for another charset.")
    @PostMapping
    ResponseEntity<ExportJson> request(Authentication caller, @RequestBody(required = false) @Nullable JsonNode body) {
        var options = ExportRequests.options(body);
        var export = exports.request(options.charset(), options.photos(), caller.getName());
        return ResponseEntity.accepted()
                .location(URI.create(BASE + "/" + export.id()))
                .body(ExportJson.of(export, BASE));
    }

    @Operation(summary = "The tenant's exports, the latest first")
    @GetMapping
    List<ExportJson> list() {
        return exports.list().stream().map(e -> ExportJson.of(e, BASE)).toList();
    }

    @Operation(summary = "One export", description = "404 not_found for an unknown export or another tenant's.")
    @GetMapping("/{id}")
    ExportJson get(@PathVariable String id) {
        return exports.find(ExportRequests.id(id))
                .map(e -> ExportJson.of(e, BASE))
                .orElseThrow(() -> new jp.tokuten.shared.ProblemException(404, "not_found"));
    }

    @Operation(
            summary = "Download a finished export (application/zip)",
            description = "409 export_not_ready while it is being made or when it failed; 404 not_found.")
    @GetMapping("/{id}/file")
    ResponseEntity<Resource> file(Authentication caller, @PathVariable String id) {
        var file = exports.download(ExportRequests.id(id), caller.getName());
        return ExportRequests.zip(file, "tokuten-export-" + id + ".zip");
    }
}
