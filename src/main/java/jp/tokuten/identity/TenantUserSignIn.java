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
    private final SignInThrottle throttle;
    private final SignInAudit audit;

    TenantUserSignIn(TenantUsers users, SecondFactors secondFactors, SignInThrottle throttle, SignInAudit audit) {
        this.users = users;
        this.secondFactors = secondFactors;
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (!(authentication.getDetails() instanceof TenantSignInDetails details)
                || details.tenantSlug().isEmpty()) {
            throw new BadCredentialsException("Bad credentials");
        }
        String email = String.valueOf(authentication.getName());
        String accountKey = SignInThrottle.accountKey(ConsoleAudience.ADMIN, details.tenantSlug(), email);
        String address = RemoteAddress.of(authentication);
        String addressKey = SignInThrottle.addressKey(address);
        if (throttle.blockedUntil(accountKey, addressKey).isPresent()) {
            audit.failed(ConsoleAudience.ADMIN, details.tenantSlug(), email, address, "throttled");
            throw new SignInThrottledException();
        }
        var found = users.authenticate(details.tenantSlug(), email, String.valueOf(authentication.getCredentials()));
        if (found.isEmpty()) {
            throttle.failed(accountKey, addressKey);
            audit.failed(ConsoleAudience.ADMIN, details.tenantSlug(), email, address, "password");
            throw new BadCredentialsException("Bad credentials");
        }
        var principal = found.get();
        throttle.succeeded(accountKey);
        var authorities = List.of(new SimpleGrantedAuthority(principal.role().authority()));
        boolean enrolled = secondFactors.isEnrolled(principal.account());
        if (enrolled || users.requiresSecondFactor(principal.tenantId())) {
            var pending = new PendingSecondFactor(principal, principal.account(), authorities, !enrolled);
            pending.setDetails(details);
            return pending;
        }
        var authenticated = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        authenticated.setDetails(details);
        audit.succeeded(ConsoleAudience.ADMIN, principal.account(), address);
        return authenticated;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
