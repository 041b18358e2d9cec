package jp.tokuten.identity.web;

import java.util.UUID;
import jp.tokuten.identity.AccountRequestException;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUserAdministration;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.notifications.Mail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Admin console: the tenant's users, invitations, roles and disabling. Tenant admins only. */
@Controller
@PreAuthorize("hasRole('TENANT_ADMIN')")
class AdminUserController {

    private final TenantUserAdministration administration;

    AdminUserController(TenantUserAdministration administration) {
        this.administration = administration;
    }

    @GetMapping("/admin/users")
    String page(@AuthenticationPrincipal TenantUserPrincipal user, Model model) {
        model.addAttribute("users", administration.users());
        model.addAttribute("invites", administration.openInvites());
        model.addAttribute("roles", TenantRole.values());
        return "identity/admin/users";
    }

    @PostMapping("/admin/users/invitations")
    String invite(
            @AuthenticationPrincipal TenantUserPrincipal user,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String role,
            Model model) {
        try {
            var invitation = administration.invite(user, email, TenantRole.parse(role));
            model.addAttribute("invited", invitation);
            model.addAttribute("showLink", invitation.mail() != Mail.Outcome.SENT);
        } catch (AccountRequestException e) {
            model.addAttribute("formError", e.getMessage());
            model.addAttribute("formEmail", email);
        }
        return page(user, model);
    }

    @PostMapping("/admin/users/{id}/role")
    String changeRole(
            @AuthenticationPrincipal TenantUserPrincipal user,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String role,
            Model model) {
        try {
            administration.changeRole(user, id, TenantRole.parse(role));
        } catch (AccountRequestException e) {
            model.addAttribute("actionError", e.getMessage());
            return page(user, model);
        }
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{id}/disable")
    String disable(@AuthenticationPrincipal TenantUserPrincipal user, @PathVariable UUID id, Model model) {
        return setActive(user, id, false, model);
    }

    @PostMapping("/admin/users/{id}/enable")
    String enable(@AuthenticationPrincipal TenantUserPrincipal user, @PathVariable UUID id, Model model) {
        return setActive(user, id, true, model);
    }

    private String setActive(TenantUserPrincipal user, UUID id, boolean active, Model model) {
        try {
            administration.setActive(user, id, active);
        } catch (AccountRequestException e) {
            model.addAttribute("actionError", e.getMessage());
            return page(user, model);
        }
        return "redirect:/admin/users";
    }
}
