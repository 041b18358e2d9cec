package jp.tokuten.identity.web;

import java.util.Locale;
import java.util.UUID;
import jp.tokuten.identity.AccountRequestException;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUserAdministration;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.notifications.Mail;
import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Admin console: the tenant's users, invitations, roles and disabling. Tenant admins only. */
@Controller
@PreAuthorize("hasRole('TENANT_ADMIN')")
class AdminUserController {

    private final TenantUserAdministration administration;
    private final MessageSource messages;

    AdminUserController(TenantUserAdministration administration, MessageSource messages) {
        this.administration = administration;
        this.messages = messages;
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
            Model model,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            var invitation = administration.invite(user, email, TenantRole.parse(role));
            redirect.addFlashAttribute("invitedEmail", invitation.email());
            if (invitation.mail() != Mail.Outcome.SENT) {
                // shown once, on the page the redirect leads to; a flash attribute lives in the session until then
                redirect.addFlashAttribute("inviteLink", invitation.link());
            }
        } catch (AccountRequestException e) {
            model.addAttribute("formError", messages.getMessage(e, locale));
            model.addAttribute("formEmail", email);
            return page(user, model);
        }
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{id}/role")
    String changeRole(
            @AuthenticationPrincipal TenantUserPrincipal user,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String role,
            Model model,
            Locale locale) {
        try {
            administration.changeRole(user, id, TenantRole.parse(role));
        } catch (AccountRequestException e) {
            model.addAttribute("actionError", messages.getMessage(e, locale));
            return page(user, model);
        }
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{id}/disable")
    String disable(
            @AuthenticationPrincipal TenantUserPrincipal user, @PathVariable UUID id, Model model, Locale locale) {
        return setActive(user, id, false, model, locale);
    }

    @PostMapping("/admin/users/{id}/enable")
    String enable(
            @AuthenticationPrincipal TenantUserPrincipal user, @PathVariable UUID id, Model model, Locale locale) {
        return setActive(user, id, true, model, locale);
    }

    private String setActive(TenantUserPrincipal user, UUID id, boolean active, Model model, Locale locale) {
        try {
            administration.setActive(user, id, active);
        } catch (AccountRequestException e) {
            model.addAttribute("actionError", messages.getMessage(e, locale));
            return page(user, model);
        }
        return "redirect:/admin/users";
    }
}
