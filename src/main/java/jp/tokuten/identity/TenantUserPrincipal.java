package jp.tokuten.identity;

import java.io.Serializable;
import java.util.UUID;
import jp.tokuten.tenancy.TenantId;

/** A signed-in tenant user, pinned to the tenant chosen at sign-in. */
public record TenantUserPrincipal(
        TenantId tenantId, String tenantSlug, UUID userId, String email, String displayName, TenantRole role)
        implements Serializable {

    public AccountRef account() {
        return new AccountRef(tenantId, userId, email);
    }
}
