package jp.tokuten.consumer.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.consumer.ConsumerTenant;
import jp.tokuten.identity.EntrantView;
import jp.tokuten.lottery.InstantWins;
import jp.tokuten.receipts.CampaignEntries;
import jp.tokuten.receipts.EntryView;
import jp.tokuten.receipts.ReasonCode;
import jp.tokuten.receipts.ReceiptSubmissions;
import jp.tokuten.rewards.AwardView;
import jp.tokuten.rewards.Awards;
import jp.tokuten.rewards.Points;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantView;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;

/**
 * Entering a campaign (photos, the campaign's form, confirmation: one page in three steps, sent by the
 * page's script with upload progress, or as a plain form without it), the entry's result page that
 * updates itself from a small JSON status, "my entries", and sending a new photo for an entry rejected
 * for a reason a new photo can fix. An entrant sees only their own entries: any other id is the 404 page.
 */
@Controller
class EntryPagesController {

    /** Reasons a new photo can fix: the entry page offers to send one. */
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    private final Campaigns campaigns;
    private final CampaignEntries entries;
    private final ReceiptSubmissions submissions;
    private final EntrantCookies cookies;
    private final Points points;
    private final Awards awards;
    private final MessageSource messages;
    private final Clock clock;
    private final InstantWins instantWins;

    EntryPagesController(
            Campaigns campaigns,
            CampaignEntries entries,
            ReceiptSubmissions submissions,
            EntrantCookies cookies,
            Points points,
            Awards awards,
            MessageSource messages,
            Clock clock,
            InstantWins instantWins) {
        this.instantWins = instantWins;
        this.campaigns = campaigns;
        this.entries = entries;
        this.submissions = submissions;
        this.cookies = cookies;
        this.points = points;
        this.awards = awards;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/c/{slug}/campaigns/{id}/enter")
    String enterPage(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @PathVariable String id,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        var shown = ShownCampaign.find(campaigns, id, null).orElseThrow(NotFound::page);
        var entrant = cookies.entrant(request);
        if (entrant.isEmpty()) {
            return "redirect:/c/" + tenant.slug() + "/signin?next="
                    + shown.campaign().id();
        }
        if (!shown.campaign().takesEntriesOn(today())) {
            return "redirect:/c/" + tenant.slug() + "/campaigns/"
                    + shown.campaign().id();
        }
        cookies.device(request, response, tenant);
        fillEnterPage(model, tenant, shown.campaign(), entrant.get(), Map.of(), Map.of(), null);
        return "consumer/enter";
    }

    private void fillEnterPage(
            Model model,
            TenantView tenant,
            CampaignView campaign,
            EntrantView entrant,
            Map<String, String> values,
            Map<String, String> errors,
            @Nullable String formError) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("campaign", campaign);
        model.addAttribute("entrant", entrant);
        model.addAttribute(
                "fields", campaign.formFields().stream().map(FieldView::of).toList());
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("formError", formError);
        model.addAttribute("maxMegabytes", submissions.maxBytes() / (1024 * 1024));
        model.addAttribute("maxBytes", submissions.maxBytes());
    }

    /**
     * The entry. Asked by the page's script ({@code Accept: application/json}): 202 with where its result
     * is, or the refusal as {@code code}, {@code message} and per-field {@code errors}. Sent as a plain form:
     * a redirect to the result, or the form again with the messages and what was typed.
     */
    @PostMapping("/c/{slug}/campaigns/{id}/entries")
    Object enter(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @PathVariable String id,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale,
            Model model)
            throws IOException {
        boolean script = wantsJson(request);
        var shown = ShownCampaign.find(campaigns, id, null).orElseThrow(NotFound::page);
        CampaignView campaign = shown.campaign();
        var entrant = cookies.entrant(request);
        if (entrant.isEmpty()) {
            if (script) {
                return ResponseEntity.status(401)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of(
                                "code",
                                "unauthorized",
                                "location",
                                "/c/" + tenant.slug() + "/signin?next=" + campaign.id()));
            }
            return "redirect:/c/" + tenant.slug() + "/signin?next=" + campaign.id();
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (FormField f : campaign.formFields()) {
            String v = request.getParameter(f.key());
            if (v != null) {
                form.put(f.key(), v.length() > 10_000 ? v.substring(0, 10_000) : v);
            }
        }
        List<CampaignEntries.ReceiptUpload> receipts = new ArrayList<>();
        for (MultipartFile file : files(request, "receipt")) {
            if (!file.isEmpty()) {
                receipts.add(new CampaignEntries.ReceiptUpload(List.of(upload(file))));
            }
        }
        List<CampaignEntries.Upload> pages = new ArrayList<>();
        for (MultipartFile file : files(request, "receiptPages")) {
            if (!file.isEmpty()) {
                pages.add(upload(file));
            }
        }
        if (!pages.isEmpty()) {
            receipts.add(new CampaignEntries.ReceiptUpload(pages));
        }
        String device = cookies.device(request, response, tenant);
        try {
            EntryView entry = entries.submit(campaign.id(), entrant.get().id(), receipts, form, device);
            String location = "/c/" + tenant.slug() + "/entries/" + entry.id();
            if (script) {
                return ResponseEntity.status(202)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("id", entry.id().toString(), "status", entry.status(), "location", location));
            }
            return "redirect:" + location;
        } catch (ProblemException e) {
            Map<String, String> errors = fieldErrors(e, campaign, locale);
            String message = refusal(e, campaign, locale);
            if (script) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("code", e.code());
                body.put("message", message);
                body.put("errors", errors);
                return ResponseEntity.status(e.status())
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(body);
            }
            response.setStatus(e.status());
            fillEnterPage(model, tenant, campaign, entrant.get(), form, errors, message);
            return "consumer/enter";
        }
    }

    /** The uploaded files of a part; none when the request is not multipart (then the entry lacks its receipt). */
    private static List<MultipartFile> files(HttpServletRequest request, String name) {
        var multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        return multipart == null ? List.of() : multipart.getFiles(name);
    }

    private static CampaignEntries.Upload upload(MultipartFile file) {
        String name = file.getOriginalFilename();
        return new CampaignEntries.Upload(file, file.getSize(), name == null ? "receipt" : name);
    }

    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json");
    }

    private Map<String, String> fieldErrors(ProblemException e, CampaignView campaign, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (e.properties().get("errors") instanceof Map<?, ?> byField) {
            for (var f : campaign.formFields()) {
                Object code = byField.get(f.key());
                if (code != null) {
                    errors.put(
                            f.key(),
                            messages.getMessage(
                                    "entrant.field.error." + code,
                                    new Object[] {f.maxLength()},
                                    messages.getMessage("entrant.field.error.invalid", null, locale),
                                    locale));
                }
            }
        }
        return errors;
    }

    private String refusal(ProblemException e, CampaignView campaign, Locale locale) {
        String own = messages.getMessage(
                "entrant.error." + e.code(), new Object[] {campaign.receiptsPerEntry()}, "", locale);
        if (own != null && !own.isEmpty()) {
            return own;
        }
        String detail = messages.getMessage(e.detailKey(), e.arguments(), "", locale);
        return detail == null || detail.isEmpty() ? messages.getMessage("entrant.error.other", null, locale) : detail;
    }

    /** The entry's result page; the entrant's own entries only. */
    @GetMapping("/c/{slug}/entries/{id}")
    String entryPage(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @PathVariable String id,
            @org.springframework.web.bind.annotation.RequestParam(required = false) @Nullable String played,
            HttpServletRequest request,
            Locale locale,
            Model model) {
        var entrant = cookies.entrant(request);
        if (entrant.isEmpty()) {
            return "redirect:/c/" + tenant.slug() + "/signin";
        }
        EntryView entry = own(id, entrant.get());
        CampaignView campaign = campaigns.require(entry.campaignId());
        model.addAttribute("tenant", tenant);
        model.addAttribute("entrant", entrant.get());
        model.addAttribute("campaign", campaign);
        model.addAttribute("entry", entry);
        model.addAttribute("state", status(entry, locale));
        model.addAttribute("receivedAt", WHEN.format(entry.createdAt().atZone(CampaignPagesController.TOKYO)));
        model.addAttribute(
                "chances", entry.status().equals("approved") ? instantWins.chancesOf(entry.id()) : List.of());
        model.addAttribute("played", played == null ? "" : played);
        return "consumer/entry";
    }

    /**
     * The entrant plays an instant-win course with an approved entry: decided and recorded on the server, then
     * the entry page shows the reveal of the recorded result ({@code played}); asked again, the same result.
     */
    @PostMapping("/c/{slug}/entries/{id}/play")
    String play(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @PathVariable String id,
            @org.springframework.web.bind.annotation.RequestParam(required = false) @Nullable String courseId,
            HttpServletRequest request) {
        var entrant = cookies.entrant(request);
        if (entrant.isEmpty()) {
            return "redirect:/c/" + tenant.slug() + "/signin";
        }
        EntryView entry = own(id, entrant.get());
        UUID course = courseId == null ? null : ShownCampaign.parse(courseId);
        String page = "redirect:/c/" + tenant.slug() + "/entries/" + entry.id();
        if (course == null) {
            return page;
        }
        try {
            instantWins.play(entry.id(), course);
        } catch (ProblemException refused) {
            // a course of another campaign, an entry not approved: the page shows what the entry may play
            return page;
        }
        return page + "?played=" + course + "#play-" + course;
    }

    /** The entry's state for the result page's script; it stops asking once {@code decided}. */
    @GetMapping(path = "/c/{slug}/entries/{id}/status", produces = MediaType.APPLICATION_JSON_VALUE)
    @org.springframework.web.bind.annotation.ResponseBody
    ResponseEntity<EntryStatus> entryStatus(@PathVariable String id, HttpServletRequest request, Locale locale) {
        var entrant = cookies.entrant(request);
        if (entrant.isEmpty()) {
            return ResponseEntity.status(401).build();
        }
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(status(own(id, entrant.get()), locale));
    }

    /**
     * What the result page shows.
     *
     * @param reading {@code reading} while a receipt is still being read, {@code read}, or {@code failed}
     */
    record EntryStatus(
            String status,
            boolean decided,
            String title,
            String message,
            List<String> reasons,
            String reading,
            String readingText,
            boolean resubmit) {}

    EntryStatus status(EntryView entry, Locale locale) {
        String reading = "read";
        for (UUID s : entry.submissions()) {
            String st = submissions
                    .find(s)
                    .map(ReceiptSubmissions.Submission::status)
                    .orElse("queued");
            if (st.equals("failed")) {
                reading = "failed";
                break;
            }
            if (st.equals("queued")) {
                reading = "reading";
            }
        }
        List<String> reasons = entry.reasons().stream()
                .map(code -> messages.getMessage(
                        "entry.reason." + code,
                        null,
                        messages.getMessage("entrant.entry.reason.unknown", null, locale),
                        locale))
                .distinct()
                .toList();
        String status = entry.status();
        return new EntryStatus(
                status,
                !status.equals("pending"),
                messages.getMessage("entrant.entry.status." + status, null, status, locale),
                messages.getMessage("entrant.entry.message." + status, null, "", locale),
                reasons,
                reading,
                messages.getMessage("entrant.entry.reading." + reading, null, locale),
                resubmittable(entry));
    }

    static boolean resubmittable(EntryView entry) {
        // as CampaignEntries.resubmit decides: every reason is one a new photo fixes
        return entry.status().equals("rejected")
                && !entry.reasons().isEmpty()
                && entry.reasons().stream()
                        .allMatch(r -> ReasonCode.of(r)
                                .map(ReasonCode::fixableByNewPhoto)
                                .orElse(false));
    }

    /** The entrant's entry with this id, or the 404 page (no such entry, another tenant's, another entrant's). */
    private EntryView own(String id, EntrantView entrant) {
        UUID uuid = ShownCampaign.parse(id);
        if (uuid == null) {
            throw NotFound.page();
        }
        return entries.find(uuid)
                .filter(e -> e.entrantId().equals(entrant.id()))
                .orElseThrow(NotFound::page);
    }

    /** One row of "my entries". */
    record MyEntry(EntryView entry, String campaignName, String receivedAt, EntryStatus state) {}

    /** The entrant's points balance of one campaign. */
    record MyPoints(String campaignName, long balance) {}

    /** A prize the entrant won, with the code a digital prize gives (shown to its winner only). */
    record MyPrize(AwardView award, String campaignName, String wonAt) {}

    @GetMapping("/c/{slug}/mine")
    String mine(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            HttpServletRequest request,
            Locale locale,
            Model model) {
        var entrant = cookies.entrant(request);
        if (entrant.isEmpty()) {
            return "redirect:/c/" + tenant.slug() + "/signin";
        }
        List<MyEntry> rows = new ArrayList<>();
        List<MyPoints> balances = new ArrayList<>();
        var all = campaigns.list(null);
        for (var b : points.balances(entrant.get().id())) {
            all.stream()
                    .filter(c -> c.id().equals(b.campaignId()))
                    .findFirst()
                    .ifPresent(c -> balances.add(new MyPoints(c.name(), b.balance())));
        }
        List<MyPrize> prizes = new ArrayList<>();
        for (AwardView a : awards.forEntrant(entrant.get().id())) {
            String name = all.stream()
                    .filter(c -> c.id().equals(a.campaignId()))
                    .map(CampaignView::name)
                    .findFirst()
                    .orElse("");
            prizes.add(new MyPrize(a, name, WHEN.format(a.createdAt().atZone(CampaignPagesController.TOKYO))));
        }
        for (CampaignView c : all) {
            for (EntryView e : entries.ofEntrant(entrant.get().id(), c.id())) {
                rows.add(new MyEntry(
                        e,
                        c.name(),
                        WHEN.format(e.createdAt().atZone(CampaignPagesController.TOKYO)),
                        status(e, locale)));
            }
        }
        rows.sort(Comparator.comparing((MyEntry r) -> r.entry().createdAt()).reversed());
        model.addAttribute("tenant", tenant);
        model.addAttribute("entrant", entrant.get());
        model.addAttribute("rows", rows);
        model.addAttribute("balances", balances);
        model.addAttribute("prizes", prizes);
        return "consumer/mine";
    }

    @GetMapping("/c/{slug}/entries/{id}/resubmit")
    String resubmitPage(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @PathVariable String id,
            HttpServletRequest request,
            Model model) {
        var entrant = cookies.entrant(request);
        if (entrant.isEmpty()) {
            return "redirect:/c/" + tenant.slug() + "/signin";
        }
        EntryView entry = own(id, entrant.get());
        if (!resubmittable(entry)) {
            throw NotFound.page();
        }
        model.addAttribute("tenant", tenant);
        model.addAttribute("entrant", entrant.get());
        model.addAttribute("entry", entry);
        model.addAttribute("campaign", campaigns.require(entry.campaignId()));
        model.addAttribute("maxMegabytes", submissions.maxBytes() / (1024 * 1024));
        model.addAttribute("maxBytes", submissions.maxBytes());
        model.addAttribute("formError", null);
        return "consumer/resubmit";
    }

    /**
     * A new photo for an entry rejected for a reason a new photo fixes: the entry is taken again with the new
     * receipts (same entrant, details and device; once).
     */
    @PostMapping("/c/{slug}/entries/{id}/resubmit")
    String resubmit(
            @RequestAttribute(ConsumerTenant.ATTRIBUTE) TenantView tenant,
            @PathVariable String id,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale,
            Model model)
            throws IOException {
        var entrant = cookies.entrant(request);
        if (entrant.isEmpty()) {
            return "redirect:/c/" + tenant.slug() + "/signin";
        }
        EntryView entry = own(id, entrant.get());
        if (!resubmittable(entry)) {
            throw NotFound.page();
        }
        CampaignView campaign = campaigns.require(entry.campaignId());
        List<CampaignEntries.ReceiptUpload> receipts = new ArrayList<>();
        for (MultipartFile file : files(request, "receipt")) {
            if (!file.isEmpty()) {
                receipts.add(new CampaignEntries.ReceiptUpload(List.of(upload(file))));
            }
        }
        try {
            EntryView again = entries.resubmit(entry.id(), receipts);
            return "redirect:/c/" + tenant.slug() + "/entries/" + again.id();
        } catch (ProblemException e) {
            response.setStatus(e.status());
            model.addAttribute("tenant", tenant);
            model.addAttribute("entrant", entrant.get());
            model.addAttribute("entry", entry);
            model.addAttribute("campaign", campaign);
            model.addAttribute("maxMegabytes", submissions.maxBytes() / (1024 * 1024));
            model.addAttribute("maxBytes", submissions.maxBytes());
            model.addAttribute("formError", refusal(e, campaign, locale));
            return "consumer/resubmit";
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(CampaignPagesController.TOKYO));
    }
}
