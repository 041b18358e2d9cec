package jp.tokuten.receipts.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.ocr.OcrException;
import jp.tokuten.receipts.KnownStores;
import jp.tokuten.receipts.ReceiptJson;
import jp.tokuten.receipts.ReceiptPhotos;
import jp.tokuten.receipts.ReceiptSubmissions;
import jp.tokuten.receipts.UploadedFileName;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/v1/receipts/read}: a tenant's system sends one receipt photo (multipart field
 * {@code image}, and optionally {@code stores}: the names of the stores it expects, one per line) and gets
 * the reading back as the same JSON object the {@code read-receipt} command prints, plus {@code photo}:
 * the id and SHA-256 of the clean copy kept. Refusals are problem JSON with a stable {@code code} (and the
 * same value as {@code reason}): {@code empty}, {@code too_large}, {@code not_a_photo}, {@code unsupported},
 * {@code too_many_pixels}, {@code odd_shape}, {@code damaged}, {@code polyglot}, {@code invalid_store_list},
 * {@code busy} (503 with {@code Retry-After}) and {@code ocr_unavailable}.
 */
@RestController
class ReceiptApiController {

    private final ReceiptPhotos photos;
    private final ReceiptSubmissions submissions;
    private final MessageSource messages;

    ReceiptApiController(ReceiptPhotos photos, ReceiptSubmissions submissions, MessageSource messages) {
        this.photos = photos;
        this.submissions = submissions;
        this.messages = messages;
    }

    /**
     * {@code POST /api/v1/receipts}: stores the photo and queues its reading; answers at once with 202
     * and where to find the result.
     */
    @PreAuthorize("hasRole('TENANT_REVIEWER')")
    @PostMapping(path = "/api/v1/receipts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> submit(@RequestParam("image") MultipartFile image) throws IOException {
        var submission =
                submissions.submit(image, image.getSize(), UploadedFileName.clean(image.getOriginalFilename()));
        return ResponseEntity.accepted()
                .location(java.net.URI.create("/api/v1/receipts/" + submission.id()))
                .body(view(submission, null));
    }

    /**
     * {@code GET /api/v1/receipts/{id}}: the submission's status ({@code queued}, {@code read} or
     * {@code failed}) and, once read, its reading; when it failed, {@code reason} with a stable {@code code}
     * and a {@code detail} in the caller's language.
     */
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @org.springframework.web.bind.annotation.GetMapping("/api/v1/receipts/{id}")
    ResponseEntity<Map<String, Object>> submission(
            @org.springframework.web.bind.annotation.PathVariable java.util.UUID id, Locale locale) {
        return submissions
                .find(id)
                .map(s -> ResponseEntity.ok(view(s, locale)))
                .orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    /**
     * {@code GET /api/v1/receipts/{id}/photo}: the stored clean copy, served by the application only, with
     * the content type of our own record, {@code nosniff} (set for every response) and as an attachment.
     */
    @PreAuthorize("hasRole('TENANT_REVIEWER')")
    @org.springframework.web.bind.annotation.GetMapping("/api/v1/receipts/{id}/photo")
    ResponseEntity<byte[]> photo(@org.springframework.web.bind.annotation.PathVariable java.util.UUID id) {
        return submissions
                .photo(id)
                .map(c -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(c.contentType()))
                        .header("Content-Disposition", "attachment; filename=\"receipt-" + id + ".jpg\"")
                        .header("Cache-Control", "private, no-store")
                        .body(c.bytes()))
                .orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    private Map<String, Object> view(ReceiptSubmissions.Submission s, @Nullable Locale locale) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", s.id().toString());
        body.put("status", s.status());
        if (s.failureReason() != null) {
            String code = s.failureReason();
            body.put(
                    "reason",
                    Map.of(
                            "code",
                            code,
                            "detail",
                            messages.getMessage(
                                    "receipts.failure." + code,
                                    null,
                                    code,
                                    locale == null ? Locale.JAPANESE : locale)));
        }
        body.put("photo", Map.of("id", s.photo().toString()));
        body.put("createdAt", s.createdAt().toString());
        body.put("readAt", s.readAt() == null ? null : s.readAt().toString());
        body.put("reading", s.reading());
        return body;
    }

    @PreAuthorize("hasRole('TENANT_REVIEWER')")
    @PostMapping(path = "/api/v1/receipts/read", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, Object>> read(
            @RequestParam("image") MultipartFile image,
            @RequestParam(name = "stores", required = false) @Nullable String stores)
            throws IOException {
        // checked before anything is stored
        List<String> known = stores == null ? List.of() : KnownStores.parse(stores);
        ReceiptPhotos.Read read;
        try {
            read = photos.read(image, image.getSize(), known);
        } catch (OcrException e) {
            throw new ProblemException(503, "ocr_unavailable").retryAfter(OcrEngine.RETRY_AFTER);
        }
        String name = UploadedFileName.clean(image.getOriginalFilename());
        Map<String, Object> body = new LinkedHashMap<>(ReceiptJson.of(name, read.reading()));
        Map<String, Object> photo = new LinkedHashMap<>();
        photo.put("id", read.photo().id().toString());
        photo.put("sha256", read.photo().sha256());
        photo.put("width", read.photo().width());
        photo.put("height", read.photo().height());
        body.put("photo", photo);
        return ResponseEntity.ok(body);
    }
}
