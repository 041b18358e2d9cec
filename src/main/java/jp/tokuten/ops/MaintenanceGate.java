package jp.tokuten.ops;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import jp.tokuten.platform.FilterOrders;
import jp.tokuten.platform.Problems;
import jp.tokuten.shared.ProblemException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * While a maintenance window is on, the consumer pages ({@code /c/**} and the home page), the admin console
 * ({@code /admin/**}) and the tenant API ({@code /api/v1/**} but the operator API) answer 503 with
 * {@code Retry-After} (the seconds until the window ends): the API as problem JSON {@code maintenance}, a
 * browser with the maintenance page. The operator console and API, health, the status page and static
 * files keep working, so operators can do the maintenance and watch it. After the access log, so the
 * refusals are in it.
 */
@Component
@Order(FilterOrders.MAINTENANCE)
class MaintenanceGate extends OncePerRequestFilter {

    /** Paths that stay open during a window (prefixes). */
    static final List<String> OPEN =
            List.of("/operator", "/api/v1/operator", "/actuator", "/status", "/css/", "/js/", "/images/", "/favicon");

    private final MaintenanceWindows windows;
    private final Problems problems;
    private final ITemplateEngine templates;
    private final LocaleResolver locales;
    private final Clock clock;

    MaintenanceGate(
            MaintenanceWindows windows,
            Problems problems,
            ITemplateEngine templates,
            LocaleResolver locales,
            Clock clock) {
        this.windows = windows;
        this.problems = problems;
        this.templates = templates;
        this.locales = locales;
        this.clock = clock;
    }

    static boolean gated(String path) {
        return OPEN.stream().noneMatch(path::startsWith)
                && (path.equals("/")
                        || path.startsWith("/c/")
                        || path.equals("/admin")
                        || path.startsWith("/admin/")
                        || path.startsWith("/api/v1/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        var window = gated(path) ? windows.current() : java.util.Optional.<MaintenanceWindow>empty();
        if (window.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        var w = window.get();
        var wait = w.retryAfter(clock.instant());
        if (path.startsWith("/api/")) {
            problems.write(
                    new ProblemException(503, "maintenance")
                            .retryAfter(wait)
                            .with("endsAt", w.endsAt().toString()),
                    request,
                    response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait.toSeconds()));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setContentType("text/html;charset=UTF-8");
        var exchange = JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response);
        var context = new WebContext(
                exchange,
                locales.resolveLocale(request),
                java.util.Map.of("notice", MaintenanceNotices.Notice.of(w, clock.instant())));
        templates.process("ops/maintenance", context, response.getWriter());
    }
}
