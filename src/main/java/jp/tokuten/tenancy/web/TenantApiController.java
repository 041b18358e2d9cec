package jp.tokuten.tenancy.web;

import java.util.UUID;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The tenant an API key belongs to: lets provisioning automation check its key. */
@RestController
class TenantApiController {

    private final Tenants tenants;

    TenantApiController(Tenants tenants) {
        this.tenants = tenants;
    }

    record CurrentTenant(UUID id, String slug, String name, String plan, String status) {}

    @GetMapping("/api/v1/tenant")
    CurrentTenant current() {
        var id = TenantBinder.current().orElseThrow(() -> new IllegalStateException("No tenant bound"));
        var t = tenants.findById(id).orElseThrow();
        return new CurrentTenant(
                t.id().value(),
                t.slug(),
                t.displayName(),
                t.plan(),
                t.status().name().toLowerCase());
    }
}
