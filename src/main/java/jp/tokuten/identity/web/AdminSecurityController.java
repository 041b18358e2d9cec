package jp.tokuten.identity.web;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import jp.tokuten.identity.BreakGlass;
import jp.tokuten.identity.SecondFactors;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.identity.TenantUsers;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admin console security: everyone may set up their own authenticator; admins decide whether the whole
 * tenant must use one and see every break-glass access by operators.
 */
@Controller
class AdminSecurityController {

    static final String ENROLMENT = "tokuten.account.enrolment";
    private final TenantUsers users;
    private final BreakGlass breakGlass;
    private final SecondFactors secondFactors;

    AdminSecurityController(TenantUsers users, BreakGlass breakGlass, SecondFactors secondFactors) {
        this.users = users;
        this.breakGlass = breakGlass;
        this.secondFactors = secondFactors;
    }

    @GetMapping("/admin/security")
    @PreAuthorize("hasRole('TENANT_ADMIN')")
    String page(@AuthenticationPrincipal TenantUserPrincipal user, Model model) {
        model.addAttribute("requireTotp", users.requiresSecondFactor());
        model.addAttribute("breakGlass", breakGlass.history());
        return "identity/admin/security";
    }

    @PostMapping("/admin/security/second-factor")
    @PreAuthorize("hasRole('TENANT_ADMIN')")
    String requireSecondFactor(
            @AuthenticationPrincipal TenantUserPrincipal user, @RequestParam(defaultValue = "false") boolean required) {
        users.requireSecondFactor(required);
        return "redirect:/admin/security";
    }

    @GetMapping("/admin/account/second-factor")
    String enrolment(@AuthenticationPrincipal TenantUserPrincipal user, HttpSession session, Model model) {
        boolean enrolled = secondFactors.isEnrolled(user.account());
        model.addAttribute("enrolled", enrolled);
        if (!enrolled) {
            var enrolment = secondFactors.startEnrolment(user.account());
            session.setAttribute(ENROLMENT, enrolment);
            model.addAttribute("enrolment", enrolment);
        } else {
            model.addAttribute("remaining", secondFactors.remainingRecoveryCodes(user.account()));
        }
        return "identity/admin/second-factor";
    }

    @PostMapping("/admin/account/second-factor")
    String confirm(
            @AuthenticationPrincipal TenantUserPrincipal user,
            @RequestParam(defaultValue = "") String code,
            HttpSession session,
            Model model,
            RedirectAttributes redirect) {
        if (!(session.getAttribute(ENROLMENT) instanceof SecondFactors.Enrolment enrolment)
                || secondFactors.isEnrolled(user.account())) {
            return "redirect:/admin/account/second-factor";
        }
        List<String> codes =
                code.length() > 64 ? null : secondFactors.confirmEnrolment(user.account(), enrolment, code);
        if (codes == null) {
            model.addAttribute("enrolled", false);
            model.addAttribute("enrolment", enrolment);
            model.addAttribute("error", true);
            return "identity/admin/second-factor";
        }
        session.removeAttribute(ENROLMENT);
        return SecondFactorController.showRecoveryCodesOnce(redirect, "admin", codes);
    }
}
