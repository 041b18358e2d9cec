package jp.tokuten.operator;

import java.util.Optional;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.identity.TenantProvisioning;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.springframework.stereotype.Component;

/** One tenant as operators see it: its record and its usage, as counts only (no tenant is bound). */
@Component
class TenantOverviews {

    /** A tenant's record with how many active users it has and how many bytes it stores. */
    record TenantOverview(
            TenantView tenant,
            long usersCount,
            long storageUsedBytes,
            java.util.List<jp.tokuten.tenancy.UsageView> usage) {}

    private final Tenants tenants;
    private final TenantProvisioning provisioning;
    private final StoredFiles files;
    private final jp.tokuten.tenancy.PlanLimits limits;
    private final jp.tokuten.identity.ConsoleSeats seats;

    TenantOverviews(
            Tenants tenants,
            TenantProvisioning provisioning,
            StoredFiles files,
            jp.tokuten.tenancy.PlanLimits limits,
            jp.tokuten.identity.ConsoleSeats seats) {
        this.limits = limits;
        this.seats = seats;
        this.tenants = tenants;
        this.provisioning = provisioning;
        this.files = files;
    }

    Optional<TenantOverview> byId(TenantId id) {
        return tenants.findById(id).map(this::overview);
    }

    Optional<TenantOverview> bySlug(String slug) {
        return slug.length() > 64 ? Optional.empty() : tenants.findBySlug(slug).map(this::overview);
    }

    private TenantOverview overview(TenantView t) {
        long stored = files.bytesStoredBy(t.id());
        return new TenantOverview(
                t, provisioning.userCount(t.id()), stored, limits.usageOf(t.id(), stored, seats.inUseBy(t.id())));
    }
}
