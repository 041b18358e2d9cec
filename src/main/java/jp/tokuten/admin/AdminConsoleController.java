package jp.tokuten.admin;

import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.tenancy.Tenants;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class AdminConsoleController {

    private final Tenants tenants;

    AdminConsoleController(Tenants tenants) {
        this.tenants = tenants;
    }

    @GetMapping("/admin/login")
    String login() {
        return "admin/login";
    }

    @GetMapping("/admin")
    String dashboard(@AuthenticationPrincipal TenantUserPrincipal user, Model model) {
        model.addAttribute("user", user);
        model.addAttribute("tenant", tenants.findById(user.tenantId()).orElseThrow());
        return "admin/dashboard";
    }
}
