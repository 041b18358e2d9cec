package jp.tokuten.identity;

import java.io.Serializable;
import java.util.UUID;

/** A signed-in operator (platform staff). */
public record OperatorPrincipal(UUID operatorId, String email, String displayName) implements Serializable {

    public static final String AUTHORITY = "ROLE_OPERATOR";

    public AccountRef account() {
        return new AccountRef(null, operatorId, email);
    }
}
