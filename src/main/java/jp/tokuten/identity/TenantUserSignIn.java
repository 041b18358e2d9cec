package jp.tokuten.identity;

import java.util.List;
import java.util.Optional;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks a tenant user's tenant, e-mail and password for the admin console's sign-in form. The
 * principal it returns pins the session to that tenant. An entry point: it binds the tenant the form
 * names while it checks the password and the second-factor rule.
 */
@Component
public class TenantUserSignIn implements AuthenticationProvider {

    private final TenantUsers users;
    private final SecondFactors secondFactors;
    private final SignInThrottle throttle;
    private final SignInAudit audit;
    private final Tenants tenants;
    private final TenantBinder binder;

    TenantUserSignIn(
            TenantUsers users,
            SecondFactors secondFactors,
            SignInThrottle throttle,
            SignInAudit audit,
            Tenants tenants,
            TenantBinder binder) {
        this.users = users;
        this.tenants = tenants;
        this.binder = binder;
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
        String slug = details.tenantSlug().strip();
        String password = String.valueOf(authentication.getCredentials());
        var tenant = slug.length() > 64
                ? Optional.<TenantId>empty()
                : tenants.findBySlug(slug).filter(TenantView::isActive).map(TenantView::id);
        // With no tenant bound, authenticate finds nobody but costs the same.
        Optional<TenantUserPrincipal> found = tenant.isEmpty()
                ? users.authenticate(email, password)
                : binder.callAs(tenant.get(), () -> users.authenticate(email, password));
        if (found.isEmpty()) {
            throttle.failed(accountKey, addressKey);
            // Failures go to the platform chain: the tenant named may not exist.
            audit.failed(ConsoleAudience.ADMIN, details.tenantSlug(), email, address, "password");
            throw new BadCredentialsException("Bad credentials");
        }
        var principal = found.get();
        throttle.succeeded(accountKey);
        return binder.callAs(principal.tenantId(), () -> {
            var authorities =
                    List.of(new SimpleGrantedAuthority(principal.role().authority()));
            boolean enrolled = secondFactors.isEnrolled(principal.account());
            if (enrolled || users.requiresSecondFactor()) {
                var pending = new PendingSecondFactor(principal, principal.account(), authorities, !enrolled);
                pending.setDetails(details);
                return pending;
            }
            var authenticated = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
            authenticated.setDetails(details);
            audit.succeeded(ConsoleAudience.ADMIN, principal.account(), address);
            return authenticated;
        });
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
