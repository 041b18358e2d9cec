package jp.tokuten.consumer.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignStatus;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.consumer.ConsumerTenant;
import jp.tokuten.lottery.CourseView;
import jp.tokuten.lottery.Courses;
import jp.tokuten.lottery.DrawAlgorithm;
import jp.tokuten.lottery.DrawView;
import jp.tokuten.lottery.Draws;
import jp.tokuten.lottery.EveryoneGets;
import jp.tokuten.lottery.Mechanic;
import jp.tokuten.lottery.PointChances;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantView;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The tenant's consumer home (its running campaigns) and each campaign's landing page. */
@Controller
class CampaignPagesController {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private final Campaigns campaigns;
    private final Draws draws;
    private final Courses courses;
    private final PointChances pointChances;
    private final EveryoneGets everyone;
    private final EntrantCookies cookies;
    private final Clock clock;

    CampaignPagesController(
            Campaigns campaigns,
            Draws draws,
            Courses courses,
            PointChances pointChances,
            EveryoneGets everyone,
            EntrantCookies cookies,
            Clock clock) {
        this.campaigns = campaigns;
        this.draws = draws;
        this.courses = courses;
        this.pointChances = pointChances;
        this.everyone = everyone;
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
        var entrant = cookies.entrant(request).orElse(null);
        model.addAttribute("entrant", entrant);
        // the commitments of the campaign's closed draws, published from their creation (docs/draws.md)
        List<DrawView> published = shown.preview() ? List.of() : draws.ofCampaign(c.id());
        model.addAttribute("draws", published);
        model.addAttribute("verifier", published.isEmpty() ? "" : DrawAlgorithm.pythonVerifier());
        // closed-draw courses whose chances are bought with points, until their draw has run (decision 119)
        List<PointCourse> pointCourses = shown.preview()
                ? List.of()
                : courses.list(c.id()).stream()
                        .filter(k -> k.mechanic() == Mechanic.CLOSED_DRAW && k.pointsNeeded() != null)
                        .filter(k -> published.stream()
                                .noneMatch(d -> d.courseId().equals(k.id()) && d.redrawOf() == null && d.drawn()))
                        .map(k -> new PointCourse(k, entrant == null ? 0 : pointChances.countOf(k.id(), entrant.id())))
                        .toList();
        model.addAttribute("pointCourses", pointCourses);
        // everyone-gets courses whose prize is exchanged for points (decision 150)
        List<CourseView> exchangeCourses = shown.preview()
                ? List.of()
                : courses.list(c.id()).stream()
                        .filter(k -> k.mechanic() == Mechanic.EVERYONE && k.pointsNeeded() != null)
                        .toList();
        model.addAttribute("exchangeCourses", exchangeCourses);
        model.addAttribute(
                "balance",
                entrant == null || (pointCourses.isEmpty() && exchangeCourses.isEmpty())
                        ? null
                        : pointChances.balance(entrant.id(), c.id()));
        return "consumer/campaign";
    }

    /** A course whose chances are bought with points, and how many the signed-in entrant holds. */
    record PointCourse(CourseView course, int bought) {}

    /** The signed-in entrant exchanges the course's points for its everyone-gets prize (decision 150). */
    @PostMapping("/c/{slug}/campaigns/{id}/courses/{course}/exchange")
    String exchange(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @PathVariable String id,
            @PathVariable String course,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        return spendPoints(tenant, id, course, request, redirect, (found, entrant) -> {
            var done = everyone.exchange(found.id(), entrant);
            return new Object[] {"draws.exchange.done", done.prize().name(), done.balance()};
        });
    }

    /** The signed-in entrant spends the course's points for one chance in its draw (decision 119). */
    @PostMapping("/c/{slug}/campaigns/{id}/courses/{course}/point-chance")
    String pointChance(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @PathVariable String id,
            @PathVariable String course,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        return spendPoints(tenant, id, course, request, redirect, (found, entrant) -> {
            var taken = pointChances.take(found.id(), entrant);
            return new Object[] {"draws.points.taken", found.name(), taken.balance()};
        });
    }

    /**
     * What the campaign page's point buttons share: the signed-in entrant (else the sign-in page), the course of
     * this campaign (else 404), the spend, and its notice ({message key, name, balance}) or refusal on the page.
     */
    private String spendPoints(
            TenantView tenant,
            String id,
            String course,
            HttpServletRequest request,
            RedirectAttributes redirect,
            java.util.function.BiFunction<CourseView, UUID, Object[]> spend) {
        var shown = ShownCampaign.find(campaigns, id, null).orElseThrow(NotFound::page);
        String page = "/c/" + tenant.slug() + "/campaigns/" + shown.campaign().id();
        var entrant = cookies.entrant(request);
        if (entrant.isEmpty()) {
            return "redirect:/c/" + tenant.slug() + "/signin";
        }
        UUID courseId;
        try {
            courseId = UUID.fromString(course);
        } catch (IllegalArgumentException e) {
            throw NotFound.page();
        }
        var found = courses.find(courseId)
                .filter(k -> k.campaignId().equals(shown.campaign().id()))
                .orElseThrow(NotFound::page);
        try {
            Object[] notice = spend.apply(found, entrant.get().id());
            redirect.addFlashAttribute("pointNotice", notice[0]);
            redirect.addFlashAttribute("pointNoticeArguments", new Object[] {notice[1], notice[2]});
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw NotFound.page();
            }
            redirect.addFlashAttribute("pointProblem", e.detailKey());
            redirect.addFlashAttribute("pointProblemArguments", e.arguments());
        }
        return "redirect:" + page;
    }
}
