package jp.tokuten.lottery.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.lottery.ChancesPer;
import jp.tokuten.lottery.CourseDraft;
import jp.tokuten.lottery.CourseView;
import jp.tokuten.lottery.Courses;
import jp.tokuten.lottery.Mechanic;
import jp.tokuten.lottery.PacingSchedule;
import jp.tokuten.lottery.PrizeDraft;
import jp.tokuten.lottery.PrizeKind;
import jp.tokuten.lottery.PrizeView;
import jp.tokuten.rewards.PremiumLimits;
import jp.tokuten.rewards.PremiumSettings;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.SvgCharts;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * A campaign's courses and prizes in the console: viewers see each course's stock dashboard (stock left
 * against the schedule, drawn as an SVG chart on the server); editors add and change courses (audited by
 * {@link Courses}).
 */
@Controller
@PreAuthorize("hasRole('TENANT_VIEWER')")
class AdminCourseController {

    /** Rows of prizes the form offers; blank rows are left out. */
    static final int PRIZE_ROWS = 5;

    private final Courses courses;
    private final Campaigns campaigns;
    private final PacingSchedule schedule;
    private final MessageSource messages;
    private final PremiumSettings premiums;

    AdminCourseController(
            Courses courses,
            Campaigns campaigns,
            PacingSchedule schedule,
            MessageSource messages,
            PremiumSettings premiums) {
        this.premiums = premiums;
        this.courses = courses;
        this.campaigns = campaigns;
        this.schedule = schedule;
        this.messages = messages;
    }

    /** One course on the dashboard: the figures and the chart of stock left (columns) against the schedule (line). */
    record Shown(PacingSchedule.Dashboard dashboard, SvgCharts.ColumnChart chart, String chancePercent) {}

    @GetMapping("/admin/campaigns/{campaign}/courses")
    String list(@PathVariable String campaign, Model model) {
        var found = campaigns.find(CourseJson.id(campaign)).orElseThrow(() -> new ProblemException(404, "not_found"));
        model.addAttribute("campaign", found);
        model.addAttribute(
                "courses",
                schedule.ofCampaign(found.id()).stream()
                        .map(AdminCourseController::shown)
                        .toList());
        model.addAttribute(
                "premiumWarnings",
                premiums.warnings(
                        found.id(),
                        courses.list(found.id()).stream()
                                .map(AdminCourseController::planned)
                                .toList()));
        return "lottery/admin/courses";
    }

    /**
     * A course as the legal caps see it (rewards' {@link PremiumLimits}): its mechanic's offer, the receipt
     * amount it needs as the transaction value (else the campaign's), and its prizes' values and stock.
     */
    static PremiumLimits.Course planned(CourseView c) {
        return new PremiumLimits.Course(
                c.name(),
                PremiumLimits.Offer.ofMechanic(c.mechanic().code()),
                c.minTotalYen(),
                c.prizes().stream()
                        .map(p -> new PremiumLimits.Prize(p.name(), p.valueYen(), p.stock()))
                        .toList());
    }

    static Shown shown(PacingSchedule.Dashboard d) {
        var points = d.days().stream()
                .map(day -> new SvgCharts.Point(day.day().toString(), day.actualLeft() == null ? 0 : day.actualLeft()))
                .toList();
        List<@Nullable Long> line = new ArrayList<>();
        d.days().forEach(day -> line.add(day.scheduledLeft()));
        var chart =
                SvgCharts.columns("stock", points, line, Math.max(1, d.course().stock()), 600, 120);
        return new Shown(d, chart, String.format(Locale.ROOT, "%.4f", d.chance() * 100));
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @GetMapping("/admin/campaigns/{campaign}/courses/new")
    String newCourse(@PathVariable String campaign, Model model) {
        var found = campaigns.find(CourseJson.id(campaign)).orElseThrow(() -> new ProblemException(404, "not_found"));
        return form(model, found.id(), null, Form.empty());
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/admin/campaigns/{campaign}/courses")
    String create(
            @PathVariable String campaign,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale) {
        UUID campaignId = CourseJson.id(campaign);
        Form form = Form.of(request);
        try {
            courses.create(campaignId, form.draft());
            return "redirect:/admin/campaigns/" + campaignId + "/courses";
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            return refused(e, response, model, locale, campaignId, null, form);
        }
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @GetMapping("/admin/courses/{course}")
    String edit(@PathVariable String course, Model model) {
        CourseView found = courses.require(CourseJson.id(course));
        return form(model, found.campaignId(), found, Form.of(found));
    }

    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/admin/courses/{course}")
    String update(
            @PathVariable String course,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Locale locale) {
        CourseView found = courses.require(CourseJson.id(course));
        Form form = Form.of(request);
        try {
            courses.update(found.id(), form.draft());
            return "redirect:/admin/campaigns/" + found.campaignId() + "/courses";
        } catch (ProblemException e) {
            return refused(e, response, model, locale, found.campaignId(), found, form);
        }
    }

    private String refused(
            ProblemException e,
            HttpServletResponse response,
            Model model,
            Locale locale,
            UUID campaign,
            @Nullable CourseView course,
            Form form) {
        response.setStatus(e.status() == 422 ? 400 : e.status());
        model.addAttribute("error", messages.getMessage(e.detailKey(), e.arguments(), e.code(), locale));
        model.addAttribute("errorField", e.properties().getOrDefault("field", ""));
        return form(model, campaign, course, form);
    }

    private String form(Model model, UUID campaign, @Nullable CourseView course, Form form) {
        model.addAttribute(
                "campaign", campaigns.find(campaign).orElseThrow(() -> new ProblemException(404, "not_found")));
        model.addAttribute("course", course);
        model.addAttribute("form", form);
        model.addAttribute(
                "mechanics",
                List.of(Mechanic.values()).stream().map(Mechanic::code).toList());
        model.addAttribute(
                "chancesPers",
                List.of(ChancesPer.values()).stream().map(ChancesPer::code).toList());
        model.addAttribute(
                "kinds",
                List.of(PrizeKind.values()).stream().map(PrizeKind::code).toList());
        return "lottery/admin/form";
    }

    /** A prize row as typed: reference is the gift-code pool id, the coupon id or the payout in yen. */
    record PrizeRow(String name, String stock, String valueYen, String kind, String reference) {
        boolean blank() {
            return name.isBlank() && stock.isBlank() && valueYen.isBlank() && reference.isBlank();
        }
    }

    /** The course form as typed (strings, so a refused form shows what was typed). */
    record Form(
            String name,
            String mechanic,
            String chancesPer,
            String maxWinsPerEntrant,
            String pointsNeeded,
            String winChancePercent,
            List<PrizeRow> prizes) {

        static Form empty() {
            List<PrizeRow> rows = new ArrayList<>();
            for (int i = 0; i < PRIZE_ROWS; i++) {
                rows.add(new PrizeRow("", "", "", "physical", ""));
            }
            return new Form("", "instant_win", "entry", "1", "", "", rows);
        }

        static Form of(CourseView c) {
            List<PrizeRow> rows = new ArrayList<>();
            for (PrizeView p : c.prizes()) {
                String ref = switch (p.kind()) {
                    case GIFT_CODE -> String.valueOf(p.giftCodePoolId());
                    case COUPON -> String.valueOf(p.couponId());
                    case PAYOUT -> String.valueOf(p.payoutYen());
                    case PHYSICAL -> "";
                };
                rows.add(new PrizeRow(
                        p.name(),
                        String.valueOf(p.stock()),
                        String.valueOf(p.valueYen()),
                        p.kind().code(),
                        ref));
            }
            while (rows.size() < Math.max(PRIZE_ROWS, c.prizes().size() + 1)) {
                rows.add(new PrizeRow("", "", "", "physical", ""));
            }
            Double chance = c.winChance();
            return new Form(
                    c.name(),
                    c.mechanic().code(),
                    c.chancesPer().code(),
                    String.valueOf(c.maxWinsPerEntrant()),
                    c.pointsNeeded() == null ? "" : String.valueOf(c.pointsNeeded()),
                    chance == null ? "" : String.valueOf(chance * 100),
                    rows);
        }

        static Form of(HttpServletRequest r) {
            String[] names = values(r, "prizeName");
            List<PrizeRow> rows = new ArrayList<>();
            for (int i = 0; i < names.length && i < Courses.MAX_PRIZES; i++) {
                rows.add(new PrizeRow(
                        names[i],
                        at(values(r, "prizeStock"), i),
                        at(values(r, "prizeValue"), i),
                        at(values(r, "prizeKind"), i),
                        at(values(r, "prizeReference"), i)));
            }
            return new Form(
                    param(r, "name"),
                    param(r, "mechanic"),
                    param(r, "chancesPer"),
                    param(r, "maxWinsPerEntrant"),
                    param(r, "pointsNeeded"),
                    param(r, "winChancePercent"),
                    rows);
        }

        CourseDraft draft() {
            List<PrizeDraft> prizes = new ArrayList<>();
            int i = 0;
            for (PrizeRow row : this.prizes) {
                if (row.blank()) {
                    continue;
                }
                String at = "prizes[" + i + "].";
                PrizeKind kind = PrizeKind.of(row.kind()).orElseThrow(() -> CourseJson.invalid(at + "kind"));
                String ref = row.reference().strip();
                UUID pool = kind == PrizeKind.GIFT_CODE ? uuid(ref, at + "giftCodePoolId") : null;
                UUID coupon = kind == PrizeKind.COUPON ? uuid(ref, at + "couponId") : null;
                Long payout = kind == PrizeKind.PAYOUT && !ref.isEmpty() ? number(ref, at + "payoutYen") : null;
                prizes.add(new PrizeDraft(
                        row.name(),
                        toInt(number(row.stock(), at + "stock")),
                        number(row.valueYen(), at + "valueYen"),
                        kind,
                        pool,
                        coupon,
                        payout));
                i++;
            }
            long maxWins = number(maxWinsPerEntrant, "maxWinsPerEntrant");
            Long points = pointsNeeded.isBlank() ? null : number(pointsNeeded, "pointsNeeded");
            Double chance = null;
            if (!winChancePercent.isBlank()) {
                try {
                    chance = Double.parseDouble(winChancePercent.strip()) / 100;
                } catch (NumberFormatException e) {
                    throw CourseJson.invalid("winChance");
                }
            }
            return new CourseDraft(
                    name,
                    Mechanic.of(mechanic).orElseThrow(() -> CourseJson.invalid("mechanic")),
                    prizes,
                    points == null ? null : toInt(points),
                    null,
                    ChancesPer.of(chancesPer).orElseThrow(() -> CourseJson.invalid("chancesPer")),
                    toInt(maxWins),
                    chance);
        }

        private static int toInt(long v) {
            return (int) Math.clamp(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        private static long number(String text, String field) {
            try {
                return Long.parseLong(text.strip().replace(",", ""));
            } catch (NumberFormatException e) {
                throw CourseJson.invalid(field);
            }
        }

        private static UUID uuid(String text, String field) {
            UUID id = CourseJson.uuid(text);
            if (id == null) {
                throw CourseJson.invalid(field);
            }
            return id;
        }

        private static String param(HttpServletRequest r, String name) {
            String v = r.getParameter(name);
            return v == null ? "" : v;
        }

        private static String[] values(HttpServletRequest r, String name) {
            String[] v = r.getParameterValues(name);
            return v == null ? new String[0] : v;
        }

        private static String at(String[] values, int i) {
            return i < values.length ? values[i] : "";
        }
    }
}
