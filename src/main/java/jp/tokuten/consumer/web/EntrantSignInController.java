package jp.tokuten.consumer.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jp.tokuten.consumer.ConsumerTenant;
import jp.tokuten.identity.EntrantSignIn;
import jp.tokuten.platform.ClientAddresses;
import jp.tokuten.tenancy.TenantView;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Entrant sign-in on a tenant's pages: the e-mail address, then the one-time code sent to it
 * ({@link EntrantSignIn}); afterwards the entrant goes on to the campaign they came from ({@code next}, a
 * campaign id and nothing else, so the page cannot be made to send anyone elsewhere).
 */
@Controller
class EntrantSignInController {

    private final EntrantSignIn signIn;
    private final EntrantCookies cookies;
    private final ClientAddresses clients;

    EntrantSignInController(EntrantSignIn signIn, EntrantCookies cookies, ClientAddresses clients) {
        this.signIn = signIn;
        this.cookies = cookies;
        this.clients = clients;
    }

    @GetMapping("/c/{slug}/signin")
    String emailForm(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @RequestParam(required = false) @Nullable String next,
            HttpServletRequest request,
            Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("next", next(next));
        model.addAttribute("email", "");
        return "consumer/signin";
    }

    @PostMapping("/c/{slug}/signin")
    String sendCode(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(required = false) @Nullable String next,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect,
            Model model) {
        String address = email.strip();
        var started = signIn.start(address.length() > 254 ? "" : address, clients.textOf(request));
        switch (started.outcome()) {
            case SENT, SHOWN -> {
                cookies.pendingEmail(request, response, tenant, address);
                if (started.shownCode() != null) {
                    redirect.addFlashAttribute("shownCode", started.shownCode());
                }
                return "redirect:/c/" + tenant.slug() + "/signin/code" + query(next(next));
            }
            default -> {
                response.setStatus(
                        switch (started.outcome()) {
                            case THROTTLED -> 429;
                            case FAILED -> 503;
                            default -> 422;
                        });
                model.addAttribute("tenant", tenant);
                model.addAttribute("next", next(next));
                model.addAttribute("email", address.length() > 254 ? "" : address);
                model.addAttribute(
                        "error",
                        "entrant.signin.error."
                                + switch (started.outcome()) {
                                    case THROTTLED -> "throttled";
                                    case FAILED -> "failed";
                                    default -> "invalid_email";
                                });
                return "consumer/signin";
            }
        }
    }

    @GetMapping("/c/{slug}/signin/code")
    String codeForm(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @RequestParam(required = false) @Nullable String next,
            HttpServletRequest request,
            Model model) {
        String email = cookies.pendingEmail(request);
        if (email == null) {
            return "redirect:/c/" + tenant.slug() + "/signin" + query(next(next));
        }
        model.addAttribute("tenant", tenant);
        model.addAttribute("next", next(next));
        model.addAttribute("email", email);
        return "consumer/signin-code";
    }

    @PostMapping("/c/{slug}/signin/code")
    String checkCode(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @RequestParam(defaultValue = "") String code,
            @RequestParam(required = false) @Nullable String next,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        String email = cookies.pendingEmail(request);
        if (email == null) {
            return "redirect:/c/" + tenant.slug() + "/signin" + query(next(next));
        }
        var result = signIn.verify(email, code.length() > 20 ? "" : code);
        if (result.outcome() == EntrantSignIn.VerifyOutcome.VERIFIED && result.entrant() != null) {
            cookies.signIn(request, response, tenant, result.entrant());
            String to = next(next);
            return "redirect:/c/" + tenant.slug() + (to == null ? "/mine" : "/campaigns/" + to + "/enter");
        }
        response.setStatus(422);
        model.addAttribute("tenant", tenant);
        model.addAttribute("next", next(next));
        model.addAttribute("email", email);
        model.addAttribute(
                "error",
                "entrant.signin.error."
                        + switch (result.outcome()) {
                            case EXPIRED -> "expired";
                            case TOO_MANY_ATTEMPTS -> "too_many_attempts";
                            default -> "wrong";
                        });
        return "consumer/signin-code";
    }

    @PostMapping("/c/{slug}/signout")
    String signOut(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            HttpServletRequest request,
            HttpServletResponse response) {
        cookies.signOut(request, response, tenant);
        return "redirect:/c/" + tenant.slug() + "/";
    }

    /** The campaign to go on to: a well-formed id, or none. */
    static @Nullable String next(@Nullable String next) {
        return next != null && ShownCampaign.parse(next) != null ? next : null;
    }

    private static String query(@Nullable String next) {
        return next == null ? "" : "?next=" + next;
    }
}
