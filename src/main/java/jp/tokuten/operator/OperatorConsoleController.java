package jp.tokuten.operator;

import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.ops.Availability;
import jp.tokuten.tenancy.Tenants;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class OperatorConsoleController {

    private final Tenants tenants;
    private final Availability availability;

    OperatorConsoleController(Tenants tenants, Availability availability) {
        this.tenants = tenants;
        this.availability = availability;
    }

    @GetMapping("/operator/login")
    String login() {
        return "operator/login";
    }

    @GetMapping("/operator")
    String dashboard(@AuthenticationPrincipal OperatorPrincipal operator, Model model) {
        model.addAttribute("operator", operator);
        model.addAttribute("tenants", tenants.list());
        model.addAttribute("availability", availability.recent(3));
        return "operator/dashboard";
    }
}
