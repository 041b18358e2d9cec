package jp.tokuten.identity;

import java.io.Serializable;
import java.util.UUID;
import org.springframework.security.core.AuthenticatedPrincipal;

/** A signed-in operator (platform staff). */
public record OperatorPrincipal(UUID operatorId, String email, String displayName)
        implements Serializable, AuthenticatedPrincipal {

    public static final String AUTHORITY = "ROLE_OPERATOR";

    /** The actor name in logs and the audit log. */
    @Override
    public String getName() {
        return "operator:" + operatorId;
    }

    public AccountRef account() {
        return new AccountRef(null, operatorId, email);
    }
}
