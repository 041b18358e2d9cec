package jp.tokuten.identity.web;

import java.util.Locale;
import jp.tokuten.identity.AccountRequestException;
import jp.tokuten.identity.PasswordPolicy;
import jp.tokuten.identity.PasswordRejectedException;
import jp.tokuten.identity.TenantUserAdministration;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The page an invitation link opens: the invited person chooses a name and password. An entry point: the
 * link names its tenant, which is bound while the page works (an unknown one finds no invitation).
 */
@Controller
class InviteController {

    private final TenantUserAdministration administration;
    private final TenantBinder binder;
    private final MessageSource messages;

    InviteController(TenantUserAdministration administration, TenantBinder binder, MessageSource messages) {
        this.administration = administration;
        this.binder = binder;
        this.messages = messages;
    }

    @GetMapping("/invite/{token}")
    String form(@PathVariable String token, Model model) {
        var tenant = TenantUserAdministration.tenantOfInvite(token)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return binder.callAs(tenant, () -> showForm(token, model));
    }

    private String showForm(String token, Model model) {
        var view =
                administration.invitation(token).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("invite", view);
        model.addAttribute("minLength", PasswordPolicy.MIN_SINGLE_FACTOR);
        return "identity/invite";
    }

    @PostMapping("/invite/{token}")
    String accept(
            @PathVariable String token,
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String passwordAgain,
            Model model,
            Locale locale) {
        var tenant = TenantUserAdministration.tenantOfInvite(token)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return binder.callAs(tenant, () -> acceptInTenant(token, displayName, password, passwordAgain, model, locale));
    }

    private String acceptInTenant(
            String token, String displayName, String password, String passwordAgain, Model model, Locale locale) {
        var view =
                administration.invitation(token).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("invite", view);
        model.addAttribute("minLength", PasswordPolicy.MIN_SINGLE_FACTOR);
        model.addAttribute("formDisplayName", displayName);
        if (!password.equals(passwordAgain)) {
            model.addAttribute("formError", messages.getMessage("account.error.passwordsDiffer", null, locale));
            return "identity/invite";
        }
        try {
            administration.accept(token, displayName, password);
        } catch (PasswordRejectedException | AccountRequestException e) {
            model.addAttribute(
                    "formError", messages.getMessage((org.springframework.context.MessageSourceResolvable) e, locale));
            return "identity/invite";
        }
        return "redirect:/admin/login?welcome&tenant=" + view.tenant().slug();
    }
}
