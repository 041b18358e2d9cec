package jp.tokuten.identity;

import java.util.UUID;
import jp.tokuten.tenancy.TenantId;

/** A caller authenticated by a tenant API key. */
public record ApiKeyPrincipal(TenantId tenantId, UUID keyId, String name, TenantRole role) {}
