package jp.tokuten.ops.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.UUID;
import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.ops.DeletionCertificates;
import jp.tokuten.ops.TenantTerminations;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * Operator console {@code /operator/terminations}: every termination with its deletion day and, once deleted,
 * its certificate; terminating a tenant (its slug typed), cancelling before the day, and checking a
 * certificate PDF. Exports of a tenant are made through the operator API (docs/operations.md).
 */
@Controller
class OperatorLifecycleController {

    private static final String PAGE = "ops/operator/terminations";
    private static final String SELF = "redirect:/operator/terminations";

    private final TenantTerminations terminations;
    private final DeletionCertificates certificates;
    private final Tenants tenants;
    private final Clock clock;

    OperatorLifecycleController(
            TenantTerminations terminations, DeletionCertificates certificates, Tenants tenants, Clock clock) {
        this.terminations = terminations;
        this.certificates = certificates;
        this.tenants = tenants;
        this.clock = clock;
    }

    @GetMapping("/operator/terminations")
    String page(Model model) {
        var names = new HashMap<UUID, String>();
        tenants.list().forEach(t -> names.put(t.id().value(), t.displayName() + " (" + t.slug() + ")"));
        model.addAttribute("terminations", terminations.list());
        model.addAttribute("names", names);
        model.addAttribute("zone", clock.getZone());
        return PAGE;
    }

    @PostMapping("/operator/terminations")
    String terminate(
            @AuthenticationPrincipal OperatorPrincipal operator,
            @RequestParam(required = false) @Nullable String slug,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletResponse response,
            Model model) {
        var tenant = slug == null ? null : tenants.findBySlug(slug.strip()).orElse(null);
        if (tenant == null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("unknownTenant", true);
            return page(model);
        }
        try {
            terminations.terminate(tenant.id(), operator.getName(), reason);
        } catch (ProblemException e) {
            response.setStatus(
                    e.status() == 409 ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", e.code());
            return page(model);
        }
        return SELF;
    }

    @PostMapping("/operator/terminations/{tenant}/cancel")
    String cancel(@PathVariable UUID tenant) {
        try {
            terminations.cancel(new jp.tokuten.tenancy.TenantId(tenant));
        } catch (ProblemException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return SELF;
    }

    @GetMapping("/operator/deletion-certificates/{id}.pdf")
    ResponseEntity<byte[]> certificate(@PathVariable UUID id) {
        var c = certificates.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
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

    /** What checking a certificate found, for the page. */
    record Checked(
            boolean notACertificate,
            boolean valid,
            @Nullable UUID certificateId) {}

    @PostMapping("/operator/deletion-certificates/verify")
    String verify(
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
            HttpServletResponse response,
            Model model)
            throws IOException {
        Checked result;
        try {
            if (file == null || file.isEmpty()) {
                throw new ProblemException(422, "not_a_certificate");
            }
            var v = certificates.verify(file.getBytes());
            result = new Checked(false, v.valid(), v.certificateId());
        } catch (ProblemException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            result = new Checked(true, false, null);
        }
        model.addAttribute("verification", result);
        return page(model);
    }
}
