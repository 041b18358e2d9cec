package jp.tokuten.identity;

import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** The tenant (slug) a tenant user names on the sign-in form, beside e-mail and password. */
public class TenantSignInDetails extends WebAuthenticationDetails implements Serializable {

    private final String tenantSlug;

    public TenantSignInDetails(HttpServletRequest request) {
        super(request);
        String t = request.getParameter("tenant");
        this.tenantSlug = t == null ? "" : t.strip();
    }

    public String tenantSlug() {
        return tenantSlug;
    }
}
