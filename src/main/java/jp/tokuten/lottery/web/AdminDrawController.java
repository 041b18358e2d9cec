package jp.tokuten.lottery.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.lottery.Courses;
import jp.tokuten.lottery.DrawView;
import jp.tokuten.lottery.Draws;
import jp.tokuten.lottery.Mechanic;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's closed draws of a campaign: viewers see each draw's commitment, and once run its seed,
 * winners and public record; editors create a course's draw, run it and re-draw lapsed wins. The services
 * record the meaning entries; every POST redirects back to the campaign's draws.
 */
@Controller
@PreAuthorize("hasRole('TENANT_VIEWER')")
class AdminDrawController {

    private final Draws draws;
    private final Courses courses;
    private final Campaigns campaigns;
    private final Tenants tenants;

    AdminDrawController(Draws draws, Courses courses, Campaigns campaigns, Tenants tenants) {
        this.draws = draws;
        this.courses = courses;
        this.campaigns = campaigns;
        this.tenants = tenants;
    }

    @GetMapping("/admin/campaigns/{campaign}/draws")
    String list(@PathVariable String campaign, Model model) {
        var found = campaigns.require(CourseJson.id(campaign));
        model.addAttribute("campaign", found);
        model.addAttribute("draws", draws.ofCampaign(found.id()));
        model.addAttribute(
                "courses",
                courses.list(found.id()).stream()
                        .filter(c -> c.mechanic() == Mechanic.CLOSED_DRAW)
                        .toList());
        model.addAttribute(
                "slug", tenants.findById(TenantBinder.required()).orElseThrow().slug());
        return "lottery/admin/draws";
    }

    @PostMapping("/admin/campaigns/{campaign}/draws")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String create(
            @PathVariable String campaign,
            @RequestParam(required = false) @Nullable String courseId,
            @RequestParam(required = false) @Nullable String redrawOnLapse,
            RedirectAttributes redirect) {
        UUID id = CourseJson.id(campaign);
        UUID course = courseId == null ? null : CourseJson.uuid(courseId.strip());
        try {
            if (course == null) {
                throw new ProblemException(422, "invalid_course_id");
            }
            draws.create(id, course, redrawOnLapse != null);
            redirect.addFlashAttribute("notice", "draws.admin.created");
        } catch (ProblemException e) {
            refused(e, redirect);
        }
        return "redirect:/admin/campaigns/" + id + "/draws";
    }

    @PostMapping("/admin/draws/{draw}/run")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String run(@PathVariable String draw, RedirectAttributes redirect) {
        DrawView found = draws.require(CourseJson.id(draw));
        try {
            draws.run(found.id());
            redirect.addFlashAttribute("notice", "draws.admin.drawn");
        } catch (ProblemException e) {
            refused(e, redirect);
        }
        return "redirect:/admin/campaigns/" + found.campaignId() + "/draws";
    }

    @PostMapping("/admin/draws/{draw}/redraws")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String redraw(@PathVariable String draw, RedirectAttributes redirect) {
        DrawView found = draws.require(CourseJson.id(draw));
        try {
            draws.redraw(found.id());
            redirect.addFlashAttribute("notice", "draws.admin.redrawCreated");
        } catch (ProblemException e) {
            refused(e, redirect);
        }
        return "redirect:/admin/campaigns/" + found.campaignId() + "/draws";
    }

    private static void refused(ProblemException e, RedirectAttributes redirect) {
        if (e.status() == 404) {
            throw e;
        }
        redirect.addFlashAttribute("problem", e.detailKey());
        redirect.addFlashAttribute("problemArguments", e.arguments());
    }

    /** A page's refusal (an unknown or another tenant's campaign or draw): the error page, not problem JSON. */
    @ExceptionHandler(ProblemException.class)
    void refusedPage(ProblemException e, HttpServletResponse response) throws IOException {
        response.sendError(e.status());
    }
}
