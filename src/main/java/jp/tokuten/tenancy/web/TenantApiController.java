package jp.tokuten.tenancy.web;

import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The tenant an API key belongs to: lets provisioning automation check its key. Any role may read it. */
@RestController
class TenantApiController {

    private final Tenants tenants;

    TenantApiController(Tenants tenants) {
        this.tenants = tenants;
    }

    record CurrentTenant(UUID id, String slug, String name, String plan, String status) {}

    @GetMapping("/api/v1/tenant")
    @PreAuthorize("hasAnyRole('TENANT_VIEWER', 'TENANT_STORE_STAFF')")
    CurrentTenant current() {
        var id = TenantBinder.current().orElseThrow(() -> new ProblemException(401, "unauthorized"));
        var t = tenants.findById(id).orElseThrow(() -> new ProblemException(404, "not_found"));
        return new CurrentTenant(
                t.id().value(),
                t.slug(),
                t.displayName(),
                t.plan(),
                t.status().name().toLowerCase());
    }
}
