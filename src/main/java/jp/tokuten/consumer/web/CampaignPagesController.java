package jp.tokuten.consumer.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import jp.tokuten.campaigns.CampaignStatus;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.consumer.ConsumerTenant;
import jp.tokuten.lottery.Draws;
import jp.tokuten.tenancy.TenantView;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/** The tenant's consumer home (its running campaigns) and each campaign's landing page. */
@Controller
class CampaignPagesController {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private final Campaigns campaigns;
    private final Draws draws;
    private final EntrantCookies cookies;
    private final Clock clock;

    CampaignPagesController(Campaigns campaigns, Draws draws, EntrantCookies cookies, Clock clock) {
        this.campaigns = campaigns;
        this.draws = draws;
        this.cookies = cookies;
        this.clock = clock;
    }

    @GetMapping({"/c/{slug}", "/c/{slug}/"})
    String home(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant, HttpServletRequest request, Model model) {
        LocalDate today = LocalDate.now(clock.withZone(TOKYO));
        List<CampaignView> running = campaigns.list(CampaignStatus.OPEN).stream()
                .filter(c -> !today.isAfter(c.entryPeriod().to().plusDays(c.uploadGraceDays())))
                .toList();
        model.addAttribute("tenant", tenant);
        model.addAttribute("campaigns", running);
        model.addAttribute("entrant", cookies.entrant(request).orElse(null));
        return "consumer/home";
    }

    @GetMapping("/c/{slug}/campaigns/{id}")
    String landing(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String preview,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        var shown = ShownCampaign.find(campaigns, id, preview).orElseThrow(NotFound::page);
        CampaignView c = shown.campaign();
        LocalDate today = LocalDate.now(clock.withZone(TOKYO));
        cookies.device(request, response, tenant);
        model.addAttribute("tenant", tenant);
        model.addAttribute("campaign", c);
        model.addAttribute("preview", shown.preview());
        // the language link of the layout keeps the preview (the token is base64url: nothing to escape)
        model.addAttribute("previewToken", shown.preview() ? c.previewToken() : null);
        model.addAttribute("accepting", !shown.preview() && c.takesEntriesOn(today));
        model.addAttribute(
                "notYet",
                c.status() == CampaignStatus.OPEN
                        && today.isBefore(c.entryPeriod().from()));
        model.addAttribute("entrant", cookies.entrant(request).orElse(null));
        // the commitments of the campaign's closed draws, published from their creation (docs/draws.md)
        model.addAttribute("draws", shown.preview() ? List.of() : draws.ofCampaign(c.id()));
        return "consumer/campaign";
    }
}
