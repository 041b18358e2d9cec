package jp.tokuten.identity;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/** Checks an operator's e-mail and password for the operator console's sign-in form. */
@Component
public class OperatorSignIn implements AuthenticationProvider {

    private final OperatorAccounts operators;

    OperatorSignIn(OperatorAccounts operators) {
        this.operators = operators;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = String.valueOf(authentication.getName());
        String password = String.valueOf(authentication.getCredentials());
        var principal = operators
                .authenticatePassword(email, password)
                .orElseThrow(() -> new BadCredentialsException("Bad credentials"));
        return UsernamePasswordAuthenticationToken.authenticated(
                principal, null, List.of(new SimpleGrantedAuthority(OperatorPrincipal.AUTHORITY)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
