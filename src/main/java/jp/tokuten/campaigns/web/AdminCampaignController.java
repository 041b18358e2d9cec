package jp.tokuten.campaigns.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignImages;
import jp.tokuten.campaigns.CampaignStatus;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admin console: the tenant's campaigns. {@code /admin/campaigns} lists them by status,
 * {@code /admin/campaigns/new} starts one, {@code /admin/campaigns/{campaign}} edits every rule, the entry
 * form's fields, the landing page (text, terms, image) and moves the campaign through its life; it shows the
 * preview link of the landing page. Viewers read; editors (and admins) change.
 */
@Controller
@PreAuthorize("hasRole('TENANT_VIEWER')")
class AdminCampaignController {

    private static final String LIST = "campaigns/admin/list";
    private static final String EDIT = "campaigns/admin/edit";

    private final Campaigns campaigns;
    private final CampaignImages images;
    private final Tenants tenants;
    private final MessageSource messages;
    private final Clock clock;

    AdminCampaignController(
            Campaigns campaigns, CampaignImages images, Tenants tenants, MessageSource messages, Clock clock) {
        this.campaigns = campaigns;
        this.images = images;
        this.tenants = tenants;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/admin/campaigns")
    String list(@RequestParam(required = false) @Nullable String status, Model model) {
        CampaignStatus filter = null;
        if (status != null && !status.isBlank()) {
            filter = java.util.Arrays.stream(CampaignStatus.values())
                    .filter(s -> s.code().equals(status))
                    .findFirst()
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST));
        }
        model.addAttribute("campaigns", campaigns.list(filter));
        model.addAttribute("statuses", CampaignStatus.values());
        model.addAttribute("status", filter == null ? "" : filter.code());
        return LIST;
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @GetMapping("/admin/campaigns/new")
    String newCampaign(Model model, Locale locale) {
        return edit(null, CampaignForm.blank(today(), genderOptions(locale)), model);
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/admin/campaigns")
    String create(
            @RequestParam MultiValueMap<String, String> sent,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var form = CampaignForm.of(sent);
        try {
            var created = campaigns.create(form.draft(null));
            redirect.addFlashAttribute("notice", "campaigns.notice.created");
            return "redirect:/admin/campaigns/" + created.id();
        } catch (ProblemException e) {
            response.setStatus(e.status() == 422 ? 400 : e.status());
            model.addAttribute("formError", message(e, locale));
            return edit(null, form, model);
        }
    }

    @GetMapping("/admin/campaigns/{campaign}")
    String show(@PathVariable UUID campaign, Model model, Locale locale) {
        var c = campaigns.require(campaign);
        return edit(c, CampaignForm.of(c, genderOptions(locale)), model);
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/admin/campaigns/{campaign}")
    String update(
            @PathVariable UUID campaign,
            @RequestParam MultiValueMap<String, String> sent,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var current = campaigns.require(campaign);
        var form = CampaignForm.of(sent);
        try {
            campaigns.update(campaign, form.draft(current.landingImage()));
        } catch (ProblemException e) {
            response.setStatus(e.status() == 422 ? 400 : e.status());
            model.addAttribute("formError", message(e, locale));
            return edit(current, form, model);
        }
        redirect.addFlashAttribute("notice", "campaigns.notice.saved");
        return "redirect:/admin/campaigns/" + campaign;
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/admin/campaigns/{campaign}/open")
    String open(
            @PathVariable UUID campaign,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        return step(campaign, "opened", model, locale, response, redirect);
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/admin/campaigns/{campaign}/close")
    String close(
            @PathVariable UUID campaign,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        return step(campaign, "closed", model, locale, response, redirect);
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/admin/campaigns/{campaign}/archive")
    String archive(
            @PathVariable UUID campaign,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        return step(campaign, "archived", model, locale, response, redirect);
    }

    private String step(
            UUID campaign,
            String done,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            switch (done) {
                case "opened" -> campaigns.open(campaign);
                case "closed" -> campaigns.close(campaign);
                default -> campaigns.archive(campaign);
            }
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            response.setStatus(e.status());
            model.addAttribute("actionError", message(e, locale));
            var c = campaigns.require(campaign);
            return edit(c, CampaignForm.of(c, genderOptions(locale)), model);
        }
        redirect.addFlashAttribute("notice", "campaigns.notice." + done);
        return "redirect:/admin/campaigns/" + campaign;
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/admin/campaigns/{campaign}/image")
    String image(
            @PathVariable UUID campaign,
            @RequestParam(name = "image", required = false) @Nullable MultipartFile image,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect)
            throws IOException {
        var current = campaigns.require(campaign);
        try {
            if (image == null || image.isEmpty()) {
                throw new ProblemException(400, "empty");
            }
            images.replace(campaign, image, image.getSize());
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            response.setStatus(e.status() == 503 ? 503 : e.status() == 409 ? 409 : 400);
            model.addAttribute("imageError", message(e, locale));
            return edit(current, CampaignForm.of(current, genderOptions(locale)), model);
        }
        redirect.addFlashAttribute("notice", "campaigns.notice.imageSaved");
        return "redirect:/admin/campaigns/" + campaign;
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/admin/campaigns/{campaign}/image/delete")
    String removeImage(
            @PathVariable UUID campaign,
            Model model,
            Locale locale,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            images.remove(campaign);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            response.setStatus(e.status());
            model.addAttribute("actionError", message(e, locale));
            var c = campaigns.require(campaign);
            return edit(c, CampaignForm.of(c, genderOptions(locale)), model);
        }
        redirect.addFlashAttribute("notice", "campaigns.notice.imageRemoved");
        return "redirect:/admin/campaigns/" + campaign;
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/admin/campaigns/{campaign}/preview-link")
    String rotatePreview(@PathVariable UUID campaign, RedirectAttributes redirect) {
        campaigns.rotatePreviewToken(campaign);
        redirect.addFlashAttribute("notice", "campaigns.notice.previewRotated");
        return "redirect:/admin/campaigns/" + campaign;
    }

    /**
     * A refusal no form shows (another tenant's or an unknown campaign: 404) gets the console's error page,
     * not problem JSON.
     */
    @org.springframework.web.bind.annotation.ExceptionHandler(ProblemException.class)
    void refused(ProblemException e, HttpServletResponse response) throws IOException {
        response.sendError(e.status());
    }

    private String edit(@Nullable CampaignView campaign, CampaignForm form, Model model) {
        model.addAttribute("campaign", campaign);
        model.addAttribute("form", form);
        model.addAttribute("charTypes", FormField.CharType.values());
        model.addAttribute("fraudActions", List.of("review", "block"));
        if (campaign != null) {
            String slug =
                    tenants.findById(TenantBinder.required()).orElseThrow().slug();
            String base = "/c/" + slug + "/campaigns/" + campaign.id();
            model.addAttribute("previewPath", base + "?preview=" + campaign.previewToken());
            if (campaign.landingImage() != null) {
                model.addAttribute(
                        "imagePath",
                        base + "/image?preview=" + campaign.previewToken() + "&v=" + campaign.landingImage());
            }
        }
        model.addAttribute("imageMaxMegabytes", CampaignImages.MAX_BYTES / (1024 * 1024));
        model.addAttribute("imageMinWidth", CampaignImages.MIN_WIDTH);
        model.addAttribute("imageMinHeight", CampaignImages.MIN_HEIGHT);
        model.addAttribute("imageMaxSide", CampaignImages.MAX_SIDE);
        return EDIT;
    }

    private String message(ProblemException e, Locale locale) {
        Object field = e.properties().get("field");
        if (e.code().equals("invalid_campaign") && field != null) {
            return messages.getMessage(
                    "campaigns.error." + field,
                    null,
                    messages.getMessage(e.detailKey(), e.arguments(), locale),
                    locale);
        }
        return messages.getMessage(e.detailKey(), e.arguments(), e.code(), locale);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
    }

    private String genderOptions(Locale locale) {
        return messages.getMessage("campaigns.form.gender.options", null, locale);
    }
}
