package jp.tokuten.receipts.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.receipts.CampaignAnalytics;
import jp.tokuten.receipts.EntryExport;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Admin console: a campaign's analytics (entries per day, approval rate, reasons, purchases by store and
 * by item) as charts drawn on the server in SVG, and the download of its entries as CSV. Viewers and up;
 * the CSV has the entrants' personal data only for editors and admins (decision 085).
 */
@Controller
@PreAuthorize("hasRole('TENANT_VIEWER')")
class AdminCampaignAnalyticsController {

    private final CampaignAnalytics analytics;
    private final EntryExport export;

    AdminCampaignAnalyticsController(CampaignAnalytics analytics, EntryExport export) {
        this.analytics = analytics;
        this.export = export;
    }

    @GetMapping("/admin/campaigns/{campaign}/analytics")
    String page(@PathVariable UUID campaign, @AuthenticationPrincipal TenantUserPrincipal user, Model model) {
        CampaignView view = export.campaign(campaign);
        var figures = analytics.of(campaign);
        model.addAttribute("campaign", view);
        model.addAttribute("figures", figures);
        model.addAttribute("perDay", Charts.columns(figures.perDay()));
        model.addAttribute(
                "reasons",
                Charts.bars(figures.reasons().stream()
                        .map(r -> new Charts.Item(r.code(), r.entries(), r.entries()))
                        .toList()));
        model.addAttribute(
                "byStore",
                Charts.bars(figures.byStore().stream()
                        .map(p -> new Charts.Item(p.name(), p.amount(), p.receipts()))
                        .toList()));
        model.addAttribute(
                "byItem",
                Charts.bars(figures.byItem().stream()
                        .map(p -> new Charts.Item(p.name(), p.amount(), p.quantity()))
                        .toList()));
        model.addAttribute(
                "status",
                Charts.stack(List.of(
                        new Charts.Item("approved", figures.approved(), figures.approved()),
                        new Charts.Item("rejected", figures.rejected(), figures.rejected()),
                        new Charts.Item("review", figures.review(), figures.review()),
                        new Charts.Item("pending", figures.pending(), figures.pending()))));
        model.addAttribute("personal", user.role().includes(TenantRole.EDITOR));
        return "review/analytics";
    }

    @GetMapping("/admin/campaigns/{campaign}/entries.csv")
    void csv(
            @PathVariable UUID campaign,
            @RequestParam(required = false) @Nullable String encoding,
            @AuthenticationPrincipal TenantUserPrincipal user,
            Locale locale,
            HttpServletResponse response)
            throws IOException {
        EntryExport.Encoding chosen = EntryExport.Encoding.parse(encoding);
        export.campaign(campaign);
        EntryCsvResponse.start(response, campaign, chosen);
        export.write(campaign, chosen, user.role().includes(TenantRole.EDITOR), locale, response.getOutputStream());
    }
}
