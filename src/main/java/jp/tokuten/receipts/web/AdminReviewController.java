package jp.tokuten.receipts.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.receipts.CampaignEntries;
import jp.tokuten.receipts.EntryDecisions;
import jp.tokuten.receipts.EntryJudgement;
import jp.tokuten.receipts.EntryView;
import jp.tokuten.receipts.ReasonCode;
import jp.tokuten.receipts.ReceiptSubmissions;
import jp.tokuten.receipts.ReviewQueue;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The review workbench (decision 087): the queue of entries in review with its SLA timer, and one entry
 * at a time with its photos beside the read fields and each rule's result, where a reviewer corrects
 * fields (judgement runs again), approves, or rejects with a reason. Opening an entry claims it; a
 * decision needs the claim and lets go of it. Reviewers, editors and admins.
 */
@Controller
@PreAuthorize("hasRole('TENANT_REVIEWER')")
class AdminReviewController {

    /** The ages the queue can be filtered by, in hours. */
    static final List<Integer> AGES = List.of(1, 12, 24, 48);

    /** The fields of a receipt a reviewer can correct on the workbench. */
    static final List<String> CORRECTABLE = List.of("store.name", "purchasedAt", "total");

    private final ReviewQueue queue;
    private final CampaignEntries entries;
    private final EntryDecisions decisions;
    private final EntryJudgement judgement;
    private final ReceiptSubmissions submissions;
    private final Campaigns campaigns;
    private final Clock clock;

    AdminReviewController(
            ReviewQueue queue,
            CampaignEntries entries,
            EntryDecisions decisions,
            EntryJudgement judgement,
            ReceiptSubmissions submissions,
            Campaigns campaigns,
            Clock clock) {
        this.queue = queue;
        this.entries = entries;
        this.decisions = decisions;
        this.judgement = judgement;
        this.submissions = submissions;
        this.campaigns = campaigns;
        this.clock = clock;
    }

    /** The queue's filter as the URL gives it; a value that is not one the page offers is dropped and flagged. */
    record QueueParams(
            @Nullable String campaign,
            @Nullable String reason,
            @Nullable String age) {

        ReviewQueue.Filter filter() {
            return new ReviewQueue.Filter(
                    campaignId().orElse(null),
                    reasonCode().orElse(null),
                    olderThan().orElse(null));
        }

        Optional<UUID> campaignId() {
            try {
                return blank(campaign) ? Optional.empty() : Optional.of(UUID.fromString(campaign.strip()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        Optional<String> reasonCode() {
            return blank(reason)
                    ? Optional.empty()
                    : ReasonCode.of(reason.strip()).map(ReasonCode::code);
        }

        Optional<Duration> olderThan() {
            if (blank(age)) {
                return Optional.empty();
            }
            try {
                int hours = Integer.parseInt(age.strip());
                return AGES.contains(hours) ? Optional.of(Duration.ofHours(hours)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        boolean invalid() {
            return (!blank(campaign) && campaignId().isEmpty())
                    || (!blank(reason) && reasonCode().isEmpty())
                    || (!blank(age) && olderThan().isEmpty());
        }

        /** The query string that keeps the filter on the links of the workbench. */
        String query() {
            var b = UriComponentsBuilder.newInstance();
            campaignId().ifPresent(c -> b.queryParam("campaign", c));
            reasonCode().ifPresent(r -> b.queryParam("reason", r));
            olderThan().ifPresent(d -> b.queryParam("age", d.toHours()));
            return b.build().encode().toUriString();
        }

        private static boolean blank(@Nullable String s) {
            return s == null || s.isBlank();
        }
    }

    /** A row of the queue as the page shows it. */
    record Row(
            UUID entry,
            String campaign,
            List<String> reasons,
            Instant submittedAt,
            long ageHours,
            long ageMinutes,
            long leftHours,
            long leftMinutes,
            boolean overdue,
            boolean heldByOther) {}

    @GetMapping("/admin/review")
    String queue(
            @RequestParam(required = false) @Nullable String campaign,
            @RequestParam(required = false) @Nullable String reason,
            @RequestParam(required = false) @Nullable String age,
            @AuthenticationPrincipal TenantUserPrincipal user,
            Model model) {
        var params = new QueueParams(campaign, reason, age);
        Map<UUID, String> names = campaigns.list(null).stream()
                .collect(Collectors.toMap(CampaignView::id, CampaignView::name, (a, b) -> a, LinkedHashMap::new));
        Instant now = clock.instant();
        List<Row> rows = new ArrayList<>();
        for (var item : queue.list(params.filter())) {
            Duration waited = item.age(now);
            Duration left = item.left(now).abs();
            rows.add(new Row(
                    item.entry(),
                    names.getOrDefault(item.campaign(), ""),
                    item.reasons(),
                    item.submittedAt(),
                    waited.toHours(),
                    waited.toMinutesPart(),
                    left.toHours(),
                    left.toMinutesPart(),
                    item.overdue(now),
                    item.claimedBy() != null && !item.claimedBy().equals(user.userId())));
        }
        long[] counts = queue.counts();
        model.addAttribute("rows", rows);
        model.addAttribute("waiting", counts[0]);
        model.addAttribute("overdue", counts[1]);
        model.addAttribute("campaigns", names);
        model.addAttribute(
                "reasons",
                Arrays.stream(ReasonCode.values()).map(ReasonCode::code).toList());
        model.addAttribute("ages", AGES);
        model.addAttribute("campaign", params.campaignId().orElse(null));
        model.addAttribute("reason", params.reasonCode().orElse(null));
        model.addAttribute("age", params.olderThan().map(Duration::toHours).orElse(null));
        model.addAttribute("filterInvalid", params.invalid());
        model.addAttribute("query", params.query());
        model.addAttribute("slaHours", ReviewQueue.SLA.toHours());
        return "review/queue";
    }

    /** One receipt of the entry on the page: its number, photo link, read fields and items. */
    record ReceiptPanel(
            int position, String status, Map<String, @Nullable String> fields, List<Map<String, Object>> items) {}

    @GetMapping("/admin/review/{entry}")
    String entry(
            @PathVariable UUID entry,
            @RequestParam(required = false) @Nullable String campaign,
            @RequestParam(required = false) @Nullable String reason,
            @RequestParam(required = false) @Nullable String age,
            @AuthenticationPrincipal TenantUserPrincipal user,
            Model model) {
        var params = new QueueParams(campaign, reason, age);
        EntryView view = entries.find(entry).orElseThrow(() -> new ProblemException(404, "not_found"));
        var claim = queue.claim(entry, user.userId());
        var campaignView = campaigns.require(view.campaignId());
        List<ReceiptPanel> panels = new ArrayList<>();
        for (int i = 0; i < view.submissions().size(); i++) {
            var s = submissions.find(view.submissions().get(i)).orElseThrow();
            panels.add(panel(i, s));
        }
        List<EntryJudgement.RuleResult> rules;
        try {
            rules = judgement.preview(entry);
        } catch (ProblemException e) {
            rules = List.of();
        }
        var neighbours = queue.neighbours(entry, user.userId(), params.filter());
        Duration waited = Duration.between(view.createdAt(), clock.instant());
        model.addAttribute("entry", view);
        model.addAttribute("campaignName", campaignView.name());
        model.addAttribute("held", claim.isPresent());
        model.addAttribute(
                "claimExpires", claim.map(ReviewQueue.Claim::expiresAt).orElse(null));
        model.addAttribute("receipts", panels);
        model.addAttribute("rules", rules);
        model.addAttribute(
                "reasons",
                Arrays.stream(ReasonCode.values()).map(ReasonCode::code).toList());
        model.addAttribute("next", neighbours.next());
        model.addAttribute("previous", neighbours.previous());
        model.addAttribute("query", params.query());
        model.addAttribute("ageHours", waited.toHours());
        model.addAttribute("ageMinutes", waited.toMinutesPart());
        model.addAttribute("overdue", waited.compareTo(ReviewQueue.SLA) > 0);
        model.addAttribute("correctable", CORRECTABLE);
        return "review/entry";
    }

    private static ReceiptPanel panel(int position, ReceiptSubmissions.Submission s) {
        Map<String, @Nullable String> fields = new LinkedHashMap<>();
        Map<String, Object> reading = s.reading() == null ? Map.of() : s.reading();
        Object store = reading.get("store");
        fields.put(
                "store.name",
                store instanceof Map<?, ?> m && m.get("name") != null
                        ? m.get("name").toString()
                        : null);
        fields.put("purchasedAt", text(reading.get("purchasedAt")));
        fields.put("total", text(reading.get("total")));
        fields.put("receiptNumber", text(reading.get("receiptNumber")));
        List<Map<String, Object>> items = new ArrayList<>();
        if (reading.get("items") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("name", m.get("name") == null ? "" : m.get("name").toString());
                    item.put(
                            "quantity",
                            m.get("quantity") == null ? "" : m.get("quantity").toString());
                    item.put(
                            "amount",
                            m.get("amount") == null ? "" : m.get("amount").toString());
                    items.add(item);
                }
            }
        }
        return new ReceiptPanel(position, s.status(), fields, items);
    }

    private static @Nullable String text(@Nullable Object o) {
        return o == null ? null : o.toString();
    }

    /** The clean copy of a receipt's photo, for the workbench's viewer only (a download, not a page). */
    @GetMapping("/admin/review/{entry}/receipts/{position}/photo")
    void photo(@PathVariable UUID entry, @PathVariable int position, HttpServletResponse response) throws IOException {
        EntryView view = entries.find(entry).orElseThrow(() -> new ProblemException(404, "not_found"));
        if (position < 0 || position >= view.submissions().size()) {
            throw new ProblemException(404, "not_found");
        }
        var content = submissions
                .photo(view.submissions().get(position))
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        response.setContentType(content.contentType());
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(content.bytes().length);
        response.getOutputStream().write(content.bytes());
    }

    @PostMapping("/admin/review/{entry}/decision")
    String decide(
            @PathVariable UUID entry,
            @RequestParam(required = false) @Nullable String decision,
            @RequestParam(required = false) @Nullable String reason,
            @RequestParam(required = false) @Nullable String campaign,
            @RequestParam(name = "queueReason", required = false) @Nullable String queueReason,
            @RequestParam(required = false) @Nullable String age,
            @AuthenticationPrincipal TenantUserPrincipal user,
            RedirectAttributes redirect) {
        var params = new QueueParams(campaign, queueReason, age);
        String back = "redirect:/admin/review/" + entry + params.query();
        EntryDecisions.Decision chosen;
        if ("approve".equals(decision)) {
            chosen = EntryDecisions.Decision.APPROVE;
        } else if ("reject".equals(decision)) {
            chosen = EntryDecisions.Decision.REJECT;
        } else {
            redirect.addFlashAttribute("error", "review.error.decision");
            return back;
        }
        if (entries.find(entry).isEmpty()) {
            throw new ProblemException(404, "not_found");
        }
        if (queue.claim(entry, user.userId()).isEmpty()) {
            redirect.addFlashAttribute("error", "review.error.heldByOther");
            return back;
        }
        var next = queue.neighbours(entry, user.userId(), params.filter()).next();
        try {
            decisions.decide(
                    entry,
                    chosen,
                    chosen == EntryDecisions.Decision.APPROVE || reason == null || reason.isBlank() ? null : reason,
                    Map.of());
        } catch (ProblemException e) {
            redirect.addFlashAttribute("error", "review.error." + e.code());
            return back;
        }
        queue.release(entry, user.userId());
        redirect.addFlashAttribute("decided", chosen.code());
        return next == null
                ? "redirect:/admin/review" + params.query()
                : "redirect:/admin/review/" + next + params.query();
    }

    @PostMapping("/admin/review/{entry}/corrections")
    String correct(
            @PathVariable UUID entry,
            @RequestParam Map<String, String> form,
            @AuthenticationPrincipal TenantUserPrincipal user,
            RedirectAttributes redirect) {
        var params = new QueueParams(form.get("campaign"), form.get("queueReason"), form.get("age"));
        String back = "redirect:/admin/review/" + entry + params.query();
        if (entries.find(entry).isEmpty()) {
            throw new ProblemException(404, "not_found");
        }
        if (queue.claim(entry, user.userId()).isEmpty()) {
            redirect.addFlashAttribute("error", "review.error.heldByOther");
            return back;
        }
        Map<String, String> corrections = form.entrySet().stream()
                .filter(e -> e.getKey().startsWith("fix."))
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .collect(Collectors.toMap(
                        e -> e.getKey().substring("fix.".length()),
                        e -> e.getValue().strip(),
                        (a, b) -> a,
                        LinkedHashMap::new));
        if (corrections.isEmpty()) {
            redirect.addFlashAttribute("error", "review.error.noCorrection");
            return back;
        }
        try {
            decisions.correct(entry, corrections);
        } catch (ProblemException e) {
            redirect.addFlashAttribute("error", "review.error." + e.code());
            return back;
        }
        redirect.addFlashAttribute("corrected", true);
        return back;
    }
}
