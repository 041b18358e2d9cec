package jp.tokuten.consumer;

import jp.tokuten.tenancy.TenantView;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;

@Controller
class ConsumerHomeController {

    @GetMapping("/")
    String index() {
        return "consumer/index";
    }

    @GetMapping({"/c/{slug}", "/c/{slug}/"})
    String tenantHome(
            @RequestAttribute(ConsumerSecurityConfiguration.TENANT_ATTRIBUTE) TenantView tenant, Model model) {
        model.addAttribute("tenant", tenant);
        return "consumer/home";
    }
}
