package jp.tokuten.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jp.tokuten.tenancy.ActorBinder;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Names the signed-in caller as the actor of every transaction the request runs, for the audit log.
 * Runs after the security filter chain; the actor is the authentication's name, so a principal should
 * implement {@code AuthenticatedPrincipal} with a short, stable name such as {@code operator:<id>}.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class AuditActorFilter extends OncePerRequestFilter {

    static final int MAX_ACTOR_LENGTH = 200;
    private final ActorBinder actors;

    AuditActorFilter(ActorBinder actors) {
        this.actors = actors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            chain.doFilter(request, response);
            return;
        }
        String name = authentication.getName();
        request.setAttribute(AccessLogFilter.ACTOR, name);
        TenantBinder.current().ifPresent(t -> request.setAttribute(AccessLogFilter.TENANT, t.value()));
        try (var bound = actors.bind(name.length() > MAX_ACTOR_LENGTH ? name.substring(0, MAX_ACTOR_LENGTH) : name)) {
            chain.doFilter(request, response);
        }
    }
}
