package jp.tokuten.identity;

import jp.tokuten.audit.AuditTrail;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Operators create tenants: the tenant and its first (admin) API key, together or not at all. */
@Service
public class TenantProvisioning {

    private final Tenants tenants;
    private final TenantBinder binder;
    private final ApiKeys apiKeys;
    private final AuditTrail audit;

    TenantProvisioning(Tenants tenants, TenantBinder binder, ApiKeys apiKeys, AuditTrail audit) {
        this.tenants = tenants;
        this.binder = binder;
        this.apiKeys = apiKeys;
        this.audit = audit;
    }

    /**
     * Creates the tenant and an admin API key for its provisioning automation.
     *
     * @throws jp.tokuten.tenancy.InvalidTenantException for an unacceptable slug or name
     * @throws jp.tokuten.tenancy.TenantSlugTakenException when the slug is in use
     */
    @Transactional
    public ProvisionedTenant provision(String slug, String name) {
        var tenant = tenants.create(slug, name);
        audit.record(
                "tenant.created", null, java.util.Map.of("tenant", tenant.id().value(), "slug", tenant.slug()));
        var key = binder.callAs(tenant.id(), () -> apiKeys.issueForBoundTenant("provisioning", TenantRole.ADMIN, null));
        return new ProvisionedTenant(tenant, key);
    }
}
