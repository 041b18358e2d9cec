package jp.tokuten.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a console session against the database on every request: a disabled account (or a suspended
 * tenant) is signed out at its next request, a changed role applies at once, and a session older than
 * the absolute limit ends whatever its activity.
 */
public final class SignedInSessionCheck extends OncePerRequestFilter {

    private final ConsoleAudience audience;
    private final OperatorAccounts operators;
    private final TenantUsers users;
    private final SessionProperties properties;
    private final Clock clock;
    private final ConsoleSeats seats;

    SignedInSessionCheck(
            ConsoleAudience audience,
            OperatorAccounts operators,
            TenantUsers users,
            SessionProperties properties,
            Clock clock,
            ConsoleSeats seats) {
        this.seats = seats;
        this.audience = audience;
        this.operators = operators;
        this.users = users;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        Object principal = auth == null ? null : auth.getPrincipal();
        if (!(principal instanceof OperatorPrincipal) && !(principal instanceof TenantUserPrincipal)) {
            chain.doFilter(request, response);
            return;
        }
        var session = request.getSession(false);
        boolean tooOld = session != null
                && clock.millis() - session.getCreationTime()
                        > properties.absoluteTimeout().toMillis();
        Authentication current = tooOld ? null : stillValid(auth, principal);
        if (current == null) {
            var empty = SecurityContextHolder.createEmptyContext();
            SecurityContextHolder.setContext(empty);
            audience.securityContextRepository().saveContext(empty, request, response);
            response.sendRedirect(request.getContextPath() + audience.loginPath() + "?expired");
            return;
        }
        if (current instanceof UsernamePasswordAuthenticationToken
                && current.getPrincipal() instanceof TenantUserPrincipal user
                && !seatHeld(request, user)) {
            var empty = SecurityContextHolder.createEmptyContext();
            SecurityContextHolder.setContext(empty);
            audience.securityContextRepository().saveContext(empty, request, response);
            response.sendRedirect(request.getContextPath() + audience.loginPath() + "?ended");
            return;
        }
        if (current != auth) {
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(current);
            SecurityContextHolder.setContext(context);
            audience.securityContextRepository().saveContext(context, request, response);
        }
        chain.doFilter(request, response);
    }

    /**
     * Whether the session holds one of the tenant's console seats (decision 148): the first signed-in request
     * takes one, later ones check that no newer sign-in past the plan's cap has ended it.
     */
    private boolean seatHeld(HttpServletRequest request, TenantUserPrincipal user) {
        var session = request.getSession();
        if (session.getAttribute(ConsoleSeats.ATTRIBUTE) instanceof java.util.UUID seat) {
            if (seats.stillHeld(seat)) {
                return true;
            }
            session.removeAttribute(ConsoleSeats.ATTRIBUTE);
            return false;
        }
        session.setAttribute(ConsoleSeats.ATTRIBUTE, seats.take(user.userId()));
        return true;
    }

    /** The authentication to go on with (updated if the role changed), or null to sign out. */
    private Authentication stillValid(Authentication auth, Object principal) {
        if (principal instanceof OperatorPrincipal op) {
            return operators.isActive(op.operatorId()) ? auth : null;
        }
        var user = (TenantUserPrincipal) principal;
        if (!TenantBinder.current().equals(java.util.Optional.of(user.tenantId()))) {
            return null; // the admin chain binds the session's tenant before this check
        }
        var role = users.activeRole(user.userId());
        if (role.isEmpty()) {
            return null;
        }
        if (role.get() == user.role() || auth instanceof PendingSecondFactor) {
            return auth;
        }
        var updated = new TenantUserPrincipal(
                user.tenantId(), user.tenantSlug(), user.userId(), user.email(), user.displayName(), role.get());
        var replaced = UsernamePasswordAuthenticationToken.authenticated(
                updated, null, List.of(new SimpleGrantedAuthority(role.get().authority())));
        replaced.setDetails(auth.getDetails());
        return replaced;
    }
}
