package jp.tokuten.receipts.web;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.receipts.CampaignEntries;
import jp.tokuten.receipts.EntryDecisions;
import jp.tokuten.receipts.EntryView;
import jp.tokuten.receipts.ReasonCode;
import jp.tokuten.receipts.ReceiptSubmissions;
import jp.tokuten.receipts.UploadedFileName;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Entries to campaigns through the tenant API. {@code POST /api/v1/campaigns/{id}/entries} (multipart:
 * each {@code receipt} file a separate receipt, all {@code receiptPages} files the photos of one long
 * receipt, the entrant's {@code email}, an optional {@code deviceId}, and the campaign's form fields by key)
 * answers 202 {@code {"id", "status": "pending"}}; refusals: 409 {@code campaign_not_open}, 409
 * {@code entrant_limit_reached}, 403 {@code entrant_blocked}, 422 {@code invalid_form} with per-field
 * {@code errors}, 422 {@code invalid_entry}, and the photo checks' codes. {@code GET /api/v1/entries/{id}},
 * {@code GET /api/v1/campaigns/{id}/entries} and {@code POST /api/v1/entries/{id}/decision} (reviewer).
 */
@RestController
class EntryApiController {

    /** Parameters of the entry request that are not form fields. */
    private static final Set<String> NOT_FORM = Set.of("receipt", "receiptPages", "email", "deviceId");

    private static final Set<String> STATUSES = Set.of("pending", "approved", "rejected", "review");

    private final CampaignEntries entries;
    private final EntryDecisions decisions;
    private final ReceiptSubmissions submissions;
    private final Campaigns campaigns;
    private final MessageSource messages;

    EntryApiController(
            CampaignEntries entries,
            EntryDecisions decisions,
            ReceiptSubmissions submissions,
            Campaigns campaigns,
            MessageSource messages) {
        this.entries = entries;
        this.decisions = decisions;
        this.submissions = submissions;
        this.campaigns = campaigns;
        this.messages = messages;
    }

    @PreAuthorize("hasRole('TENANT_REVIEWER')")
    @PostMapping(path = "/api/v1/campaigns/{id}/entries", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> submit(
            @PathVariable UUID id,
            @RequestParam(name = "receipt", required = false) @Nullable List<MultipartFile> receipt,
            @RequestParam(name = "receiptPages", required = false) @Nullable List<MultipartFile> receiptPages,
            @RequestParam(name = "email", required = false) @Nullable String email,
            @RequestParam(name = "deviceId", required = false) @Nullable String deviceId,
            @RequestParam MultiValueMap<String, String> params)
            throws IOException {
        List<CampaignEntries.ReceiptUpload> receipts = new ArrayList<>();
        if (receipt != null) {
            for (MultipartFile file : receipt) {
                receipts.add(new CampaignEntries.ReceiptUpload(List.of(upload(file))));
            }
        }
        if (receiptPages != null && !receiptPages.isEmpty()) {
            receipts.add(new CampaignEntries.ReceiptUpload(
                    receiptPages.stream().map(EntryApiController::upload).toList()));
        }
        Map<String, String> form = new LinkedHashMap<>();
        params.forEach((key, values) -> {
            if (!NOT_FORM.contains(key) && !values.isEmpty()) {
                form.put(key, values.getFirst());
            }
        });
        EntryView entry = entries.submitFor(id, email == null ? "" : email, receipts, form, deviceId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", entry.id().toString());
        body.put("status", entry.status());
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/entries/" + entry.id()))
                .body(body);
    }

    private static CampaignEntries.Upload upload(MultipartFile file) {
        return new CampaignEntries.Upload(file, file.getSize(), UploadedFileName.clean(file.getOriginalFilename()));
    }

    /**
     * {@code GET /api/v1/entries/{id}}: the entry's status, reason codes (with their text in the caller's
     * language under {@code reasonTexts}) and its receipts' readings (null while a receipt is being read).
     */
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/entries/{id}")
    Map<String, Object> entry(@PathVariable UUID id, Locale locale) {
        return entries.find(id)
                .map(e -> view(e, locale, true))
                .orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    /** {@code GET /api/v1/campaigns/{id}/entries?status=&page=&size=}: newest first, without readings. */
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/campaigns/{id}/entries")
    Map<String, Object> list(
            @PathVariable UUID id,
            @RequestParam(name = "status", required = false) @Nullable String status,
            @RequestParam(name = "page", defaultValue = "0") int page,
            @RequestParam(name = "size", defaultValue = "50") int size,
            Locale locale) {
        campaigns.require(id);
        if (status != null && !STATUSES.contains(status)) {
            throw new ProblemException(422, "invalid_request").with("field", "status");
        }
        if (page < 0 || page > 1_000_000 || size < 1 || size > 500) {
            throw new ProblemException(422, "invalid_request")
                    .with("field", page < 0 || page > 1_000_000 ? "page" : "size");
        }
        List<Map<String, Object>> items = entries.list(id, status, page * size, size).stream()
                .map(e -> view(e, locale, false))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", page);
        body.put("size", size);
        body.put("entries", items);
        return body;
    }

    /** The body of a reviewer's decision; {@code corrections} maps read fields to corrected values. */
    record DecisionBody(
            @Nullable String decision,
            @Nullable String reason,
            @Nullable Map<String, @Nullable Object> corrections) {}

    @PreAuthorize("hasRole('TENANT_REVIEWER')")
    @PostMapping(path = "/api/v1/entries/{id}/decision", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> decide(@PathVariable UUID id, @RequestBody DecisionBody body, Locale locale) {
        EntryDecisions.Decision decision;
        if ("approve".equals(body.decision())) {
            decision = EntryDecisions.Decision.APPROVE;
        } else if ("reject".equals(body.decision())) {
            decision = EntryDecisions.Decision.REJECT;
        } else {
            throw new ProblemException(422, "invalid_decision", "decision").with("field", "decision");
        }
        Map<String, String> corrections = new LinkedHashMap<>();
        if (body.corrections() != null) {
            body.corrections().forEach((field, value) -> {
                if (!(value instanceof String || value instanceof Number)) {
                    throw new ProblemException(422, "invalid_decision", "corrections." + field)
                            .with("field", "corrections." + field);
                }
                corrections.put(field, value.toString());
            });
        }
        return view(decisions.decide(id, decision, body.reason(), corrections), locale, true);
    }

    private Map<String, Object> view(EntryView e, Locale locale, boolean readings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", e.id().toString());
        body.put("campaignId", e.campaignId().toString());
        body.put("status", e.status());
        body.put("reasons", e.reasons());
        body.put(
                "reasonTexts",
                e.reasons().stream()
                        .map(code -> messages.getMessage(
                                ReasonCode.of(code).map(ReasonCode::messageKey).orElse("entry.reason.other"),
                                null,
                                code,
                                locale))
                        .toList());
        body.put("createdAt", e.createdAt().toString());
        body.put("judgedAt", e.judgedAt() == null ? null : e.judgedAt().toString());
        body.put(
                "resubmissionOf",
                e.resubmissionOf() == null ? null : e.resubmissionOf().toString());
        if (readings) {
            List<@Nullable Map<String, Object>> receipts = new ArrayList<>();
            for (UUID s : e.submissions()) {
                var submission = submissions.find(s);
                if (submission.isEmpty() || submission.get().status().equals("queued")) {
                    receipts.add(null);
                } else if (submission.get().reading() != null) {
                    receipts.add(submission.get().reading());
                } else {
                    Map<String, Object> failed = new LinkedHashMap<>();
                    failed.put("error", submission.get().failureReason());
                    receipts.add(failed);
                }
            }
            body.put("receipts", receipts);
        } else {
            body.put("receiptCount", e.submissions().size());
        }
        return body;
    }
}
