package jp.tokuten.identity;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;

/** What the consoles' security chains do around the second factor. */
public final class SecondFactorHandlers {

    private SecondFactorHandlers() {}

    /** After a right password: to the second factor (or its set-up) when one is due, else the console. */
    public static AuthenticationSuccessHandler afterPassword(ConsoleAudience audience) {
        return (request, response, authentication) -> {
            if (authentication instanceof PendingSecondFactor pending) {
                response.sendRedirect(request.getContextPath()
                        + (pending.enrolmentNeeded() ? audience.enrolmentPath() : audience.secondFactorPath()));
            } else {
                response.sendRedirect(request.getContextPath() + audience.basePath());
            }
        };
    }

    /** A wrong sign-in goes back to the form; a throttled one says to wait. */
    public static AuthenticationFailureHandler failedSignIn(ConsoleAudience audience) {
        var handler = new ExceptionMappingAuthenticationFailureHandler();
        handler.setExceptionMappings(
                java.util.Map.of(SignInThrottledException.class.getName(), audience.loginPath() + "?locked"));
        handler.setDefaultFailureUrl(audience.loginPath() + "?error");
        return handler;
    }

    /** A person half-way through sign-in who opens a console page is sent back to the second factor. */
    public static AccessDeniedHandler pendingGoesToSecondFactor(ConsoleAudience audience) {
        var forbidden = new AccessDeniedHandlerImpl();
        return (request, response, denied) -> {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof PendingSecondFactor pending) {
                response.sendRedirect(request.getContextPath()
                        + (pending.enrolmentNeeded() ? audience.enrolmentPath() : audience.secondFactorPath()));
            } else {
                forbidden.handle(request, response, denied);
            }
        };
    }
}
