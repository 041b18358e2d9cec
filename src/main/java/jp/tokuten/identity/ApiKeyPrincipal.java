package jp.tokuten.identity;

import java.util.UUID;
import jp.tokuten.tenancy.TenantId;
import org.springframework.security.core.AuthenticatedPrincipal;

/** A caller authenticated by a tenant API key. */
public record ApiKeyPrincipal(TenantId tenantId, UUID keyId, String name, TenantRole role)
        implements AuthenticatedPrincipal {

    /** The actor name in logs and the audit log. */
    @Override
    public String getName() {
        return "api-key:" + keyId;
    }
}
