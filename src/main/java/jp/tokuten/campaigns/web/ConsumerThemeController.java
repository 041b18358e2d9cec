package jp.tokuten.campaigns.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.campaigns.Themes;
import jp.tokuten.shared.PageAttributes;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.server.ResponseStatusException;

/**
 * The tenant's theme as a stylesheet of our own origin (decision 149), so that the strict CSP ({@code style-src
 * 'self'}, no inline styles) holds: {@code /c/{slug}/theme.css} (the tenant's) and {@code
 * /c/{slug}/campaigns/{id}/theme.css} (the tenant's, then the campaign's). The consumer chain has bound the
 * tenant of the slug; a campaign of another tenant adds nothing. Every consumer page (campaign and coupon pages)
 * links it through {@code themeCss} in its model; the URL carries the version, so it may be cached.
 */
@Controller
class ConsumerThemeController implements PageAttributes {

    static final MediaType CSS = new MediaType("text", "css", StandardCharsets.UTF_8);
    private static final Pattern CONSUMER_PAGE =
            Pattern.compile("^/c/([a-z0-9][a-z0-9-]{0,62})(?:/campaigns/([0-9a-f-]{36})(?:/.*)?|/.*)?$");

    private final Themes themes;

    ConsumerThemeController(Themes themes) {
        this.themes = themes;
    }

    @GetMapping("/c/{slug}/theme.css")
    ResponseEntity<String> tenant(WebRequest request) {
        return serve(null, request);
    }

    @GetMapping("/c/{slug}/campaigns/{id}/theme.css")
    ResponseEntity<String> campaign(@PathVariable UUID id, WebRequest request) {
        return serve(id, request);
    }

    private ResponseEntity<String> serve(@Nullable UUID campaign, WebRequest request) {
        if (TenantBinder.current().isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        var sheet = themes.stylesheet(campaign);
        String etag = "\"" + sheet.map(Themes.Stylesheet::version).orElse("none") + "\"";
        var cache = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .cacheControl(cache)
                    .eTag(etag)
                    .build();
        }
        return ResponseEntity.ok()
                .contentType(CSS)
                .cacheControl(cache)
                .eTag(etag)
                .header("X-Content-Type-Options", "nosniff")
                .body(sheet.map(Themes.Stylesheet::css).orElse(""));
    }

    /**
     * The theme stylesheet of a consumer page, or null when the tenant has no theme (or this is no such page:
     * only requests that accept HTML ask, so the JSON answers under {@code /c/} cost nothing).
     */
    @Override
    public void addTo(HttpServletRequest request, Map<String, Object> model) {
        String css = themeCss(request);
        if (css != null) {
            model.put("themeCss", css);
        }
    }

    private @Nullable String themeCss(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String accept = request.getHeader("Accept");
        if (!path.startsWith("/c/")
                || TenantBinder.current().isEmpty()
                || accept == null
                || !accept.contains("text/html")) {
            return null;
        }
        var m = CONSUMER_PAGE.matcher(path);
        if (!m.matches()) {
            return null;
        }
        UUID campaign = null;
        if (m.group(2) != null) {
            try {
                campaign = UUID.fromString(m.group(2));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        UUID c = campaign;
        return themes.versionRecently(c)
                .map(v -> request.getContextPath() + "/c/" + m.group(1)
                        + (c == null ? "" : "/campaigns/" + c)
                        + "/theme.css?v=" + v)
                .orElse(null);
    }
}
