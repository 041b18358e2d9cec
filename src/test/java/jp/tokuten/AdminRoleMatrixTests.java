package jp.tokuten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/**
 * Who may do what in the admin console: every admin endpoint, for every role, for a signed-out visitor
 * and for a user of another tenant. A new admin endpoint belongs in {@link #endpoints()}.
 */
@TokutenTest
class AdminRoleMatrixTests {

    static final String PASSWORD = "role matrix pass phrase";

    /** An endpoint and the roles that may use it. */
    record Endpoint(String name, AbstractMockHttpServletRequestBuilder<?> request, Set<TenantRole> allowed) {

        /** An endpoint every role may use, or only tenant admins. */
        Endpoint(String name, AbstractMockHttpServletRequestBuilder<?> request, boolean adminOnly) {
            this(name, request, adminOnly ? EnumSet.of(TenantRole.ADMIN) : EnumSet.allOf(TenantRole.class));
        }

        /** An endpoint for the given role and every role that includes it. */
        Endpoint(String name, AbstractMockHttpServletRequestBuilder<?> request, TenantRole least) {
            this(name, request, including(least));
        }

        static Set<TenantRole> including(TenantRole least) {
            var roles = EnumSet.noneOf(TenantRole.class);
            for (TenantRole role : TenantRole.values()) {
                if (role.includes(least)) {
                    roles.add(role);
                }
            }
            return roles;
        }

        boolean allows(TenantRole role) {
            return allowed.contains(role);
        }
    }

    /** Roles that read campaigns (decision 041: viewer and the roles above it; not store staff). */
    static final Set<TenantRole> VIEWERS =
            EnumSet.of(TenantRole.ADMIN, TenantRole.EDITOR, TenantRole.REVIEWER, TenantRole.VIEWER);

    /** Roles that change campaigns. */
    static final Set<TenantRole> EDITORS = EnumSet.of(TenantRole.ADMIN, TenantRole.EDITOR);

    /** Roles that redeem coupons at the counter: store staff, editors and admins. */
    static final Set<TenantRole> REDEEMERS = EnumSet.of(TenantRole.ADMIN, TenantRole.EDITOR, TenantRole.STORE_STAFF);

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
                // data lifecycle: refused (a bad charset, a wrong confirmation) or an unknown export (404)
                new Endpoint("data settings", get("/admin/settings/data"), true),
                new Endpoint(
                        "request export", post("/admin/settings/data/exports").param("charset", "latin1"), true),
                new Endpoint("download export", get("/admin/settings/data/exports/" + someone + "/export.zip"), true),
                new Endpoint(
                        "terminate tenant",
                        post("/admin/settings/data/termination").param("confirm", "not-it"),
                        true),
                // stores: viewers read, editors change; the changes are refused (an empty name, an unknown id)
                new Endpoint("stores", get("/admin/stores"), TenantRole.VIEWER),
                new Endpoint("stores CSV", get("/admin/stores/export.csv"), TenantRole.VIEWER),
                new Endpoint("new store form", get("/admin/stores/new"), TenantRole.EDITOR),
                new Endpoint("add store", post("/admin/stores").param("name", ""), TenantRole.EDITOR),
                new Endpoint("store form", get("/admin/stores/" + someone), TenantRole.EDITOR),
                new Endpoint("change store", post("/admin/stores/" + someone).param("name", "x"), TenantRole.EDITOR),
                new Endpoint("delete store", post("/admin/stores/" + someone + "/delete"), TenantRole.EDITOR),
                new Endpoint(
                        "import stores",
                        multipart("/admin/stores/import")
                                .file(new MockMultipartFile("file", "s.csv", "text/csv", new byte[0])),
                        TenantRole.EDITOR),
                // campaigns: an unknown campaign (404) or a form refused for its empty name (400)
                new Endpoint("campaigns", get("/admin/campaigns"), VIEWERS),
                new Endpoint("new campaign", get("/admin/campaigns/new"), EDITORS),
                new Endpoint("create campaign", post("/admin/campaigns").param("name", ""), EDITORS),
                new Endpoint("campaign", get("/admin/campaigns/" + someone), VIEWERS),
                new Endpoint(
                        "change campaign", post("/admin/campaigns/" + someone).param("name", "x"), EDITORS),
                new Endpoint("open campaign", post("/admin/campaigns/" + someone + "/open"), EDITORS),
                new Endpoint("close campaign", post("/admin/campaigns/" + someone + "/close"), EDITORS),
                new Endpoint("archive campaign", post("/admin/campaigns/" + someone + "/archive"), EDITORS),
                new Endpoint("campaign image", post("/admin/campaigns/" + someone + "/image"), EDITORS),
                new Endpoint("remove campaign image", post("/admin/campaigns/" + someone + "/image/delete"), EDITORS),
                new Endpoint(
                        "new campaign preview link", post("/admin/campaigns/" + someone + "/preview-link"), EDITORS),
                new Endpoint(
                        "campaign analytics", get("/admin/campaigns/" + someone + "/analytics"), TenantRole.VIEWER),
                new Endpoint("entries csv", get("/admin/campaigns/" + someone + "/entries.csv"), TenantRole.VIEWER),
                // closed draws: an unknown campaign or draw (404)
                new Endpoint("draws", get("/admin/campaigns/" + someone + "/draws"), TenantRole.VIEWER),
                new Endpoint(
                        "create draw",
                        post("/admin/campaigns/" + someone + "/draws").param("courseId", someone),
                        TenantRole.EDITOR),
                new Endpoint("run draw", post("/admin/draws/" + someone + "/run"), TenantRole.EDITOR),
                new Endpoint("re-draw", post("/admin/draws/" + someone + "/redraws"), TenantRole.EDITOR),
                // coupons: viewers read, editors change (an empty title, an unknown id); store staff redeem, and
                // store staff and admins reverse (no store chosen yet: sent back to the choice)
                new Endpoint("coupons", get("/admin/coupons"), TenantRole.VIEWER),
                new Endpoint("new coupon", get("/admin/coupons/new"), TenantRole.EDITOR),
                new Endpoint("create coupon", post("/admin/coupons").param("title", ""), TenantRole.EDITOR),
                new Endpoint("coupon", get("/admin/coupons/" + someone), TenantRole.VIEWER),
                new Endpoint("change coupon", post("/admin/coupons/" + someone).param("title", "x"), TenantRole.EDITOR),
                new Endpoint("publish coupon", post("/admin/coupons/" + someone + "/publish"), TenantRole.EDITOR),
                new Endpoint("close coupon", post("/admin/coupons/" + someone + "/close"), TenantRole.EDITOR),
                new Endpoint("coupon preview", get("/admin/coupons/" + someone + "/preview"), TenantRole.VIEWER),
                new Endpoint("coupon poster", get("/admin/coupons/" + someone + "/poster.pdf"), TenantRole.VIEWER),
                new Endpoint("coupon analytics", get("/admin/coupons/" + someone + "/analytics"), TenantRole.VIEWER),
                new Endpoint("coupon uses", get("/admin/coupons/" + someone + "/redemptions"), TenantRole.VIEWER),
                new Endpoint(
                        "coupon uses csv", get("/admin/coupons/" + someone + "/redemptions.csv"), TenantRole.VIEWER),
                new Endpoint("coupon settlement", get("/admin/coupons/settlement"), TenantRole.VIEWER),
                // rewards: viewers read, editors change (an empty name, unknown ids: nothing changes)
                new Endpoint("gift-code pools", get("/admin/rewards/gift-code-pools"), TenantRole.VIEWER),
                new Endpoint(
                        "create gift-code pool",
                        post("/admin/rewards/gift-code-pools").param("name", ""),
                        TenantRole.EDITOR),
                new Endpoint("gift-code pool", get("/admin/rewards/gift-code-pools/" + someone), TenantRole.VIEWER),
                new Endpoint(
                        "upload gift codes",
                        multipart("/admin/rewards/gift-code-pools/" + someone + "/codes")
                                .file(new MockMultipartFile("file", "codes.csv", "text/csv", "A-1\n".getBytes())),
                        TenantRole.EDITOR),
                new Endpoint(
                        "gift-code pool threshold",
                        post("/admin/rewards/gift-code-pools/" + someone + "/threshold")
                                .param("lowThreshold", "1"),
                        TenantRole.EDITOR),
                new Endpoint("reward settings", get("/admin/rewards/settings"), TenantRole.VIEWER),
                new Endpoint(
                        "save reward settings",
                        post("/admin/rewards/settings/" + someone).param("addressDays", "7"),
                        TenantRole.EDITOR),
                // winners: viewers read the list, editors ship and export addresses (unknown ids: 404, nothing changes)
                new Endpoint("winners", get("/admin/rewards/winners"), TenantRole.VIEWER),
                new Endpoint(
                        "campaign winners", get("/admin/rewards/campaigns/" + someone + "/winners"), TenantRole.VIEWER),
                new Endpoint(
                        "ship a prize",
                        post("/admin/rewards/campaigns/" + someone + "/winners/" + someone + "/ship")
                                .param("trackingNumber", "1"),
                        TenantRole.EDITOR),
                new Endpoint(
                        "prize delivered",
                        post("/admin/rewards/campaigns/" + someone + "/winners/" + someone + "/delivered"),
                        TenantRole.EDITOR),
                new Endpoint(
                        "winners csv", get("/admin/rewards/campaigns/" + someone + "/winners.csv"), TenantRole.EDITOR),
                new Endpoint("winner mail", get("/admin/rewards/campaigns/" + someone + "/mail"), TenantRole.VIEWER),
                new Endpoint(
                        "save winner mail",
                        post("/admin/rewards/campaigns/" + someone + "/mail")
                                .param("kind", "address_request")
                                .param("lang", "ja"),
                        TenantRole.EDITOR),
                new Endpoint(
                        "premium limits", get("/admin/rewards/campaigns/" + someone + "/premiums"), TenantRole.VIEWER),
                new Endpoint(
                        "save premium limits",
                        post("/admin/rewards/campaigns/" + someone + "/premiums")
                                .param("transactionYen", "1"),
                        TenantRole.EDITOR),
                new Endpoint(
                        "winner mail language",
                        post("/admin/rewards/campaigns/" + someone + "/mail/language")
                                .param("lang", "ja"),
                        TenantRole.EDITOR),
                new Endpoint("coupon settlement csv", get("/admin/coupons/settlement.csv"), TenantRole.VIEWER),
                // lottery: courses of an unknown campaign or course (404 past the role check)
                new Endpoint("courses", get("/admin/campaigns/" + someone + "/courses"), VIEWERS),
                new Endpoint("new course", get("/admin/campaigns/" + someone + "/courses/new"), EDITORS),
                new Endpoint(
                        "create course",
                        post("/admin/campaigns/" + someone + "/courses").param("name", ""),
                        EDITORS),
                new Endpoint("course", get("/admin/courses/" + someone), EDITORS),
                new Endpoint("change course", post("/admin/courses/" + someone).param("name", "x"), EDITORS),
                new Endpoint("redemption screen", get("/admin/redeem"), REDEEMERS),
                new Endpoint(
                        "choose redemption store", post("/admin/redeem/store").param("store", someone), REDEEMERS),
                new Endpoint(
                        "check a holder's token",
                        post("/admin/redeem/check")
                                .param("code", "AAAAAAAAAAAA")
                                .param("token", "000000"),
                        REDEEMERS),
                new Endpoint(
                        "use a coupon",
                        post("/admin/redeem/use").param("code", "AAAAAAAAAAAA").param("token", "000000"),
                        REDEEMERS),
                new Endpoint(
                        "reverse a use",
                        post("/admin/redeem/reverse")
                                .param("code", "AAAAAAAAAAAA")
                                .param("redemption", someone)
                                .param("reason", "r"),
                        EnumSet.of(TenantRole.ADMIN, TenantRole.STORE_STAFF)),
                new Endpoint("release notes", get("/admin/release-notes"), false),
                new Endpoint("plan and usage", get("/admin/settings/plan"), true),
                new Endpoint("theme", get("/admin/settings/theme"), true),
                // refused (a bad colour), so the matrix changes no theme
                new Endpoint("save theme", post("/admin/settings/theme").param("primaryColor", "red"), true),
                new Endpoint("campaign theme", get("/admin/settings/theme/campaigns/" + someone), true),
                new Endpoint(
                        "save campaign theme",
                        post("/admin/settings/theme/campaigns/" + someone).param("primaryColor", "#123456"),
                        true),
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
        for (String path : List.of(
                "/admin/users", "/admin/api-keys", "/admin/security", "/admin/settings/access", "/admin/campaigns")) {
            String page = mvc.perform(get(path).cookie(theirs))
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(page).as(path).contains(other.displayName()).doesNotContain("only-here@matrix.example");
        }
    }
}
