package jp.tokuten.identity.web;

import java.util.UUID;
import jp.tokuten.identity.AccountRequestException;
import jp.tokuten.identity.ApiKeys;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUserPrincipal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Admin console: the tenant's API keys, each with a role; a new key is shown once. Admins only. */
@Controller
@PreAuthorize("hasRole('TENANT_ADMIN')")
class AdminApiKeyController {

    private final ApiKeys apiKeys;

    AdminApiKeyController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
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
            Model model) {
        try {
            model.addAttribute("issued", apiKeys.issue(name, TenantRole.parse(role), user.userId()));
        } catch (AccountRequestException e) {
            model.addAttribute("formError", e.getMessage());
            model.addAttribute("formName", name);
        }
        return page(user, model);
    }

    @PostMapping("/admin/api-keys/{id}/revoke")
    String revoke(@AuthenticationPrincipal TenantUserPrincipal user, @PathVariable UUID id, Model model) {
        try {
            apiKeys.revoke(id);
        } catch (AccountRequestException e) {
            model.addAttribute("actionError", e.getMessage());
            return page(user, model);
        }
        return "redirect:/admin/api-keys";
    }
}
