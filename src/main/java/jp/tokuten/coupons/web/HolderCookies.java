package jp.tokuten.coupons.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Who holds coupons in this browser on a tenant's pages. A signed-in entrant is a signed-in holder: the
 * session and the address waiting for its code are the entrant pages' own cookies (decision 080, the same
 * names, path and flags), so signing in on either side signs in on both, and the holder reference is the
 * entrant's e-mail. A browser that took a coupon without signing in keeps its random anonymous reference
 * in {@value #ANONYMOUS} (decision 108). All HttpOnly, SameSite=Lax, scoped to {@code /c/<slug>}.
 */
@Component
class HolderCookies {

    static final String SESSION = "tokuten_entrant";
    static final String PENDING_EMAIL = "tokuten_entrant_email";
    static final String ANONYMOUS = "tokuten_holder";
    static final String ANONYMOUS_PREFIX = "anonymous:";
    static final Duration ANONYMOUS_LIFETIME = Duration.ofDays(730);
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(15);
    private static final Pattern ANONYMOUS_VALUE = Pattern.compile("^[A-Za-z0-9_-]{32,64}$");

    private final EntrantSessions sessions;

    HolderCookies(EntrantSessions sessions) {
        this.sessions = sessions;
    }

    /** The signed-in entrant of this request, if any. */
    Optional<EntrantView> entrant(HttpServletRequest request) {
        return sessions.entrant(value(request, SESSION)).filter(e -> !e.blocked());
    }

    /** This browser's anonymous holder reference, if it has one. */
    Optional<String> anonymous(HttpServletRequest request) {
        String v = value(request, ANONYMOUS);
        return v != null && ANONYMOUS_VALUE.matcher(v).matches() ? Optional.of(ANONYMOUS_PREFIX + v) : Optional.empty();
    }

    /** This browser's anonymous holder reference, made now (and kept for two years) when it has none. */
    String anonymous(HttpServletRequest request, HttpServletResponse response, TenantView tenant) {
        var known = anonymous(request);
        if (known.isPresent()) {
            return known.get();
        }
        String v = Secrets.randomToken(32);
        set(request, response, tenant, ANONYMOUS, v, ANONYMOUS_LIFETIME);
        return ANONYMOUS_PREFIX + v;
    }

    /**
     * Every holder reference this browser speaks for: the signed-in entrant's e-mail and this browser's
     * anonymous reference (a holder who signs in later keeps seeing what they took before).
     */
    List<String> holders(HttpServletRequest request) {
        List<String> all = new ArrayList<>(2);
        entrant(request).ifPresent(e -> all.add(e.email().strip().toLowerCase(Locale.ROOT)));
        anonymous(request).ifPresent(all::add);
        return all;
    }

    void signIn(HttpServletRequest request, HttpServletResponse response, TenantView tenant, EntrantView entrant) {
        set(request, response, tenant, SESSION, sessions.open(entrant.id()), EntrantSessions.LIFETIME);
        set(request, response, tenant, PENDING_EMAIL, "", Duration.ZERO);
    }

    @Nullable
    String pendingEmail(HttpServletRequest request) {
        String v = value(request, PENDING_EMAIL);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return URLDecoder.decode(v, StandardCharsets.UTF_8);
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
                URLEncoder.encode(email, StandardCharsets.UTF_8),
                PENDING_LIFETIME);
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
