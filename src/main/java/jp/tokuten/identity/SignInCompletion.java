package jp.tokuten.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The end of a two-step sign-in: checking the second factor and granting the full sign-in. */
@Component
public class SignInCompletion {

    private final SecondFactors secondFactors;
    private final SignInThrottle throttle;

    private final SignInAudit audit;

    SignInCompletion(SecondFactors secondFactors, SignInThrottle throttle, SignInAudit audit) {
        this.secondFactors = secondFactors;
        this.throttle = throttle;
        this.audit = audit;
    }

    /**
     * Whether {@code code} is a valid authenticator or recovery code for the account. Wrong codes count
     * towards the same growing delays as wrong passwords.
     */
    public boolean secondFactorAccepted(HttpServletRequest request, AccountRef account, String code) {
        String accountKey = "second-factor:" + account.id();
        String addressKey = SignInThrottle.addressKey(request.getRemoteAddr());
        if (throttle.blockedUntil(accountKey, addressKey).isPresent()) {
            return false;
        }
        if (secondFactors.verify(account, code)) {
            throttle.succeeded(accountKey);
            return true;
        }
        throttle.failed(accountKey, addressKey);
        audit.failed(
                account.isOperator() ? ConsoleAudience.OPERATOR : ConsoleAudience.ADMIN,
                account.isOperator() ? "" : account.tenantId().toString(),
                account.email(),
                request.getRemoteAddr(),
                "second factor");
        return false;
    }

    /** The full authentication replaces the pending one, under a new session id. */
    public void complete(
            HttpServletRequest request,
            HttpServletResponse response,
            ConsoleAudience audience,
            PendingSecondFactor pending) {
        var full =
                UsernamePasswordAuthenticationToken.authenticated(pending.getPrincipal(), null, pending.grantedAfter());
        full.setDetails(pending.getDetails());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(full);
        SecurityContextHolder.setContext(context);
        request.changeSessionId();
        audience.securityContextRepository().saveContext(context, request, response);
        audit.succeeded(audience, pending.account(), request.getRemoteAddr());
    }
}
