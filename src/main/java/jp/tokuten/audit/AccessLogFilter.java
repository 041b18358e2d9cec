package jp.tokuten.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Puts every request in the access log, including those the security chains refuse: it wraps them all.
 * The actor and tenant are left on the request by {@link AuditActorFilter} when the request gets that
 * far; the path is the route template when one matched, so no secret in a URL is stored.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class AccessLogFilter extends OncePerRequestFilter {

    static final String ACTOR = "tokuten.access-log.actor";
    static final String TENANT = "tokuten.access-log.tenant";
    private final AccessLog accessLog;
    private final Clock clock;

    AccessLogFilter(AccessLog accessLog, Clock clock) {
        this.accessLog = accessLog;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        var at = clock.instant();
        try {
            chain.doFilter(request, response);
        } finally {
            accessLog.add(new AccessLog.Entry(
                    at,
                    request.getAttribute(TENANT) instanceof UUID tenant ? tenant : null,
                    request.getAttribute(ACTOR) instanceof String actor ? actor : null,
                    request.getMethod(),
                    path(request),
                    response.getStatus(),
                    (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000),
                    request.getRemoteAddr(),
                    MDC.get("requestId"),
                    truncate(request.getHeader("User-Agent"), 300)));
        }
    }

    /** The route template ({@code /invite/{token}}) when MVC matched one, else the path itself. */
    static String path(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String path = pattern instanceof String p && !p.equals("/**")
                ? p
                : request.getRequestURI().substring(request.getContextPath().length());
        return truncate(path, 300);
    }

    private static @Nullable String truncate(@Nullable String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
