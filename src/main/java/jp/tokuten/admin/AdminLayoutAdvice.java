package jp.tokuten.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.shared.PageAttributes;
import jp.tokuten.tenancy.Tenants;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Gives every admin console page the signed-in user ({@code user}) and their tenant ({@code tenant}), which the layout shows. */
@Component
class AdminLayoutAdvice implements PageAttributes {

    private final Tenants tenants;

    AdminLayoutAdvice(Tenants tenants) {
        this.tenants = tenants;
    }

    @Override
    public void addTo(HttpServletRequest request, Map<String, Object> model) {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof TenantUserPrincipal u) {
            model.put("user", u);
            tenants.findById(u.tenantId()).ifPresent(t -> model.put("tenant", t));
        }
    }
}
