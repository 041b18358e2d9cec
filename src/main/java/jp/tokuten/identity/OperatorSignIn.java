package jp.tokuten.identity;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks an operator's e-mail and password for the operator console's sign-in form; the second factor
 * follows ({@link PendingSecondFactor}).
 */
@Component
public class OperatorSignIn implements AuthenticationProvider {

    private final OperatorAccounts operators;
    private final SecondFactors secondFactors;
    private final SignInThrottle throttle;
    private final SignInAudit audit;

    OperatorSignIn(
            OperatorAccounts operators, SecondFactors secondFactors, SignInThrottle throttle, SignInAudit audit) {
        this.operators = operators;
        this.secondFactors = secondFactors;
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = String.valueOf(authentication.getName());
        String password = String.valueOf(authentication.getCredentials());
        String accountKey = SignInThrottle.accountKey(ConsoleAudience.OPERATOR, "", email);
        String address = RemoteAddress.of(authentication);
        String addressKey = SignInThrottle.addressKey(address);
        if (throttle.blockedUntil(accountKey, addressKey).isPresent()) {
            audit.failed(ConsoleAudience.OPERATOR, "", email, address, "throttled");
            throw new SignInThrottledException();
        }
        var found = operators.authenticatePassword(email, password);
        if (found.isEmpty()) {
            throttle.failed(accountKey, addressKey);
            audit.failed(ConsoleAudience.OPERATOR, "", email, address, "password");
            throw new BadCredentialsException("Bad credentials");
        }
        var principal = found.get();
        throttle.succeeded(accountKey);
        // Operators always need a second factor: set up an authenticator first if there is none yet.
        return new PendingSecondFactor(
                principal,
                principal.account(),
                List.of(new SimpleGrantedAuthority(OperatorPrincipal.AUTHORITY)),
                !secondFactors.isEnrolled(principal.account()));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
