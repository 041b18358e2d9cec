package jp.tokuten.audit;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.platform.FilterOrders;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Puts every request in the access log, including those the security chains refuse: it wraps them all.
 * It runs after the trusted-proxy filter ({@link FilterOrders#ACCESS_LOG}), so the address is the
 * client's. The actor and tenant are left on the request by {@link AuditActorFilter} when the request
 * gets that far. The status is the one sent: when an exception escapes the chain, the one the container's
 * error page answers (500 unless it decides otherwise), recorded after that page.
 * The path is the route template when one matched ({@code /invite/{token}}); any other path is stored
 * with every segment that may be an id or a token replaced by {@value #REDACTED}. Text from the request is
 * stored with its control characters escaped.
 */
@Component
@Order(FilterOrders.ACCESS_LOG)
class AccessLogFilter extends OncePerRequestFilter {

    static final String ACTOR = "tokuten.access-log.actor";
    static final String TENANT = "tokuten.access-log.tenant";
    static final String PENDING = "tokuten.access-log.pending";
    static final String REDACTED = "{…}";
    static final int MAX_TEXT = 300;

    static final int MAX_SEGMENTS = 20;
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9]{1,8}){0,2}");

    private final AccessLog accessLog;
    private final Clock clock;

    AccessLogFilter(AccessLog accessLog, Clock clock) {
        this.accessLog = accessLog;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            completeAfterErrorPage(request, response, chain);
            return;
        }
        long started = System.nanoTime();
        var at = clock.instant();
        boolean escaped = true;
        try {
            chain.doFilter(request, response);
            escaped = false;
        } finally {
            var entry = new AccessLog.Entry(
                    at,
                    request.getAttribute(TENANT) instanceof UUID tenant ? tenant : null,
                    request.getAttribute(ACTOR) instanceof String actor ? printable(actor) : null,
                    printable(request.getMethod()),
                    path(request),
                    statusSent(response, escaped),
                    (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000),
                    printable(request.getRemoteAddr()),
                    printable(MDC.get("requestId")),
                    printable(request.getHeader("User-Agent")));
            if (escaped && !response.isCommitted()) {
                // The container answers now, through its error page; that dispatch or the end of the
                // request records the status it sends.
                request.setAttribute(PENDING, entry);
            } else {
                accessLog.add(entry);
            }
        }
    }

    /** The error page decides the status of a request whose exception escaped: record it once it has. */
    private void completeAfterErrorPage(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(request.getAttribute(PENDING) instanceof AccessLog.Entry pending)) {
            chain.doFilter(request, response);
            return;
        }
        request.removeAttribute(PENDING);
        boolean escaped = true;
        try {
            chain.doFilter(request, response);
            escaped = false;
        } finally {
            accessLog.add(withStatus(pending, statusSent(response, escaped)));
        }
    }

    private static AccessLog.Entry withStatus(AccessLog.Entry e, int sent) {
        return new AccessLog.Entry(
                e.at(),
                e.tenant(),
                e.actor(),
                e.method(),
                e.path(),
                sent,
                e.durationMs(),
                e.clientAddress(),
                e.requestId(),
                e.userAgent());
    }

    /** The error dispatch too: it sends the answer to a request whose exception escaped. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /**
     * What the client gets: the response's status, unless an exception escaped before anything was sent,
     * in which case the container answers 500 (unless its error page answers otherwise).
     */
    static int statusSent(HttpServletResponse response, boolean escaped) {
        return escaped && !response.isCommitted() ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
    }

    /**
     * Records an entry still waiting for an error page when the request ends without one: the container's
     * own 500.
     */
    @Component
    static class RequestEnd implements ServletRequestListener {
        private final AccessLog accessLog;

        RequestEnd(AccessLog accessLog) {
            this.accessLog = accessLog;
        }

        @Override
        public void requestDestroyed(ServletRequestEvent event) {
            if (event.getServletRequest().getAttribute(PENDING) instanceof AccessLog.Entry pending) {
                event.getServletRequest().removeAttribute(PENDING);
                accessLog.add(pending);
            }
        }
    }

    /**
     * The route template ({@code /invite/{token}}) when MVC matched one; otherwise (no route, or refused
     * before routing) the path with what may be an id or a token replaced by {@value #REDACTED}.
     */
    static String path(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern instanceof String p && !p.contains("*")) {
            return truncate(printable(p));
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return redacted(uri.startsWith(context) ? uri.substring(context.length()) : uri);
    }

    /**
     * {@code path} with every segment that is not plainly a word of a route replaced by {@value #REDACTED}:
     * ids (numbers, UUIDs), tokens, e-mail addresses, anything encoded or long.
     */
    static String redacted(String path) {
        String[] segments = path.split("/", -1);
        var text = new StringJoiner("/");
        for (int i = 0; i < segments.length && i < MAX_SEGMENTS; i++) {
            text.add(isWord(segments[i]) ? segments[i] : REDACTED);
        }
        if (segments.length > MAX_SEGMENTS) {
            text.add(REDACTED);
        }
        return truncate(text.toString());
    }

    /** Lower-case letters and hyphens with at most two digits, and a short extension: {@code v1}, {@code audit.csv}. */
    private static boolean isWord(String segment) {
        return segment.isEmpty()
                || segment.length() <= 24
                        && WORD.matcher(segment).matches()
                        && segment.chars().filter(Character::isDigit).count() <= 2;
    }

    /**
     * {@code text} as it can safely be stored and shown: control and format characters (CR, LF, NUL, ESC,
     * bidirectional overrides…) become {@code \}{@code uXXXX} and a backslash {@code \\}; at most
     * {@value #MAX_TEXT} characters of the original are kept.
     */
    static @Nullable String printable(@Nullable String text) {
        if (text == null) {
            return null;
        }
        var out = new StringBuilder(Math.min(text.length(), MAX_TEXT) + 16);
        text.codePoints().limit(MAX_TEXT).forEach(c -> {
            if (c == '\\') {
                out.append("\\\\");
            } else if (Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT
                    || c == '\u2028'
                    || c == '\u2029') {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String truncate(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
