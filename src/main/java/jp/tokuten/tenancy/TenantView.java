package jp.tokuten.tenancy;

import java.time.Instant;

/** A tenant as other modules and the shells see it. */
public record TenantView(
        TenantId id, String slug, String displayName, String plan, TenantStatus status, Instant createdAt) {

    public boolean isActive() {
        return status == TenantStatus.ACTIVE;
    }
}
