package jp.tokuten.operator;

import jp.tokuten.identity.AccountRequestException;
import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.identity.TenantProvisioning;
import jp.tokuten.tenancy.InvalidTenantException;
import jp.tokuten.tenancy.TenantSlugTakenException;
import jp.tokuten.tenancy.TenantStatus;
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
 * Operator console: onboard a tenant (with its first admin's e-mail), see one tenant's record and usage,
 * suspend it (after a confirmation) and reactivate it. Operators only (the operator chain); every change
 * is audited by {@link TenantProvisioning}.
 */
@Controller
class OperatorTenantController {

    private final TenantProvisioning provisioning;
    private final TenantOverviews overviews;
    private final jp.tokuten.tenancy.Plans plans;

    OperatorTenantController(
            TenantProvisioning provisioning, TenantOverviews overviews, jp.tokuten.tenancy.Plans plans) {
        this.plans = plans;
        this.provisioning = provisioning;
        this.overviews = overviews;
    }

    @GetMapping("/operator/tenants/new")
    String form() {
        return "operator/tenant-new";
    }

    /**
     * Creates the tenant and invites its first admin. When the invitation could not be mailed, its link
     * (the only copy of its secret) is shown on this answer once instead of after a redirect, so it is
     * never kept in the session.
     */
    @PostMapping("/operator/tenants")
    String create(
            @AuthenticationPrincipal OperatorPrincipal operator,
            @RequestParam(defaultValue = "") String slug,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String adminEmail,
            Model model) {
        try {
            var created = provisioning.onboard(operator, slug, name, adminEmail);
            var invite = created.adminInvite();
            if (invite != null && !invite.mailed()) {
                model.addAttribute("tenant", created.tenant());
                model.addAttribute("invite", invite);
                return "operator/tenant-created";
            }
            return "redirect:/operator/tenants/" + created.tenant().slug() + "?created";
        } catch (InvalidTenantException e) {
            model.addAttribute("formError", "operator.onboard.error." + e.field());
        } catch (TenantSlugTakenException e) {
            model.addAttribute("formError", "operator.onboard.error.slugTaken");
        } catch (AccountRequestException e) {
            model.addAttribute("formError", "operator.onboard.error.adminEmail");
        }
        model.addAttribute("formSlug", slug);
        model.addAttribute("formName", name);
        model.addAttribute("formAdminEmail", adminEmail);
        return "operator/tenant-new";
    }

    @GetMapping("/operator/tenants/{slug}")
    String tenant(@PathVariable String slug, Model model) {
        model.addAttribute("overview", find(slug));
        model.addAttribute("plans", plans.list());
        return "operator/tenant";
    }

    /** Puts the tenant on another plan (decision 145); an unknown plan is answered 400 with the page. */
    @PostMapping("/operator/tenants/{slug}/plan")
    String plan(@PathVariable String slug, @RequestParam(defaultValue = "") String plan) {
        var tenant = find(slug).tenant();
        if (plans.find(plan).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        plans.assign(tenant.id(), plan);
        return "redirect:/operator/tenants/" + tenant.slug() + "?planChanged";
    }

    @PostMapping("/operator/tenants/{slug}/suspend")
    String suspend(
            @AuthenticationPrincipal OperatorPrincipal operator,
            @PathVariable String slug,
            @RequestParam(defaultValue = "") String confirm) {
        var tenant = find(slug).tenant();
        if (!"yes".equals(confirm)) {
            return "redirect:/operator/tenants/" + tenant.slug() + "?confirmSuspend";
        }
        provisioning.suspend(operator, tenant.id());
        return "redirect:/operator/tenants/" + tenant.slug() + "?suspended";
    }

    @PostMapping("/operator/tenants/{slug}/reactivate")
    String reactivate(@AuthenticationPrincipal OperatorPrincipal operator, @PathVariable String slug) {
        var tenant = find(slug).tenant();
        if (tenant.status() == TenantStatus.SUSPENDED) {
            provisioning.reactivate(operator, tenant.id());
        }
        return "redirect:/operator/tenants/" + tenant.slug() + "?reactivated";
    }

    private TenantOverviews.TenantOverview find(String slug) {
        return overviews.bySlug(slug).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
