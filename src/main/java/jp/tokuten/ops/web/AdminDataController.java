package jp.tokuten.ops.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.UUID;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.ops.TenantExports;
import jp.tokuten.ops.TenantTerminations;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/settings/data}: a tenant admin exports the tenant's data (ZIP of CSV, made in the background,
 * downloaded here when done) and may terminate the tenant (typing its ID to confirm); deletion follows on the
 * 10th business day. Admins only.
 */
@Controller
@PreAuthorize("hasRole('TENANT_ADMIN')")
@RequestMapping("/admin/settings/data")
class AdminDataController {

    private static final String PAGE = "ops/admin/data";
    private static final String SELF = "redirect:/admin/settings/data";

    private final TenantExports exports;
    private final TenantTerminations terminations;
    private final Clock clock;

    AdminDataController(TenantExports exports, TenantTerminations terminations, Clock clock) {
        this.exports = exports;
        this.terminations = terminations;
        this.clock = clock;
    }

    @GetMapping
    String show(@AuthenticationPrincipal TenantUserPrincipal user, Model model) {
        model.addAttribute("exports", exports.list());
        model.addAttribute(
                "termination",
                terminations
                        .find(TenantBinder.required())
                        .filter(t -> t.status().equals("scheduled"))
                        .orElse(null));
        model.addAttribute("tenantSlug", user.tenantSlug());
        model.addAttribute("zone", clock.getZone());
        return PAGE;
    }

    @PostMapping("/exports")
    String export(
            @AuthenticationPrincipal TenantUserPrincipal user,
            @RequestParam(required = false) @Nullable String charset,
            @RequestParam(required = false, defaultValue = "false") boolean photos,
            RedirectAttributes redirect) {
        try {
            exports.request(charset, photos, user.getName());
        } catch (ProblemException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        redirect.addFlashAttribute("requested", true);
        return SELF;
    }

    @GetMapping("/exports/{id}/export.zip")
    ResponseEntity<Resource> file(@AuthenticationPrincipal TenantUserPrincipal user, @PathVariable UUID id) {
        try {
            return ExportRequests.zip(
                    exports.download(id, user.getName()), "tokuten-export-" + user.tenantSlug() + ".zip");
        } catch (ProblemException e) {
            throw new ResponseStatusException(HttpStatus.valueOf(e.status()));
        }
    }

    @PostMapping("/termination")
    String terminate(
            @AuthenticationPrincipal TenantUserPrincipal user,
            @RequestParam(required = false) @Nullable String confirm,
            @RequestParam(required = false) @Nullable String reason,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (confirm == null || !confirm.strip().equals(user.tenantSlug())) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("mismatch", true);
            return show(user, model);
        }
        try {
            terminations.terminate(TenantBinder.required(), user.getName(), reason);
        } catch (ProblemException e) {
            if (e.status() == 409) {
                return SELF;
            }
            throw new ResponseStatusException(HttpStatus.valueOf(e.status() == 422 ? 400 : e.status()));
        }
        return SELF;
    }
}
