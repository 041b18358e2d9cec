package jp.tokuten.access;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import jakarta.servlet.http.Cookie;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.transaction.support.TransactionTemplate;

/** A tenant with an admin and an editor, their sign-in from a given address, and API keys by role. */
final class AccessFixtures {

    static final String PASSWORD = "a staff password long enough";

    private AccessFixtures() {}

    record Staffed(TenantView tenant, String admin, String editor) {}

    static Staffed aTenantWithStaff(Tenants tenants, TenantUsers users, TenantBinder binder, String prefix) {
        TenantView t = TenantFixtures.aTenant(tenants, prefix);
        binder.callAs(t.id(), () -> users.create("admin@" + t.slug() + ".example", "管理者", TenantRole.ADMIN, PASSWORD));
        binder.callAs(
                t.id(), () -> users.create("editor@" + t.slug() + ".example", "編集者", TenantRole.EDITOR, PASSWORD));
        return new Staffed(t, "admin@" + t.slug() + ".example", "editor@" + t.slug() + ".example");
    }

    /** The request comes from this TCP peer. */
    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    static Cookie signIn(MockMvc mvc, TenantView tenant, String email, String address) throws Exception {
        return mvc.perform(post("/admin/login")
                        .with(csrf())
                        .with(from(address))
                        .param("tenant", tenant.slug())
                        .param("email", email)
                        .param("password", PASSWORD))
                .andExpect(redirectedUrl("/admin"))
                .andReturn()
                .getResponse()
                .getCookie("TOKUTEN_SESSION");
    }

    /** Issues a tenant API key with {@code role} straight into the table, as the runtime role. */
    static String anApiKey(
            DataSource dataSource, TenantBinder binder, TransactionTemplate tx, TenantView tenant, TenantRole role) {
        return ApiKeyFixtures.aKey(dataSource, binder, tx, tenant, role);
    }
}
