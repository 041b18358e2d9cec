package jp.tokuten.identity.web;

import java.util.Locale;
import java.util.UUID;
import jp.tokuten.identity.AccountRequestException;
import jp.tokuten.identity.ApiKeys;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUserPrincipal;
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

/** Admin console: the tenant's API keys, each with a role; a new key is shown once. Admins only. */
@Controller
@PreAuthorize("hasRole('TENANT_ADMIN')")
class AdminApiKeyController {

    private final ApiKeys apiKeys;
    private final MessageSource messages;

    AdminApiKeyController(ApiKeys apiKeys, MessageSource messages) {
        this.apiKeys = apiKeys;
        this.messages = messages;
    }

    @GetMapping("/admin/api-keys")
    String page(@AuthenticationPrincipal TenantUserPrincipal user, Model model) {
        model.addAttribute("keys", apiKeys.list());
        model.addAttribute("roles", TenantRole.values());
        return "identity/admin/api-keys";
    }

    @PostMapping("/admin/api-keys")
    String issue(
            @AuthenticationPrincipal TenantUserPrincipal user,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String role,
            Model model,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            // shown once, on the page the redirect leads to; a flash attribute lives in the session until then
            redirect.addFlashAttribute(
                    "issuedKey",
                    apiKeys.issue(name, TenantRole.parse(role), user.userId()).key());
        } catch (AccountRequestException e) {
            model.addAttribute("formError", messages.getMessage(e, locale));
            model.addAttribute("formName", name);
            return page(user, model);
        }
        return "redirect:/admin/api-keys";
    }

    @PostMapping("/admin/api-keys/{id}/revoke")
    String revoke(
            @AuthenticationPrincipal TenantUserPrincipal user, @PathVariable UUID id, Model model, Locale locale) {
        try {
            apiKeys.revoke(id);
        } catch (AccountRequestException e) {
            model.addAttribute("actionError", messages.getMessage(e, locale));
            return page(user, model);
        }
        return "redirect:/admin/api-keys";
    }
}
