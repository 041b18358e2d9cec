package jp.tokuten.rewards.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.rewards.GiftCodePools;
import jp.tokuten.rewards.PointsRule;
import jp.tokuten.rewards.RewardSettings;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/rewards}: gift-code pools (create, upload codes as CSV, remaining count and low-stock state,
 * threshold) and each campaign's points rule and address deadline. Viewers and the roles above read; editors
 * and admins change. Uploads are audited by their counts (never the codes), settings changes as
 * {@code rewards.settings_changed}, pools by their captured rows.
 */
@Controller
@RequestMapping("/admin/rewards")
@PreAuthorize("hasRole('TENANT_VIEWER')")
class AdminRewardsController {

    private final GiftCodePools pools;
    private final RewardSettings settings;
    private final Campaigns campaigns;

    AdminRewardsController(GiftCodePools pools, RewardSettings settings, Campaigns campaigns) {
        this.pools = pools;
        this.settings = settings;
        this.campaigns = campaigns;
    }

    @GetMapping("/gift-code-pools")
    String pools(Model model) {
        model.addAttribute("pools", pools.list());
        model.addAttribute("campaigns", campaigns.list(null));
        return "rewards/admin/pools";
    }

    @PostMapping("/gift-code-pools")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String create(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String campaignId,
            @RequestParam(defaultValue = "0") String lowThreshold,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            UUID campaign = null;
            if (!campaignId.isBlank()) {
                campaign = RewardsApiController.parseUuid(campaignId.strip());
                if (campaign == null || campaigns.find(campaign).isEmpty()) {
                    throw new ProblemException(422, "invalid_pool", "campaignId").with("field", "campaignId");
                }
            }
            var pool = pools.create(name, campaign, number(lowThreshold, "invalid_pool", "lowThreshold"));
            redirect.addFlashAttribute("notice", "rewards.admin.pool.created");
            return "redirect:/admin/rewards/gift-code-pools/" + pool.id();
        } catch (ProblemException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "rewards.admin.error." + e.properties().getOrDefault("field", "name"));
            model.addAttribute("name", name);
            return pools(model);
        }
    }

    @GetMapping("/gift-code-pools/{id}")
    String pool(@PathVariable String id, Model model) {
        var pool = pools.get(RewardsApiController.id(id));
        model.addAttribute("pool", pool);
        model.addAttribute(
                "campaignName",
                pool.campaignId() == null
                        ? null
                        : campaigns
                                .find(pool.campaignId())
                                .map(CampaignView::name)
                                .orElse(null));
        return "rewards/admin/pool";
    }

    @PostMapping("/gift-code-pools/{id}/codes")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String upload(
            @PathVariable String id,
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect)
            throws IOException {
        UUID pool = RewardsApiController.id(id);
        try {
            if (file == null || file.isEmpty() || file.getSize() > RewardsApiController.MAX_CSV_BYTES) {
                throw new ProblemException(422, "unreadable_csv");
            }
            var counts = pools.upload(pool, file.getBytes());
            // flash attributes live in the session, which is serialised: plain values only
            var upload = new java.util.LinkedHashMap<String, Object>();
            upload.put("added", counts.added());
            upload.put("duplicates", counts.duplicates());
            upload.put("rejected", counts.rejected());
            upload.put("remaining", counts.remaining());
            upload.put("duplicateLines", new java.util.ArrayList<>(counts.duplicateLines()));
            upload.put("rejectedLines", new java.util.ArrayList<>(counts.rejectedLines()));
            redirect.addFlashAttribute("upload", upload);
            return "redirect:/admin/rewards/gift-code-pools/" + pool;
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "rewards.admin.error.csv");
            return pool(id, model);
        }
    }

    @PostMapping("/gift-code-pools/{id}/threshold")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String threshold(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String lowThreshold,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        UUID pool = RewardsApiController.id(id);
        try {
            pools.setThreshold(pool, number(lowThreshold, "invalid_pool", "lowThreshold"));
            redirect.addFlashAttribute("notice", "rewards.admin.saved");
            return "redirect:/admin/rewards/gift-code-pools/" + pool;
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "rewards.admin.error.lowThreshold");
            return pool(id, model);
        }
    }

    @GetMapping("/settings")
    String settings(Model model) {
        Map<UUID, RewardSettings.Settings> byCampaign = new LinkedHashMap<>();
        var list = campaigns.list(null);
        for (var c : list) {
            byCampaign.put(c.id(), settings.of(c.id()));
        }
        model.addAttribute("campaigns", list);
        model.addAttribute("settings", byCampaign);
        model.addAttribute("rules", PointsRule.Kind.values());
        return "rewards/admin/settings";
    }

    @PostMapping("/settings/{campaign}")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String saveSettings(
            @PathVariable String campaign,
            @RequestParam(defaultValue = "") String addressDays,
            @RequestParam(defaultValue = "none") String pointsRule,
            @RequestParam(defaultValue = "1") String pointsPer,
            @RequestParam(defaultValue = "100") String yenUnit,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        UUID id = RewardsApiController.id(campaign);
        if (campaigns.find(id).isEmpty()) {
            throw new ProblemException(404, "not_found");
        }
        try {
            var kind = PointsRule.Kind.of(pointsRule.strip())
                    .orElseThrow(() ->
                            new ProblemException(422, "invalid_settings", "pointsRule").with("field", "pointsRule"));
            settings.update(
                    id,
                    number(addressDays, "invalid_settings", "addressDays"),
                    new PointsRule(
                            kind,
                            number(pointsPer, "invalid_settings", "pointsPer"),
                            number(yenUnit, "invalid_settings", "yenUnit")));
            redirect.addFlashAttribute("notice", "rewards.admin.saved");
            return "redirect:/admin/rewards/settings";
        } catch (ProblemException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "rewards.admin.error." + e.properties().getOrDefault("field", "addressDays"));
            model.addAttribute("failed", id);
            return settings(model);
        }
    }

    private static int number(String text, String code, String field) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new ProblemException(422, code, field).with("field", field);
        }
    }
}
