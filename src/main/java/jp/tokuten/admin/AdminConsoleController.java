package jp.tokuten.admin;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class AdminConsoleController {

    @GetMapping("/admin/login")
    String login() {
        return "admin/login";
    }

    /** The dashboard; the signed-in user and tenant come from {@link AdminLayoutAdvice}. */
    @GetMapping("/admin")
    String dashboard() {
        return "admin/dashboard";
    }
}
