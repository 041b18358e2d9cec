package jp.tokuten.identity;

import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A password that was right, with the second factor still to come: it grants nothing but the second
 * factor pages. {@code enrolmentNeeded} when the account must first set up an authenticator.
 */
public final class PendingSecondFactor extends AbstractAuthenticationToken {

    public static final String AUTHORITY = "ROLE_PENDING_SECOND_FACTOR";

    private final Object principal;
    private final AccountRef account;
    private final List<GrantedAuthority> grantedAfter;
    private final boolean enrolmentNeeded;

    PendingSecondFactor(
            Object principal,
            AccountRef account,
            Collection<? extends GrantedAuthority> grantedAfter,
            boolean enrolmentNeeded) {
        super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
        this.principal = principal;
        this.account = account;
        this.grantedAfter = List.copyOf(grantedAfter);
        this.enrolmentNeeded = enrolmentNeeded;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }

    public AccountRef account() {
        return account;
    }

    public boolean enrolmentNeeded() {
        return enrolmentNeeded;
    }

    List<GrantedAuthority> grantedAfter() {
        return grantedAfter;
    }
}
