package jp.tokuten.identity;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks a tenant user's tenant, e-mail and password for the admin console's sign-in form. The
 * principal it returns pins the session to that tenant.
 */
@Component
public class TenantUserSignIn implements AuthenticationProvider {

    private final TenantUsers users;
    private final SecondFactors secondFactors;

    TenantUserSignIn(TenantUsers users, SecondFactors secondFactors) {
        this.users = users;
        this.secondFactors = secondFactors;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (!(authentication.getDetails() instanceof TenantSignInDetails details)
                || details.tenantSlug().isEmpty()) {
            throw new BadCredentialsException("Bad credentials");
        }
        var principal = users.authenticate(
                        details.tenantSlug(),
                        String.valueOf(authentication.getName()),
                        String.valueOf(authentication.getCredentials()))
                .orElseThrow(() -> new BadCredentialsException("Bad credentials"));
        var authorities = List.of(new SimpleGrantedAuthority(principal.role().authority()));
        boolean enrolled = secondFactors.isEnrolled(principal.account());
        if (enrolled || users.requiresSecondFactor(principal.tenantId())) {
            var pending = new PendingSecondFactor(principal, principal.account(), authorities, !enrolled);
            pending.setDetails(details);
            return pending;
        }
        var authenticated = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        authenticated.setDetails(details);
        return authenticated;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
