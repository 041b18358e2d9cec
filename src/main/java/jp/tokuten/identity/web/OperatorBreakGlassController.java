package jp.tokuten.identity.web;

import java.util.Locale;
import jp.tokuten.identity.AccountRequestException;
import jp.tokuten.identity.BreakGlass;
import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.identity.TenantUserAdministration;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Operator console: one tenant. Its data is shown only during a break-glass access that the operator
 * opened with a reason; otherwise only the tenant record.
 */
@Controller
class OperatorBreakGlassController {

    private final Tenants tenants;
    private final BreakGlass breakGlass;
    private final TenantUserAdministration users;
    private final MessageSource messages;

    OperatorBreakGlassController(
            Tenants tenants, BreakGlass breakGlass, TenantUserAdministration users, MessageSource messages) {
        this.tenants = tenants;
        this.breakGlass = breakGlass;
        this.users = users;
        this.messages = messages;
    }

    @GetMapping("/operator/tenants/{slug}/break-glass")
    String tenant(@AuthenticationPrincipal OperatorPrincipal operator, @PathVariable String slug, Model model) {
        TenantView tenant = find(slug);
        model.addAttribute("tenant", tenant);
        model.addAttribute(
                "durations", BreakGlass.DURATION_MINUTES.stream().sorted().toList());
        var grant = breakGlass.active(operator, tenant.id());
        model.addAttribute("grant", grant.orElse(null));
        if (grant.isPresent()) {
            breakGlass.openAs(operator, tenant.id(), users::users).ifPresent(list -> model.addAttribute("users", list));
        }
        return "identity/operator/tenant";
    }

    @PostMapping("/operator/tenants/{slug}/break-glass")
    String open(
            @AuthenticationPrincipal OperatorPrincipal operator,
            @PathVariable String slug,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "0") int minutes,
            Model model,
            Locale locale) {
        TenantView tenant = find(slug);
        try {
            breakGlass.open(operator, tenant.id(), reason, minutes);
        } catch (AccountRequestException e) {
            model.addAttribute("formError", messages.getMessage(e, locale));
            model.addAttribute("formReason", reason);
            return tenant(operator, slug, model);
        }
        return "redirect:/operator/tenants/" + tenant.slug() + "/break-glass";
    }

    @PostMapping("/operator/tenants/{slug}/break-glass/close")
    String close(@AuthenticationPrincipal OperatorPrincipal operator, @PathVariable String slug) {
        breakGlass.close(operator, find(slug).id());
        return "redirect:/operator/tenants/" + slug + "/break-glass";
    }

    private TenantView find(String slug) {
        return tenants.findBySlug(slug).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
