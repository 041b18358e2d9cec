package jp.tokuten.consumer.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.tokuten.identity.EntrantSessions;
import jp.tokuten.identity.EntrantView;
import jp.tokuten.shared.Secrets;
import jp.tokuten.tenancy.TenantView;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The entrant's cookies on a tenant's consumer pages (decision 080), each scoped to {@code /c/<slug>}: the
 * session ({@value #SESSION}), the address waiting for its code ({@value #PENDING_EMAIL}) and the
 * long-lived device id ({@value #DEVICE}), a random value that tells entries from one device apart for the
 * fraud signals. All HttpOnly, SameSite=Lax, Secure like the console's session cookie.
 */
@Component
class EntrantCookies {

    static final String SESSION = "tokuten_entrant";
    static final String PENDING_EMAIL = "tokuten_entrant_email";
    static final String DEVICE = "tokuten_device";
    static final Duration DEVICE_LIFETIME = Duration.ofDays(730);
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(15);
    private static final Pattern DEVICE_ID = Pattern.compile("^[A-Za-z0-9_-]{20,64}$");

    private final EntrantSessions sessions;

    EntrantCookies(EntrantSessions sessions) {
        this.sessions = sessions;
    }

    /** The signed-in entrant of this request, if any. */
    Optional<EntrantView> entrant(HttpServletRequest request) {
        return sessions.entrant(value(request, SESSION));
    }

    void signIn(HttpServletRequest request, HttpServletResponse response, TenantView tenant, EntrantView entrant) {
        set(request, response, tenant, SESSION, sessions.open(entrant.id()), EntrantSessions.LIFETIME);
        set(request, response, tenant, PENDING_EMAIL, "", Duration.ZERO);
    }

    void signOut(HttpServletRequest request, HttpServletResponse response, TenantView tenant) {
        sessions.close(value(request, SESSION));
        set(request, response, tenant, SESSION, "", Duration.ZERO);
    }

    @Nullable
    String pendingEmail(HttpServletRequest request) {
        String v = value(request, PENDING_EMAIL);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    void pendingEmail(HttpServletRequest request, HttpServletResponse response, TenantView tenant, String email) {
        set(
                request,
                response,
                tenant,
                PENDING_EMAIL,
                java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8),
                PENDING_LIFETIME);
    }

    /** The device id of this browser, set now when it has none (or a malformed one). */
    String device(HttpServletRequest request, HttpServletResponse response, TenantView tenant) {
        String v = value(request, DEVICE);
        if (v != null && DEVICE_ID.matcher(v).matches()) {
            return v;
        }
        String id = Secrets.randomToken(24);
        set(request, response, tenant, DEVICE, id, DEVICE_LIFETIME);
        return id;
    }

    private void set(
            HttpServletRequest request,
            HttpServletResponse response,
            TenantView tenant,
            String name,
            String value,
            Duration maxAge) {
        var cookie = ResponseCookie.from(name, value)
                .path(request.getContextPath() + "/c/" + tenant.slug())
                .httpOnly(true)
                .secure(sessions.cookiesAlwaysSecure() || request.isSecure())
                .sameSite("Lax")
                .maxAge(maxAge)
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }

    private static @Nullable String value(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }
}
