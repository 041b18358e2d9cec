package jp.tokuten.access;

import static jp.tokuten.access.AccessFixtures.from;
import static jp.tokuten.access.AccessFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.net.InetAddress;
import java.util.List;
import javax.sql.DataSource;
import jp.tokuten.TokutenTest;
import jp.tokuten.access.AccessFixtures.Staffed;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** The IP allow-list in front of a tenant's admin console and API, with and without trusted proxies. */
@TokutenTest
class IpAllowListTests {

    static final String OFFICE = "203.0.113.7";
    static final String OFFICE_V6 = "2001:db8:1::5";
    static final String ELSEWHERE = "198.51.100.9";
    /** Inside {@link TokutenTest#TRUSTED_PROXIES}. */
    static final String PROXY = "10.200.0.1";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    IpAllowList allowList;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    Staffed shop;

    @BeforeEach
    void aTenantAllowingItsOfficeOnly() throws Exception {
        shop = AccessFixtures.aTenantWithStaff(tenants, users, binder, "allow");
        InetAddress office = InetAddress.getByName(OFFICE);
        binder.callAs(
                shop.tenant().id(),
                () -> allowList.replace(
                        List.of(
                                new IpAllowList.NewEntry("203.0.113.0/24", "本社"),
                                new IpAllowList.NewEntry("2001:db8:1::/48", "")),
                        office,
                        ChangedBy.tenantUser(java.util.UUID.randomUUID())));
    }

    @Test
    void refusesSignInFromOutsideTheList() throws Exception {
        mvc.perform(post("/admin/login")
                        .with(csrf())
                        .with(from(ELSEWHERE))
                        .param("tenant", shop.tenant().slug())
                        .param("email", shop.admin())
                        .param("password", AccessFixtures.PASSWORD))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("許可されたIPアドレスからのみ")))
                .andExpect(content().string(containsString(ELSEWHERE)));
        mvc.perform(post("/admin/login")
                        .with(csrf())
                        .with(from(ELSEWHERE))
                        .header("Accept-Language", "en")
                        .param("tenant", shop.tenant().slug())
                        .param("email", shop.admin())
                        .param("password", "a wrong password, never checked"))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("may only be used from allowed IP addresses")));
    }

    @Test
    void allowsSignInAndConsoleFromInsideTheListOnly() throws Exception {
        var session = signIn(mvc, shop.tenant(), shop.admin(), OFFICE);
        mvc.perform(get("/admin").cookie(session).with(from(OFFICE))).andExpect(status().isOk());
        mvc.perform(get("/admin").cookie(session).with(from(ELSEWHERE)))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString(ELSEWHERE)));
        mvc.perform(get("/admin/settings/access").cookie(session).with(from(ELSEWHERE)))
                .andExpect(status().isForbidden());
    }

    @Test
    void coversTheSecondFactorStepToo() throws Exception {
        binder.runAs(shop.tenant().id(), () -> users.requireSecondFactor(true));
        Cookie pending = mvc.perform(post("/admin/login")
                        .with(csrf())
                        .with(from(OFFICE))
                        .param("tenant", shop.tenant().slug())
                        .param("email", shop.admin())
                        .param("password", AccessFixtures.PASSWORD))
                .andExpect(redirectedUrl("/admin/login/totp/setup"))
                .andReturn()
                .getResponse()
                .getCookie("TOKUTEN_SESSION");
        mvc.perform(get("/admin/login/totp/setup").cookie(pending).with(from(OFFICE)))
                .andExpect(status().isOk());
        mvc.perform(get("/admin/login/totp/setup").cookie(pending).with(from(ELSEWHERE)))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString(ELSEWHERE)));
    }

    @Test
    void matchesIpv6Networks() throws Exception {
        var session = signIn(mvc, shop.tenant(), shop.admin(), OFFICE_V6);
        mvc.perform(get("/admin").cookie(session).with(from("2001:db8:1:ffff::1")))
                .andExpect(status().isOk());
        mvc.perform(get("/admin").cookie(session).with(from("2001:db8:2::5"))).andExpect(status().isForbidden());
        mvc.perform(get("/admin").cookie(session).with(from("::ffff:198.51.100.9")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin").cookie(session).with(from("::ffff:203.0.113.9")))
                .andExpect(status().isOk());
    }

    @Test
    void findsTheClientBehindTrustedProxies() throws Exception {
        var session = signIn(mvc, shop.tenant(), shop.admin(), OFFICE);
        mvc.perform(get("/admin").cookie(session).with(from(PROXY)).header("X-Forwarded-For", OFFICE))
                .andExpect(status().isOk());
        mvc.perform(get("/admin")
                        .cookie(session)
                        .with(from(PROXY))
                        .header("X-Forwarded-For", "192.0.2.1, " + OFFICE + ", 10.200.3.3"))
                .andExpect(status().isOk());
        mvc.perform(get("/admin").cookie(session).with(from("fd00:200::1")).header("X-Forwarded-For", OFFICE_V6))
                .andExpect(status().isOk());
        // A client cannot prepend an allowed address: the proxy appends the real one at the right.
        mvc.perform(get("/admin")
                        .cookie(session)
                        .with(from(PROXY))
                        .header("X-Forwarded-For", OFFICE + ", " + ELSEWHERE))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString(ELSEWHERE)));
        mvc.perform(post("/admin/login")
                        .with(csrf())
                        .with(from(PROXY))
                        .header("X-Forwarded-For", ELSEWHERE)
                        .param("tenant", shop.tenant().slug())
                        .param("email", shop.admin())
                        .param("password", AccessFixtures.PASSWORD))
                .andExpect(status().isForbidden());
    }

    @Test
    void ignoresForwardedForFromAnUntrustedPeer() throws Exception {
        var session = signIn(mvc, shop.tenant(), shop.admin(), OFFICE);
        mvc.perform(get("/admin").cookie(session).with(from(ELSEWHERE)).header("X-Forwarded-For", OFFICE))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/login")
                        .with(csrf())
                        .with(from(ELSEWHERE))
                        .header("X-Forwarded-For", OFFICE)
                        .param("tenant", shop.tenant().slug())
                        .param("email", shop.admin())
                        .param("password", AccessFixtures.PASSWORD))
                .andExpect(status().isForbidden());
    }

    @Test
    void leavesTenantsWithoutAListAlone() throws Exception {
        Staffed open = AccessFixtures.aTenantWithStaff(tenants, users, binder, "open");
        var session = signIn(mvc, open.tenant(), open.admin(), ELSEWHERE);
        mvc.perform(get("/admin").cookie(session).with(from("2001:db8:ffff::1")))
                .andExpect(status().isOk());
        String key = AccessFixtures.anApiKey(dataSource, binder, tx, open.tenant(), TenantRole.VIEWER);
        mvc.perform(get("/api/v1/tenant").header("Authorization", key).with(from(ELSEWHERE)))
                .andExpect(status().isOk());
    }

    @Test
    void refusesApiKeysFromOutsideTheList() throws Exception {
        String key = AccessFixtures.anApiKey(dataSource, binder, tx, shop.tenant(), TenantRole.ADMIN);
        mvc.perform(get("/api/v1/tenant").header("Authorization", key).with(from(OFFICE)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.slug").value(shop.tenant().slug()));
        mvc.perform(get("/api/v1/tenant").header("Authorization", key).with(from(ELSEWHERE)))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.status").value(403))
                .andExpect(jsonPath("$.clientAddress").value(ELSEWHERE))
                .andExpect(jsonPath("$.code").value("address_not_allowed"))
                .andExpect(jsonPath("$.detail").value(containsString("このIPアドレス(" + ELSEWHERE + ")からは")));
        mvc.perform(get("/api/v1/tenant")
                        .header("Authorization", key)
                        .with(from(PROXY))
                        .header("X-Forwarded-For", OFFICE))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/tenant")
                        .header("Authorization", key)
                        .with(from(ELSEWHERE))
                        .header("X-Forwarded-For", OFFICE))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/settings/ip-allowlist")
                        .header("Authorization", key)
                        .with(from(ELSEWHERE)))
                .andExpect(status().isForbidden());
    }

    @Test
    void theOperatorApiIsNotATenantsToRestrict() throws Exception {
        mvc.perform(get("/api/v1/operator/tenants")
                        .header("Authorization", "Bearer " + TokutenTest.OPERATOR_TOKEN)
                        .with(from(ELSEWHERE)))
                .andExpect(status().isOk());
    }

    @Test
    void unknownTenantsAtSignInFailAsBefore() throws Exception {
        mvc.perform(post("/admin/login")
                        .with(csrf())
                        .with(from(ELSEWHERE))
                        .param("tenant", "no-such-tenant-here")
                        .param("email", shop.admin())
                        .param("password", AccessFixtures.PASSWORD))
                .andExpect(redirectedUrl("/admin/login?error"));
        assertThat(binder.callAs(shop.tenant().id(), () -> allowList.entries())).hasSize(2);
    }
}
