package jp.tokuten.admin;

import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every admin console page the signed-in user and their tenant, which the layout shows. */
@ControllerAdvice
class AdminLayoutAdvice {

    private final Tenants tenants;

    AdminLayoutAdvice(Tenants tenants) {
        this.tenants = tenants;
    }

    @ModelAttribute("user")
    @Nullable
    TenantUserPrincipal user(@AuthenticationPrincipal @Nullable Object principal) {
        return principal instanceof TenantUserPrincipal u ? u : null;
    }

    @ModelAttribute("tenant")
    @Nullable
    TenantView tenant(@AuthenticationPrincipal @Nullable Object principal) {
        return principal instanceof TenantUserPrincipal u
                ? tenants.findById(u.tenantId()).orElse(null)
                : null;
    }
}
