package jp.tokuten.access.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.access.ChangedBy;
import jp.tokuten.access.ConsumerBasicAuth;
import jp.tokuten.access.InvalidAccessSettingsException;
import jp.tokuten.access.IpAllowList;
import jp.tokuten.access.LockoutRefusedException;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.platform.ClientAddresses;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/settings/access}: a tenant admin's page for the IP allow-list and consumer Basic auth. Only
 * the tenant's admins may see or change who can reach the tenant.
 */
@Controller
@PreAuthorize("hasRole('TENANT_ADMIN')")
@RequestMapping("/admin/settings/access")
class AdminAccessSettingsController {

    private static final String PAGE = "access/admin/settings";
    private static final String SELF = "redirect:/admin/settings/access";

    private final IpAllowList allowList;
    private final ConsumerBasicAuth basicAuth;
    private final ClientAddresses clientAddresses;
    private final Tenants tenants;
    private final MessageSource messages;
    private final Clock clock;

    AdminAccessSettingsController(
            IpAllowList allowList,
            ConsumerBasicAuth basicAuth,
            ClientAddresses clientAddresses,
            Tenants tenants,
            MessageSource messages,
            Clock clock) {
        this.clock = clock;
        this.allowList = allowList;
        this.basicAuth = basicAuth;
        this.clientAddresses = clientAddresses;
        this.tenants = tenants;
        this.messages = messages;
    }

    @GetMapping
    String show(@AuthenticationPrincipal TenantUserPrincipal user, HttpServletRequest request, Model model) {
        return page(user, request, model);
    }

    @PostMapping("/ip-allowlist")
    String add(
            @AuthenticationPrincipal TenantUserPrincipal user,
            @RequestParam(required = false) @Nullable String cidr,
            @RequestParam(required = false) @Nullable String note,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            allowList.add(cidr, note, clientAddresses.of(request), by(user));
        } catch (InvalidAccessSettingsException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("allowListErrors", messages(e, locale));
            model.addAttribute("cidr", cidr);
            model.addAttribute("note", note);
            return page(user, request, model);
        } catch (LockoutRefusedException e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("allowListErrors", List.of(lockout(e, locale)));
            model.addAttribute("cidr", cidr);
            model.addAttribute("note", note);
            return page(user, request, model);
        }
        redirect.addFlashAttribute("saved", true);
        return SELF;
    }

    @PostMapping("/ip-allowlist/{id}/delete")
    String remove(
            @AuthenticationPrincipal TenantUserPrincipal user,
            @PathVariable UUID id,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            if (!allowList.remove(id, clientAddresses.of(request), by(user))) {
                throw new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND);
            }
        } catch (LockoutRefusedException e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("allowListErrors", List.of(lockout(e, locale)));
            return page(user, request, model);
        }
        redirect.addFlashAttribute("saved", true);
        return SELF;
    }

    @PostMapping("/basic-auth")
    String basicAuth(
            @AuthenticationPrincipal TenantUserPrincipal user,
            @RequestParam(defaultValue = "false") boolean enabled,
            @RequestParam(required = false) @Nullable String username,
            @RequestParam(required = false) @Nullable String password,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale,
            RedirectAttributes redirect) {
        try {
            basicAuth.update(enabled, username, password, by(user));
        } catch (InvalidAccessSettingsException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("basicAuthErrors", messages(e, locale));
            model.addAttribute("username", username);
            return page(user, request, model);
        }
        redirect.addFlashAttribute("saved", true);
        return SELF;
    }

    private String page(TenantUserPrincipal user, HttpServletRequest request, Model model) {
        model.addAttribute("tenant", tenants.findById(user.tenantId()).orElseThrow());
        model.addAttribute("clientAddress", clientAddresses.textOf(request));
        model.addAttribute("entries", allowList.entries());
        model.addAttribute("zone", clock.getZone());
        model.addAttribute("maxEntries", IpAllowList.MAX_ENTRIES);
        model.addAttribute("maxNote", IpAllowList.MAX_NOTE_LENGTH);
        var settings = basicAuth.settings();
        model.addAttribute("basicAuth", settings);
        if (!model.containsAttribute("username")) {
            model.addAttribute("username", settings.username());
        }
        model.addAttribute("minPassword", ConsumerBasicAuth.MIN_PASSWORD_LENGTH);
        model.addAttribute("maxPassword", ConsumerBasicAuth.MAX_PASSWORD_LENGTH);
        model.addAttribute("maxUsername", ConsumerBasicAuth.MAX_USERNAME_LENGTH);
        return PAGE;
    }

    private static ChangedBy by(TenantUserPrincipal user) {
        return ChangedBy.tenantUser(user.userId());
    }

    private List<String> messages(InvalidAccessSettingsException e, Locale locale) {
        return e.problems().stream()
                .map(p -> messages.getMessage(p.code(), p.args().toArray(), locale))
                .toList();
    }

    private String lockout(LockoutRefusedException e, Locale locale) {
        return messages.getMessage("access.error.lockout", new Object[] {e.clientAddress()}, locale);
    }
}
