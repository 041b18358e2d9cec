package jp.tokuten.rewards.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.rewards.Delivery;
import jp.tokuten.rewards.PremiumSettings;
import jp.tokuten.rewards.WinnerMessages;
import jp.tokuten.rewards.WinnerNotice;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.SpreadsheetCsv;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/rewards/campaigns/{campaign}/…}: a campaign's winners (award, entrant, prize, status, deadline,
 * shipment) with shipping and delivery, the shipping list as CSV with addresses (UTF-8 with BOM or Shift_JIS),
 * and the campaign's winner e-mail (language, each message's text in Japanese and English with a preview).
 * Viewers read the list; editors and admins ship, export the addresses (personal data; each export audited)
 * and change the e-mail.
 */
@Controller
@RequestMapping("/admin/rewards")
@PreAuthorize("hasRole('TENANT_VIEWER')")
class AdminWinnersController {

    private final Delivery delivery;
    private final WinnerMessages mail;
    private final Campaigns campaigns;
    private final MessageSource messages;
    private final PremiumSettings premiumSettings;

    AdminWinnersController(
            Delivery delivery,
            WinnerMessages mail,
            Campaigns campaigns,
            MessageSource messages,
            PremiumSettings premiumSettings) {
        this.premiumSettings = premiumSettings;
        this.delivery = delivery;
        this.mail = mail;
        this.campaigns = campaigns;
        this.messages = messages;
    }

    @GetMapping("/winners")
    String campaigns(Model model) {
        model.addAttribute("campaigns", campaigns.list(null));
        return "rewards/admin/winner-campaigns";
    }

    @GetMapping("/campaigns/{campaign}/winners")
    String winners(@PathVariable String campaign, Model model) {
        var found = campaign(campaign);
        model.addAttribute("campaign", found);
        model.addAttribute("winners", delivery.winners(found.id()));
        return "rewards/admin/winners";
    }

    @PostMapping("/campaigns/{campaign}/winners/{award}/ship")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String ship(
            @PathVariable String campaign,
            @PathVariable String award,
            @RequestParam(defaultValue = "") String trackingNumber,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var found = campaign(campaign);
        UUID id = ofCampaign(found, award);
        try {
            delivery.ship(id, trackingNumber);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            response.setStatus(e.status() == 409 ? 409 : 422);
            model.addAttribute("error", "problem." + e.code());
            model.addAttribute("failed", id);
            return winners(campaign, model);
        }
        redirect.addFlashAttribute("notice", "winners.admin.shipped");
        return "redirect:/admin/rewards/campaigns/" + found.id() + "/winners";
    }

    @PostMapping("/campaigns/{campaign}/winners/{award}/delivered")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String delivered(
            @PathVariable String campaign,
            @PathVariable String award,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var found = campaign(campaign);
        UUID id = ofCampaign(found, award);
        try {
            delivery.markDelivered(id);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            response.setStatus(409);
            model.addAttribute("error", "problem." + e.code());
            return winners(campaign, model);
        }
        redirect.addFlashAttribute("notice", "winners.admin.delivered");
        return "redirect:/admin/rewards/campaigns/" + found.id() + "/winners";
    }

    @GetMapping(path = "/campaigns/{campaign}/winners.csv", produces = "text/csv")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    void csv(
            @PathVariable String campaign,
            @RequestParam(required = false) @Nullable String charset,
            HttpServletResponse response,
            Locale locale)
            throws IOException {
        var found = campaign(campaign);
        boolean sjis = SpreadsheetCsv.shiftJis(charset);
        var rows = WinnersCsv.toShip(delivery.winners(found.id()));
        delivery.exported(found.id(), rows.size(), sjis ? "Shift_JIS" : "UTF-8");
        WinnersCsv.write(response, found.id(), rows, sjis, messages, locale);
    }

    @GetMapping("/campaigns/{campaign}/mail")
    String mailPage(
            @PathVariable String campaign,
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable String lang,
            Model model) {
        var found = campaign(campaign);
        var k = WinnerNotice.Kind.of(kind == null ? "address_request" : kind)
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        Locale l = "en".equals(lang) ? Locale.ENGLISH : Locale.JAPANESE;
        var template = mail.template(found.id(), k, l);
        return mailModel(found, k, l, template.subject(), template.body(), template.custom(), model);
    }

    private String mailModel(
            CampaignView campaign,
            WinnerNotice.Kind kind,
            Locale locale,
            String subject,
            String body,
            boolean custom,
            Model model) {
        model.addAttribute("campaign", campaign);
        model.addAttribute("kinds", WinnerNotice.Kind.values());
        model.addAttribute("kind", kind);
        model.addAttribute("lang", ("en".equals(locale.getLanguage()) ? "en" : "ja"));
        model.addAttribute("mailLang", ("en".equals(mail.locale(campaign.id()).getLanguage()) ? "en" : "ja"));
        model.addAttribute("subject", subject);
        model.addAttribute("body", body);
        model.addAttribute("custom", custom);
        var sample = new WinnerMessages.Values(
                messages.getMessage("winners.mail.sample.prize", null, locale),
                Instant.now().plusSeconds(14L * 24 * 3600),
                "https://example.jp/c/" + "sample/winners/xxxxxxxx",
                "1234-5678-9012",
                "ABCD-EFGH-JKLM",
                500L);
        var preview = WinnerMessages.render(new WinnerMessages.Template(subject, body, custom), sample, locale);
        model.addAttribute("previewSubject", preview[0]);
        model.addAttribute("previewBody", preview[1]);
        model.addAttribute("placeholders", List.of(WinnerMessages.PLACEHOLDERS));
        return "rewards/admin/winner-mail";
    }

    @PostMapping("/campaigns/{campaign}/mail")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String saveMail(
            @PathVariable String campaign,
            @RequestParam(defaultValue = "") String kind,
            @RequestParam(defaultValue = "") String lang,
            @RequestParam(defaultValue = "") String subject,
            @RequestParam(defaultValue = "") String body,
            @RequestParam(defaultValue = "save") String action,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var found = campaign(campaign);
        var k = WinnerNotice.Kind.of(kind).orElseThrow(() -> new ProblemException(404, "not_found"));
        Locale l = switch (lang) {
            case "ja" -> Locale.JAPANESE;
            case "en" -> Locale.ENGLISH;
            default -> throw new ProblemException(404, "not_found");
        };
        String back = "redirect:/admin/rewards/campaigns/" + found.id() + "/mail?kind=" + k.code() + "&lang=" + lang;
        switch (action) {
            case "preview" -> {
                return mailModel(found, k, l, subject, body, true, model);
            }
            case "reset" -> {
                mail.reset(found.id(), k, l);
                redirect.addFlashAttribute("notice", "winners.mail.reset");
                return back;
            }
            default -> {
                try {
                    mail.save(found.id(), k, l, subject, body);
                } catch (ProblemException e) {
                    response.setStatus(422);
                    model.addAttribute(
                            "error", "winners.mail.error." + e.properties().getOrDefault("field", "body"));
                    return mailModel(found, k, l, subject, body, true, model);
                }
                redirect.addFlashAttribute("notice", "winners.mail.saved");
                return back;
            }
        }
    }

    @PostMapping("/campaigns/{campaign}/mail/language")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String saveLanguage(
            @PathVariable String campaign, @RequestParam(defaultValue = "") String lang, RedirectAttributes redirect) {
        var found = campaign(campaign);
        Locale l = switch (lang) {
            case "ja" -> Locale.JAPANESE;
            case "en" -> Locale.ENGLISH;
            default -> throw new ProblemException(422, "invalid_mail_template", "lang");
        };
        mail.setLocale(found.id(), l);
        redirect.addFlashAttribute("notice", "winners.mail.languageSaved");
        return "redirect:/admin/rewards/campaigns/" + found.id() + "/mail";
    }

    @GetMapping("/campaigns/{campaign}/premiums")
    String premiums(@PathVariable String campaign, Model model) {
        var found = campaign(campaign);
        var stated = premiumSettings.of(found.id());
        return premiumsModel(
                found,
                stated.transactionYen() == null ? "" : stated.transactionYen().toString(),
                stated.expectedSalesYen() == null
                        ? ""
                        : stated.expectedSalesYen().toString(),
                model);
    }

    private String premiumsModel(CampaignView campaign, String transactionYen, String expectedSalesYen, Model model) {
        model.addAttribute("campaign", campaign);
        model.addAttribute("transactionYen", transactionYen);
        model.addAttribute("expectedSalesYen", expectedSalesYen);
        return "rewards/admin/premiums";
    }

    @PostMapping("/campaigns/{campaign}/premiums")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String savePremiums(
            @PathVariable String campaign,
            @RequestParam(defaultValue = "") String transactionYen,
            @RequestParam(defaultValue = "") String expectedSalesYen,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var found = campaign(campaign);
        try {
            premiumSettings.update(
                    found.id(),
                    PremiumSettings.amount(transactionYen, "transactionYen"),
                    PremiumSettings.amount(expectedSalesYen, "expectedSalesYen"));
        } catch (ProblemException e) {
            response.setStatus(422);
            model.addAttribute(
                    "error", "premium.settings.error." + e.properties().getOrDefault("field", "transactionYen"));
            return premiumsModel(found, transactionYen, expectedSalesYen, model);
        }
        redirect.addFlashAttribute("notice", "premium.settings.saved");
        return "redirect:/admin/rewards/campaigns/" + found.id() + "/premiums";
    }

    private CampaignView campaign(String id) {
        UUID parsed = RewardsApiController.parseUuid(id);
        if (parsed == null) {
            throw new ProblemException(404, "not_found");
        }
        return campaigns.find(parsed).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    /** The award's id when it is one of the campaign's winners; 404 otherwise. */
    private UUID ofCampaign(CampaignView campaign, String award) {
        UUID parsed = RewardsApiController.parseUuid(award);
        if (parsed == null
                || delivery.winners(campaign.id()).stream()
                        .noneMatch(w -> w.awardId().equals(parsed))) {
            throw new ProblemException(404, "not_found");
        }
        return parsed;
    }
}
