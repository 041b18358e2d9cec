package jp.tokuten.campaigns.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.ThemeView;
import jp.tokuten.campaigns.Themes;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/settings/theme}: the tenant's colours and custom CSS, and a campaign's
 * ({@code /admin/settings/theme/campaigns/{campaign}}), on the settings screen (decision 149). Only the
 * tenant's admins; bad colours or CSS the sanitiser would have to cut are answered 400 with a form message.
 */
@Controller
@PreAuthorize("hasRole('TENANT_ADMIN')")
class AdminThemeController {

    private static final String PAGE = "campaigns/admin/theme";

    private final Themes themes;
    private final Campaigns campaigns;
    private final MessageSource messages;

    AdminThemeController(Themes themes, Campaigns campaigns, MessageSource messages) {
        this.themes = themes;
        this.campaigns = campaigns;
        this.messages = messages;
    }

    @GetMapping("/admin/settings/theme")
    String tenant(Model model) {
        return page(null, themes.find(null), model);
    }

    @GetMapping("/admin/settings/theme/campaigns/{campaign}")
    String campaign(@PathVariable UUID campaign, Model model) {
        requireCampaign(campaign);
        return page(campaign, themes.find(campaign), model);
    }

    @PostMapping("/admin/settings/theme")
    String saveTenant(
            @RequestParam(required = false) @Nullable String primaryColor,
            @RequestParam(required = false) @Nullable String accentColor,
            @RequestParam(required = false) @Nullable String customCss,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        return save(null, primaryColor, accentColor, customCss, model, locale, response, redirect);
    }

    @PostMapping("/admin/settings/theme/campaigns/{campaign}")
    String saveCampaign(
            @PathVariable UUID campaign,
            @RequestParam(required = false) @Nullable String primaryColor,
            @RequestParam(required = false) @Nullable String accentColor,
            @RequestParam(required = false) @Nullable String customCss,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        requireCampaign(campaign);
        return save(campaign, primaryColor, accentColor, customCss, model, locale, response, redirect);
    }

    private String save(
            @Nullable UUID campaign,
            @Nullable String primaryColor,
            @Nullable String accentColor,
            @Nullable String customCss,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            themes.save(campaign, primaryColor, accentColor, customCss);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            response.setStatus(400);
            model.addAttribute("formError", message(e, locale));
            var sent = new ThemeView(campaign, primaryColor, accentColor, customCss == null ? "" : customCss, "", null);
            return page(campaign, sent, model);
        }
        redirect.addFlashAttribute("notice", "theme.saved");
        return campaign == null
                ? "redirect:/admin/settings/theme"
                : "redirect:/admin/settings/theme/campaigns/" + campaign;
    }

    private String message(ProblemException e, Locale locale) {
        Object field = e.properties().get("field");
        if ("customCss".equals(field)) {
            Object problem = e.properties().get("problem");
            if ("too long".equals(problem)) {
                return messages.getMessage("theme.error.cssTooLong", new Object[] {20_000}, locale);
            }
            return messages.getMessage("theme.error.css", new Object[] {problem}, locale);
        }
        if ("primaryColor".equals(field) || "accentColor".equals(field)) {
            return messages.getMessage(
                    "theme.error.color",
                    new Object[] {
                        messages.getMessage(
                                "primaryColor".equals(field) ? "theme.primary" : "theme.accent", null, locale)
                    },
                    locale);
        }
        return messages.getMessage(e.detailKey(), e.arguments(), e.code(), locale);
    }

    private void requireCampaign(UUID campaign) {
        if (campaigns.find(campaign).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    private String page(@Nullable UUID campaign, ThemeView theme, Model model) {
        model.addAttribute("theme", theme);
        model.addAttribute(
                "themeCampaign",
                campaign == null ? null : campaigns.find(campaign).orElse(null));
        model.addAttribute("campaignList", campaigns.list(null));
        model.addAttribute(
                "formAction",
                campaign == null ? "/admin/settings/theme" : "/admin/settings/theme/campaigns/" + campaign);
        return PAGE;
    }
}
