package jp.tokuten.identity.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import jp.tokuten.identity.ConsoleAudience;
import jp.tokuten.identity.PendingSecondFactor;
import jp.tokuten.identity.SecondFactors;
import jp.tokuten.identity.SignInCompletion;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The second step of sign-in for both consoles: a code from the authenticator app (or a recovery code),
 * and setting up the authenticator when it is required and missing.
 */
@Controller
class SecondFactorController {

    static final String ENROLMENT = "tokuten.second-factor.enrolment";
    private final SecondFactors secondFactors;
    private final SignInCompletion completion;

    SecondFactorController(SecondFactors secondFactors, SignInCompletion completion) {
        this.secondFactors = secondFactors;
        this.completion = completion;
    }

    @GetMapping("/{audience:operator|admin}/login/totp")
    String codeForm(@PathVariable String audience, Model model) {
        var pending = pending();
        if (pending == null || pending.enrolmentNeeded()) {
            return "redirect:/" + audience + "/login";
        }
        model.addAttribute("audience", audience);
        return "identity/second-factor";
    }

    @PostMapping("/{audience:operator|admin}/login/totp")
    String checkCode(
            @PathVariable String audience,
            @RequestParam(defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response) {
        var pending = pending();
        if (pending == null || pending.enrolmentNeeded()) {
            return "redirect:/" + audience + "/login";
        }
        var console = ConsoleAudience.fromPath(audience);
        if (code.length() > 64 || !completion.secondFactorAccepted(request, pending.account(), code)) {
            return "redirect:/" + audience + "/login/totp?error";
        }
        completion.complete(request, response, console, pending);
        return "redirect:" + console.basePath();
    }

    @GetMapping("/{audience:operator|admin}/login/totp/setup")
    String enrolmentForm(@PathVariable String audience, HttpSession session, Model model) {
        var pending = pending();
        if (pending == null || !pending.enrolmentNeeded()) {
            return "redirect:/" + audience + "/login";
        }
        var enrolment = secondFactors.startEnrolment(pending.account());
        session.setAttribute(ENROLMENT, enrolment);
        model.addAttribute("audience", audience);
        model.addAttribute("enrolment", enrolment);
        return "identity/second-factor-setup";
    }

    @PostMapping("/{audience:operator|admin}/login/totp/setup")
    String confirmEnrolment(
            @PathVariable String audience,
            @RequestParam(defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        var pending = pending();
        var session = request.getSession();
        if (pending == null
                || !pending.enrolmentNeeded()
                || !(session.getAttribute(ENROLMENT) instanceof SecondFactors.Enrolment enrolment)) {
            return "redirect:/" + audience + "/login";
        }
        List<String> recoveryCodes =
                code.length() > 64 ? null : secondFactors.confirmEnrolment(pending.account(), enrolment, code);
        if (recoveryCodes == null) {
            model.addAttribute("audience", audience);
            model.addAttribute("enrolment", enrolment);
            model.addAttribute("error", true);
            return "identity/second-factor-setup";
        }
        session.removeAttribute(ENROLMENT);
        var console = ConsoleAudience.fromPath(audience);
        completion.complete(request, response, console, pending);
        return showRecoveryCodesOnce(redirect, audience, recoveryCodes);
    }

    /**
     * The recovery codes just made, shown once after the redirect that follows setting up an authenticator
     * (they wait in the session as a flash attribute until this page is shown). Without them, the console.
     */
    @GetMapping("/{audience:operator|admin}/recovery-codes")
    String recoveryCodes(@PathVariable String audience, Model model) {
        if (!model.containsAttribute("recoveryCodes")) {
            return "redirect:/" + audience;
        }
        model.addAttribute("next", "/" + audience);
        return "identity/recovery-codes";
    }

    static String showRecoveryCodesOnce(RedirectAttributes redirect, String audience, List<String> codes) {
        redirect.addFlashAttribute("recoveryCodes", new ArrayList<>(codes));
        return "redirect:/" + audience + "/recovery-codes";
    }

    private static @Nullable PendingSecondFactor pending() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof PendingSecondFactor p ? p : null;
    }
}
