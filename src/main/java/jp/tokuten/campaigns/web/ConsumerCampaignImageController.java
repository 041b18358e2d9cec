package jp.tokuten.campaigns.web;

import java.time.Duration;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignImages;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /c/{slug}/campaigns/{id}/image}: the landing page image of an open or closed campaign, public (the
 * consumer chain has bound the tenant of the slug); of a draft only with its preview token, and then not
 * cached by anyone. Anything else, another tenant's campaign included, is 404.
 */
@Controller
class ConsumerCampaignImageController {

    /** Public images may be cached for a while; a changed image has a new ETag and the page a new URL query. */
    static final Duration PUBLIC_MAX_AGE = Duration.ofHours(1);

    private final CampaignImages images;

    ConsumerCampaignImageController(CampaignImages images) {
        this.images = images;
    }

    @GetMapping("/c/{slug}/campaigns/{id}/image")
    ResponseEntity<byte[]> image(
            @PathVariable UUID id, @RequestParam(required = false) @Nullable String preview, WebRequest request) {
        var image =
                images.forLandingPage(id, preview).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        String etag = "\"" + image.id() + "\"";
        boolean previewing = preview != null && !preview.isEmpty();
        CacheControl cache = previewing
                ? CacheControl.noStore().cachePrivate()
                : CacheControl.maxAge(PUBLIC_MAX_AGE).cachePublic();
        if (!previewing && request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .cacheControl(cache)
                    .eTag(etag)
                    .build();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(image.contentType()))
                .cacheControl(cache)
                .eTag(etag)
                .header("Content-Disposition", "inline; filename=\"campaign-" + id + ".jpg\"")
                .body(image.bytes());
    }
}
