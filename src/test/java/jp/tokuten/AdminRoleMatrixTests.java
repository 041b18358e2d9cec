package jp.tokuten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.UUID;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Who may do what in the admin console: every admin endpoint, for every role, for a signed-out visitor
 * and for a user of another tenant. A new admin endpoint belongs in {@link #endpoints()}.
 */
@TokutenTest
class AdminRoleMatrixTests {

    static final String PASSWORD = "role matrix pass phrase";

    /** An endpoint and the least role that may use it (the roles that include it may too). */
    record Endpoint(String name, MockHttpServletRequestBuilder request, TenantRole least) {

        /** An endpoint for tenant admins only, or for every signed-in user. */
        Endpoint(String name, MockHttpServletRequestBuilder request, boolean adminOnly) {
            this(name, request, adminOnly ? TenantRole.ADMIN : null);
        }

        boolean allows(TenantRole role) {
            return least == null || role.includes(least);
        }
    }

    @Autowired
    jp.tokuten.tenancy.TenantBinder binder;

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    TenantView tenant;

    @BeforeEach
    void tenant() {
        tenant = TenantFixtures.aTenant(tenants, "matrix");
    }

    /**
     * Requests that change state are chosen so they change nothing an admin's next request depends on:
     * the allow-list entry excludes every test client's address, so the lockout guard refuses it (409).
     */
    static List<Endpoint> endpoints() {
        String someone = UUID.randomUUID().toString();
        return List.of(
                new Endpoint("dashboard", get("/admin"), false),
                new Endpoint("own authenticator", get("/admin/account/second-factor"), false),
                new Endpoint(
                        "confirm own authenticator",
                        post("/admin/account/second-factor").param("code", "000000"),
                        false),
                new Endpoint("recovery codes shown once", get("/admin/recovery-codes"), false),
                new Endpoint("audit log", get("/admin/audit"), true),
                new Endpoint("audit log export", get("/admin/audit.csv"), true),
                new Endpoint("users", get("/admin/users"), true),
                new Endpoint(
                        "invite",
                        post("/admin/users/invitations")
                                .param("email", "m" + System.nanoTime() + "@matrix.example")
                                .param("role", "VIEWER"),
                        true),
                new Endpoint(
                        "change role", post("/admin/users/" + someone + "/role").param("role", "VIEWER"), true),
                new Endpoint("disable user", post("/admin/users/" + someone + "/disable"), true),
                new Endpoint("enable user", post("/admin/users/" + someone + "/enable"), true),
                new Endpoint("api keys", get("/admin/api-keys"), true),
                new Endpoint(
                        "issue api key",
                        post("/admin/api-keys").param("name", "k").param("role", "VIEWER"),
                        true),
                new Endpoint("revoke api key", post("/admin/api-keys/" + someone + "/revoke"), true),
                new Endpoint("security", get("/admin/security"), true),
                new Endpoint(
                        "require second factor",
                        post("/admin/security/second-factor").param("required", "false"),
                        true),
                new Endpoint("access settings", get("/admin/settings/access"), true),
                new Endpoint(
                        "add allow-list entry",
                        post("/admin/settings/access/ip-allowlist").param("cidr", "203.0.113.0/24"),
                        true),
                new Endpoint(
                        "remove allow-list entry",
                        post("/admin/settings/access/ip-allowlist/" + someone + "/delete"),
                        true),
                new Endpoint(
                        "basic auth", post("/admin/settings/access/basic-auth").param("enabled", "false"), true),
                new Endpoint(
                        "campaign analytics", get("/admin/campaigns/" + someone + "/analytics"), TenantRole.VIEWER),
                new Endpoint("entries csv", get("/admin/campaigns/" + someone + "/entries.csv"), TenantRole.VIEWER),
                new Endpoint("review queue", get("/admin/review"), TenantRole.REVIEWER),
                new Endpoint("review an entry", get("/admin/review/" + someone), TenantRole.REVIEWER),
                new Endpoint(
                        "receipt photo", get("/admin/review/" + someone + "/receipts/0/photo"), TenantRole.REVIEWER),
                new Endpoint(
                        "decide an entry",
                        post("/admin/review/" + someone + "/decision").param("decision", "approve"),
                        TenantRole.REVIEWER),
                new Endpoint(
                        "correct an entry",
                        post("/admin/review/" + someone + "/corrections").param("fix.0.total", "100"),
                        TenantRole.REVIEWER));
    }

    Cookie signedIn(TenantView t, TenantRole role) throws Exception {
        String email = role.name().toLowerCase() + "-" + System.nanoTime() + "@matrix.example";
        binder.callAs(t.id(), () -> users.create(email, role.name(), role, PASSWORD));
        return ConsoleSignIns.forTenantUsers(mvc).adminSignIn(t.slug(), email, PASSWORD);
    }

    @ParameterizedTest
    @EnumSource(TenantRole.class)
    void eachRoleReachesExactlyWhatItMay(TenantRole role) throws Exception {
        Cookie session = signedIn(tenant, role);
        for (Endpoint e : endpoints()) {
            int status = mvc.perform(e.request().with(csrf()).cookie(session))
                    .andReturn()
                    .getResponse()
                    .getStatus();
            boolean allowed = e.allows(role);
            if (allowed) {
                assertThat(status).as(role + " → " + e.name()).isIn(200, 302, 400, 404, 409);
            } else {
                assertThat(status).as(role + " → " + e.name()).isEqualTo(403);
            }
        }
    }

    @Test
    void signedOutVisitorsAreSentToSignIn() throws Exception {
        for (Endpoint e : endpoints()) {
            var response = mvc.perform(e.request().with(csrf())).andReturn().getResponse();
            assertThat(response.getRedirectedUrl()).as(e.name()).endsWith("/admin/login");
        }
    }

    @Test
    void anotherTenantsAdminSeesOnlyTheirOwnTenant() throws Exception {
        binder.callAs(
                tenant.id(), () -> users.create("only-here@matrix.example", "Only here", TenantRole.VIEWER, PASSWORD));
        var other = TenantFixtures.aTenant(tenants, "elsewhere");
        Cookie theirs = signedIn(other, TenantRole.ADMIN);
        for (String path : List.of("/admin/users", "/admin/api-keys", "/admin/security", "/admin/settings/access")) {
            String page = mvc.perform(get(path).cookie(theirs))
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(page).as(path).contains(other.displayName()).doesNotContain("only-here@matrix.example");
        }
    }
}
