package jp.tokuten.ops.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.ops.DeletionCertificates;
import jp.tokuten.ops.HolidayCalendar;
import jp.tokuten.ops.TenantExports;
import jp.tokuten.ops.TenantTerminations;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The data lifecycle in the operator API: a tenant's exports, its termination (deletion on the 10th business
 * day), the holiday calendar that counts business days, and deletion certificates with their verification.
 * Operator tokens only. An export is the tenant's work: this entry point binds the tenant named in the path
 * for it (and only for it), as an export is audited in that tenant's chain.
 */
@RestController
@Tag(name = "Operator: data lifecycle")
class OperatorLifecycleApiController {

    private final Tenants tenants;
    private final TenantBinder binder;
    private final TenantExports exports;
    private final TenantTerminations terminations;
    private final HolidayCalendar holidays;
    private final DeletionCertificates certificates;

    OperatorLifecycleApiController(
            Tenants tenants,
            TenantBinder binder,
            TenantExports exports,
            TenantTerminations terminations,
            HolidayCalendar holidays,
            DeletionCertificates certificates) {
        this.tenants = tenants;
        this.binder = binder;
        this.exports = exports;
        this.terminations = terminations;
        this.holidays = holidays;
        this.certificates = certificates;
    }

    record TerminationJson(
            UUID tenantId,
            String status,
            Instant requestedAt,
            String requestedBy,
            @Nullable String reason,
            LocalDate deleteOn,
            @Nullable Instant deletedAt,
            @Nullable UUID certificateId,
            @Nullable String certificate) {
        static TerminationJson of(TenantTerminations.Termination t) {
            return new TerminationJson(
                    t.tenant().value(),
                    t.status(),
                    t.requestedAt(),
                    t.requestedBy(),
                    t.reason(),
                    t.deleteOn(),
                    t.deletedAt(),
                    t.certificateId(),
                    t.certificateId() == null ? null : "/api/v1/operator/deletion-certificates/" + t.certificateId());
        }
    }

    // --- exports

    @Operation(
            summary = "Export all of a tenant's data",
            description = "tenant: id or slug. Body (optional): {\"charset\": \"utf-8\" | \"shift_jis\", \"photos\":"
                    + " false}. 202 with the export; poll it, then download its file. 422 invalid_export.")
    @PostMapping("/api/v1/operator/tenants/{tenant}/exports")
    ResponseEntity<ExportJson> export(
            @AuthenticationPrincipal OperatorPrincipal operator,
            @PathVariable String tenant,
            @RequestBody(required = false) @Nullable JsonNode body) {
        var t = tenant(tenant);
        var options = ExportRequests.options(body);
        var export =
                binder.callAs(t.id(), () -> exports.request(options.charset(), options.photos(), operator.getName()));
        String base = base(t);
        return ResponseEntity.accepted()
                .location(URI.create(base + "/" + export.id()))
                .body(ExportJson.of(export, base));
    }

    @Operation(summary = "A tenant's exports, the latest first")
    @GetMapping("/api/v1/operator/tenants/{tenant}/exports")
    List<ExportJson> exports(@PathVariable String tenant) {
        var t = tenant(tenant);
        return binder.callAs(
                t.id(),
                () -> exports.list().stream()
                        .map(e -> ExportJson.of(e, base(t)))
                        .toList());
    }

    @Operation(summary = "One export of a tenant", description = "404 not_found, also for another tenant's export.")
    @GetMapping("/api/v1/operator/tenants/{tenant}/exports/{id}")
    ExportJson exportOf(@PathVariable String tenant, @PathVariable String id) {
        var t = tenant(tenant);
        return binder.callAs(t.id(), () -> exports.find(ExportRequests.id(id)))
                .map(e -> ExportJson.of(e, base(t)))
                .orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    @Operation(summary = "Download a tenant's finished export (application/zip)", description = "409 export_not_ready.")
    @GetMapping("/api/v1/operator/tenants/{tenant}/exports/{id}/file")
    ResponseEntity<Resource> exportFile(
            @AuthenticationPrincipal OperatorPrincipal operator, @PathVariable String tenant, @PathVariable String id) {
        var t = tenant(tenant);
        var file = binder.callAs(t.id(), () -> exports.download(ExportRequests.id(id), operator.getName()));
        return ExportRequests.zip(file, "tokuten-export-" + t.slug() + "-" + id + ".zip");
    }

    private static String base(TenantView t) {
        return "/api/v1/operator/tenants/" + t.id().value() + "/exports";
    }

    // --- termination

    @Operation(
            summary = "Terminate a tenant",
            description = "Body (optional): {\"reason\"}. 201: the tenant is terminating and all its data is deleted"
                    + " on the 10th Japanese business day after today (weekends and public holidays excluded), with a"
                    + " signed deletion certificate. 409 already_terminated; 422 invalid_termination (reason over 500"
                    + " characters); 503 holiday_calendar_outdated when the holiday calendar does not reach that far.")
    @PostMapping("/api/v1/operator/tenants/{tenant}/termination")
    ResponseEntity<TerminationJson> terminate(
            @AuthenticationPrincipal OperatorPrincipal operator,
            @PathVariable String tenant,
            @RequestBody(required = false) @Nullable JsonNode body) {
        var t = tenant(tenant);
        String reason = null;
        if (body != null && !body.isNull() && !body.isMissingNode()) {
            var r = body.isObject() ? body.get("reason") : null;
            if (!body.isObject() || (r != null && !r.isNull() && !r.isString())) {
                throw new ProblemException(422, "invalid_termination").with("field", "reason");
            }
            reason = r == null || r.isNull() ? null : r.asString();
        }
        var done = terminations.terminate(t.id(), operator.getName(), reason);
        return ResponseEntity.created(URI.create("/api/v1/operator/tenants/" + t.id().value() + "/termination"))
                .body(TerminationJson.of(done));
    }

    @Operation(summary = "A tenant's termination", description = "404 not_found when it was never terminated.")
    @GetMapping("/api/v1/operator/tenants/{tenant}/termination")
    TerminationJson termination(@PathVariable String tenant) {
        return terminations
                .find(tenant(tenant).id())
                .map(TerminationJson::of)
                .orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    @Operation(
            summary = "Cancel a tenant's termination before its deletion",
            description = "The tenant is active again. 404 not_found when no termination is scheduled.")
    @DeleteMapping("/api/v1/operator/tenants/{tenant}/termination")
    TerminationJson cancel(@PathVariable String tenant) {
        return TerminationJson.of(terminations.cancel(tenant(tenant).id()));
    }

    @Operation(summary = "Every termination, the latest first")
    @GetMapping("/api/v1/operator/terminations")
    List<TerminationJson> terminationList() {
        return terminations.list().stream().map(TerminationJson::of).toList();
    }

    // --- holidays

    record HolidayJson(LocalDate date, String name) {}

    @Operation(summary = "The Japanese public holidays of a year", description = "year: default this year.")
    @GetMapping("/api/v1/operator/holidays")
    Map<String, Object> holidays(@RequestParam(required = false) @Nullable Integer year) {
        int y = year == null ? LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).getYear() : year;
        if (y < 1948 || y > 2200) {
            throw new ProblemException(422, "invalid_holidays").with("field", "year");
        }
        return Map.of(
                "year", y,
                "lastYear", holidays.lastYear(),
                "holidays",
                        holidays.year(y).stream()
                                .map(h -> new HolidayJson(h.day(), h.name()))
                                .toList());
    }

    @Operation(
            summary = "Load holidays from a CSV file",
            description =
                    "Body: the Cabinet Office's syukujitsu.csv as published in Shift_JIS (lines like 2027/4/29,name) or"
                            + " UTF-8 lines date,name (2027-04-29,name). Every year the file names is replaced by the"
                            + " file's holidays; other years are kept. 422 invalid_holidays.")
    @PutMapping(
            path = "/api/v1/operator/holidays",
            consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    Map<String, Object> loadHolidays(@RequestBody byte[] file) {
        return Map.of("years", holidays.replace(file));
    }

    // --- certificates

    @Operation(summary = "A deletion certificate (application/pdf)")
    @GetMapping("/api/v1/operator/deletion-certificates/{id}")
    ResponseEntity<byte[]> certificate(@PathVariable String id) {
        var c = certificates.find(ExportRequests.id(id)).orElseThrow(() -> new ProblemException(404, "not_found"));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("deletion-certificate-" + c.id() + ".pdf")
                                .build()
                                .toString())
                .body(c.pdf());
    }

    @Operation(
            summary = "Verify a deletion certificate",
            description = "Body: the certificate PDF. 200 {\"valid\", \"certificateId\", \"keyId\", \"statement\"}:"
                    + " valid when the statement it carries is signed with this service's key (any change to"
                    + " the statement or the signature makes it invalid). 422 not_a_certificate for another file.")
    @PostMapping(
            path = "/api/v1/operator/deletion-certificates/verify",
            consumes = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    DeletionCertificates.Verification verify(@RequestBody byte[] pdf) {
        return certificates.verify(pdf);
    }

    @Operation(
            summary = "The public key that verifies deletion certificates",
            description = "Ed25519, X.509 SubjectPublicKeyInfo in base64, with its key id.")
    @GetMapping("/api/v1/operator/deletion-certificates/public-key")
    Map<String, String> publicKey() {
        return certificates.publicKey();
    }

    private TenantView tenant(String idOrSlug) {
        try {
            return tenants.findById(new TenantId(UUID.fromString(idOrSlug)))
                    .orElseThrow(() -> new ProblemException(404, "not_found"));
        } catch (IllegalArgumentException e) {
            return tenants.findBySlug(idOrSlug).orElseThrow(() -> new ProblemException(404, "not_found"));
        }
    }
}
