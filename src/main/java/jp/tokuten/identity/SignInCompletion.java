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

    SignInCompletion(SecondFactors secondFactors) {
        this.secondFactors = secondFactors;
    }

    /** Whether {@code code} is a valid authenticator or recovery code for the account. */
    public boolean secondFactorAccepted(HttpServletRequest request, AccountRef account, String code) {
        return secondFactors.verify(account, code);
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
    }
}
