package jp.tokuten.identity.web;

import java.util.Locale;
import java.util.UUID;
import jp.tokuten.identity.AccountRequestException;
import jp.tokuten.identity.OperatorAdministration;
import jp.tokuten.identity.OperatorPrincipal;
import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Operator console: the operators, four-eyes requests for operator rights, and disabling. */
@Controller
class OperatorAdministrationController {

    private final OperatorAdministration administration;
    private final MessageSource messages;

    OperatorAdministrationController(OperatorAdministration administration, MessageSource messages) {
        this.administration = administration;
        this.messages = messages;
    }

    @GetMapping("/operator/operators")
    String page(@AuthenticationPrincipal OperatorPrincipal operator, Model model) {
        model.addAttribute("operator", operator);
        model.addAttribute("operators", administration.operators());
        model.addAttribute("requests", administration.requests());
        return "identity/operator/operators";
    }

    @PostMapping("/operator/operators/requests")
    String request(
            @AuthenticationPrincipal OperatorPrincipal operator,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String reason,
            Model model,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            administration.requestGrant(operator, email, displayName, reason);
        } catch (AccountRequestException e) {
            model.addAttribute("formError", messages.getMessage(e, locale));
            model.addAttribute("formEmail", email);
            model.addAttribute("formDisplayName", displayName);
            model.addAttribute("formReason", reason);
            return page(operator, model);
        }
        redirect.addFlashAttribute("notice", "requested");
        return "redirect:/operator/operators";
    }

    @PostMapping("/operator/operators/requests/{id}/approve")
    String approve(
            @AuthenticationPrincipal OperatorPrincipal operator,
            @PathVariable UUID id,
            Model model,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            var granted = administration.approve(operator, id);
            // shown once, on the page the redirect leads to; a flash attribute lives in the session until then
            redirect.addFlashAttribute("grantedEmail", granted.email());
            redirect.addFlashAttribute("grantedPassword", granted.password());
        } catch (AccountRequestException e) {
            model.addAttribute("actionError", messages.getMessage(e, locale));
            return page(operator, model);
        }
        return "redirect:/operator/operators";
    }

    @PostMapping("/operator/operators/requests/{id}/reject")
    String reject(
            @AuthenticationPrincipal OperatorPrincipal operator, @PathVariable UUID id, Model model, Locale locale) {
        try {
            administration.reject(operator, id);
        } catch (AccountRequestException e) {
            model.addAttribute("actionError", messages.getMessage(e, locale));
            return page(operator, model);
        }
        return "redirect:/operator/operators";
    }

    @PostMapping("/operator/operators/{id}/disable")
    String disable(
            @AuthenticationPrincipal OperatorPrincipal operator,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String reason,
            Model model,
            Locale locale) {
        try {
            administration.disable(operator, id, reason);
        } catch (AccountRequestException e) {
            model.addAttribute("actionError", messages.getMessage(e, locale));
            return page(operator, model);
        }
        return "redirect:/operator/operators";
    }
}
