package jp.tokuten.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.session.web.http.CookieSerializer.CookieValue;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The session cookie is Secure whenever the request came over HTTPS, directly or through a trusted
 * proxy, or TOKUTEN_BASE_URL is https, without further configuration.
 */
@TokutenTest
class SessionCookieTests {

    static final String PASSWORD = "secure cookie pass phrase";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    TenantView shop;
    String email;

    @BeforeEach
    void aTenantUser() {
        shop = TenantFixtures.aTenant(tenants, "cookie");
        email = "staff@" + shop.slug() + ".example";
        binder.callAs(shop.id(), () -> users.create(email, "Staff", TenantRole.ADMIN, PASSWORD));
    }

    Cookie signIn(MockHttpServletRequestBuilder request) throws Exception {
        Cookie cookie = mvc.perform(request.with(csrf())
                        .param("tenant", shop.slug())
                        .param("email", email)
                        .param("password", PASSWORD))
                .andReturn()
                .getResponse()
                .getCookie(ConsoleSignIns.SESSION_COOKIE);
        assertThat(cookie).as("a session cookie").isNotNull();
        return cookie;
    }

    @Test
    void plainHttpGetsACookieWithoutSecure() throws Exception {
        assertThat(signIn(post("/admin/login")).getSecure()).isFalse();
    }

    @Test
    void directHttpsGetsASecureCookie() throws Exception {
        assertThat(signIn(post("https://localhost/admin/login").secure(true)).getSecure())
                .isTrue();
    }

    @Test
    void httpsThroughATrustedProxyGetsASecureCookie() throws Exception {
        var viaProxy = post("/admin/login").header("X-Forwarded-Proto", "https").with(r -> {
            r.setRemoteAddr("10.200.0.9"); // in TokutenTest.TRUSTED_PROXIES
            return r;
        });
        assertThat(signIn(viaProxy).getSecure()).isTrue();
    }

    @Test
    void anUntrustedPeerCannotClaimHttps() throws Exception {
        var spoofed = post("/admin/login").header("X-Forwarded-Proto", "https").with(r -> {
            r.setRemoteAddr("198.51.100.20");
            return r;
        });
        assertThat(signIn(spoofed).getSecure()).isFalse();
    }

    @Test
    void anHttpsBaseUrlMakesEveryCookieSecure() {
        assertThat(setCookie(SessionConfiguration.cookieSerializer(false, "https://campaigns.example.jp")))
                .contains("Secure");
        assertThat(setCookie(SessionConfiguration.cookieSerializer(false, "http://localhost:8080")))
                .doesNotContain("Secure");
        assertThat(setCookie(SessionConfiguration.cookieSerializer(false, ""))).doesNotContain("Secure");
        assertThat(setCookie(SessionConfiguration.cookieSerializer(true, ""))).contains("Secure");
    }

    /** The Set-Cookie header written for a plain-HTTP request. */
    private static String setCookie(org.springframework.session.web.http.DefaultCookieSerializer serializer) {
        var request = new MockHttpServletRequest("GET", "/admin");
        var response = new MockHttpServletResponse();
        serializer.writeCookieValue(new CookieValue(request, response, "session-id"));
        return String.valueOf(response.getHeader("Set-Cookie"));
    }
}
