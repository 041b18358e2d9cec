package jp.tokuten.identity;

import java.io.Serializable;
import java.util.UUID;
import jp.tokuten.tenancy.TenantId;
import org.springframework.security.core.AuthenticatedPrincipal;

/** A signed-in tenant user, pinned to the tenant chosen at sign-in. */
public record TenantUserPrincipal(
        TenantId tenantId, String tenantSlug, UUID userId, String email, String displayName, TenantRole role)
        implements Serializable, AuthenticatedPrincipal {

    /** The actor name in logs and the audit log. */
    @Override
    public String getName() {
        return "user:" + userId;
    }

    public AccountRef account() {
        return new AccountRef(tenantId, userId, email);
    }
}
