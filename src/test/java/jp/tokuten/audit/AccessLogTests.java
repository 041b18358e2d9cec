package jp.tokuten.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.util.WebUtils;

@TokutenTest
class AccessLogTests {

    @Autowired
    jp.tokuten.tenancy.TenantBinder binder;

    @Autowired
    MockMvc mvc;

    @Autowired
    AccessLog accessLog;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    @Autowired
    AccessLogFilter filter;

    static final String ID = "0190a4b2-7c1d-7e3f-9a5b-123456789abc";

    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    Map<String, Object> loggedOnce(String requestId) throws Exception {
        var rows = logged(requestId);
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    List<Map<String, Object>> logged(String requestId) throws Exception {
        accessLog.flush();
        try (Connection owner = OwnerAccess.ownerConnection(context)) {
            var st = owner.prepareStatement("select * from audit.access_log where request_id = ?");
            st.setString(1, requestId);
            var rs = st.executeQuery();
            var rows = new ArrayList<Map<String, Object>>();
            var meta = rs.getMetaData();
            while (rs.next()) {
                var row = new java.util.HashMap<String, Object>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    @Test
    void everyRequestIsLoggedWithWhoWhatResultAndWhereEvenWhenRefused() throws Exception {
        mvc.perform(
                get("/api/v1/tenant").header("X-Request-Id", "access-refused-1").with(r -> {
                    r.setRemoteAddr("192.0.2.77");
                    return r;
                }));
        var refused = logged("access-refused-1");
        assertThat(refused).hasSize(1);
        assertThat(refused.getFirst())
                .containsEntry("method", "GET")
                .containsEntry("path", "/api/v1/tenant")
                .containsEntry("status", 401)
                .containsEntry("client_address", "192.0.2.77")
                .containsEntry("actor", null);

        var tenant = TenantFixtures.aTenant(tenants, "logged");
        binder.callAs(
                tenant.id(), () -> users.create("a@logged.example", "A", TenantRole.ADMIN, "access log pass phrase"));
        var session = ConsoleSignIns.forTenantUsers(mvc)
                .adminSignIn(tenant.slug(), "a@logged.example", "access log pass phrase");
        mvc.perform(get("/admin/users").cookie(session).header("X-Request-Id", "access-admin-1"));
        var admin = logged("access-admin-1").getFirst();
        assertThat(admin)
                .containsEntry("status", 200)
                .containsEntry("tenant_id", tenant.id().value());
        assertThat((String) admin.get("actor")).startsWith("user:");
    }

    @Test
    void secretsInUrlsAreStoredAsTheRouteTemplate() throws Exception {
        mvc.perform(get("/invite/0123456789abcdef0123456789abcdef.secretsecretsecretsecretsecretsecretsecret1")
                .header("X-Request-Id", "access-invite-1"));
        assertThat(logged("access-invite-1").getFirst()).containsEntry("path", "/invite/{token}");
    }

    @Test
    void theRuntimeRoleMayAppendButNotReadOrChangeTheAccessLog() {
        assertThatThrownBy(() -> jdbc.queryForList("select * from audit.access_log"))
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("delete from audit.access_log"))
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.queryForObject("select audit.purge_access_log(364)", Long.class))
                .rootCause()
                .hasMessageContaining("at least 365 days");
        assertThat(jdbc.queryForObject("select audit.purge_access_log(365)", Long.class))
                .isNotNegative();
    }

    /** A request whose handler throws, up to the point where the container takes over. */
    MockHttpServletRequest escapedRequest(String requestId, MockHttpServletResponse response) {
        var request = new MockHttpServletRequest("POST", "/api/v1/receipts");
        MDC.put("requestId", requestId);
        try {
            assertThatThrownBy(() -> filter.doFilter(request, response, (req, res) -> {
                        throw new IllegalStateException("a bug below the access log");
                    }))
                    .hasMessageContaining("a bug below");
        } finally {
            MDC.remove("requestId");
        }
        return request;
    }

    /** What the servlet container does next: sets 500 and forwards to its error page, which may answer otherwise. */
    void containerErrorPage(MockHttpServletRequest request, MockHttpServletResponse response, int answered)
            throws Exception {
        response.setStatus(500);
        request.setDispatcherType(DispatcherType.ERROR);
        request.setAttribute(WebUtils.ERROR_REQUEST_URI_ATTRIBUTE, "/api/v1/receipts");
        request.setAttribute(WebUtils.ERROR_STATUS_CODE_ATTRIBUTE, 500);
        filter.doFilter(request, response, (req, res) -> ((HttpServletResponse) res).setStatus(answered));
    }

    @Test
    void anExceptionThatEscapesIsLoggedWithTheStatusTheContainerSends() throws Exception {
        var response = new MockHttpServletResponse();
        var request = escapedRequest("access-escaped-1", response);
        assertThat(logged("access-escaped-1"))
                .as("not before the error page answered")
                .isEmpty();
        containerErrorPage(request, response, 500);
        assertThat(loggedOnce("access-escaped-1"))
                .containsEntry("status", 500)
                .containsEntry("path", "/api/v1/receipts");

        // an error page that maps the failure (an over-size body, say) to another status
        var mapped = new MockHttpServletResponse();
        containerErrorPage(escapedRequest("access-escaped-2", mapped), mapped, 413);
        assertThat(loggedOnce("access-escaped-2")).containsEntry("status", 413);

        // no error page at all: the container's bare 500, recorded when the request ends
        var bare = escapedRequest("access-escaped-3", new MockHttpServletResponse());
        context.getBean(AccessLogFilter.RequestEnd.class)
                .requestDestroyed(new ServletRequestEvent(bare.getServletContext(), bare));
        assertThat(loggedOnce("access-escaped-3")).containsEntry("status", 500);
    }

    @Test
    void anErrorSentBeforeTheForwardToErrorIsLoggedWithItsStatus() throws Exception {
        var request = new MockHttpServletRequest("GET", "/api/v1/tenant");
        MDC.put("requestId", "access-senderror-1");
        try {
            filter.doFilter(
                    request, new MockHttpServletResponse(), (req, res) -> ((HttpServletResponse) res).sendError(503));
        } finally {
            MDC.remove("requestId");
        }
        assertThat(loggedOnce("access-senderror-1")).containsEntry("status", 503);

        // what was already sent stays what was sent, even if something fails afterwards
        var committed = new MockHttpServletResponse();
        MDC.put("requestId", "access-committed-1");
        try {
            assertThatThrownBy(() -> filter.doFilter(request, committed, (req, res) -> {
                ((HttpServletResponse) res).setStatus(200);
                res.flushBuffer();
                throw new java.io.IOException("client went away");
            }));
        } finally {
            MDC.remove("requestId");
        }
        assertThat(loggedOnce("access-committed-1")).containsEntry("status", 200);
    }

    @Test
    void theStatusOfFrameworkErrorsIsTheStatusSent() throws Exception {
        var tenant = TenantFixtures.aTenant(tenants, "unrouted");
        mvc.perform(get("/c/" + tenant.slug() + "/no/such/route/" + ID).header("X-Request-Id", "access-404-1"))
                .andExpect(status().isNotFound());
        var unrouted = loggedOnce("access-404-1");
        assertThat(unrouted).containsEntry("status", 404);
        assertThat((String) unrouted.get("path")).endsWith("/no/such/route/{…}").doesNotContain(ID);

        mvc.perform(get("/no/such/route/" + ID).header("X-Request-Id", "access-403-1"))
                .andExpect(status().isForbidden());
        assertThat(loggedOnce("access-403-1")).containsEntry("status", 403).containsEntry("path", "/no/such/route/{…}");
    }

    @Test
    void refusedAndUnroutedRequestsAreStoredWithoutIdsOrTokens() throws Exception {
        mvc.perform(get("/api/v1/receipts/" + ID).header("X-Request-Id", "access-redact-api"))
                .andExpect(status().isUnauthorized());
        assertThat(loggedOnce("access-redact-api"))
                .containsEntry("status", 401)
                .containsEntry("path", "/api/v1/receipts/{…}");

        mvc.perform(get("/operator/tenants/" + ID + "/break-glass").header("X-Request-Id", "access-redact-op"))
                .andExpect(status().is3xxRedirection());
        assertThat(loggedOnce("access-redact-op")).containsEntry("path", "/operator/tenants/{…}/break-glass");

        mvc.perform(get("/c/no-such-tenant/receipts/12345/someone@example.com/tk_AbCdEf0123456789xyz")
                        .header("X-Request-Id", "access-redact-c"))
                .andExpect(status().isNotFound());
        assertThat(loggedOnce("access-redact-c"))
                .containsEntry("status", 404)
                .containsEntry("path", "/c/no-such-tenant/receipts/{…}/{…}/{…}");

        mvc.perform(
                get("/reset/" + "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA").header("X-Request-Id", "access-redact-tok"));
        assertThat(loggedOnce("access-redact-tok").get("path")).isEqualTo("/reset/{…}");
    }

    @Test
    void requestsRefusedByTheIpAllowListOrBasicAuthAreStoredWithoutIds() throws Exception {
        var tenant = TenantFixtures.aTenant(tenants, "refused");
        String email = "a@" + tenant.slug() + ".example";
        binder.callAs(tenant.id(), () -> users.create(email, "A", TenantRole.ADMIN, "refusal log pass phrase"));
        Cookie session = mvc.perform(post("/admin/login")
                        .with(csrf())
                        .with(from("203.0.113.9"))
                        .param("tenant", tenant.slug())
                        .param("email", email)
                        .param("password", "refusal log pass phrase"))
                .andExpect(redirectedUrl("/admin"))
                .andReturn()
                .getResponse()
                .getCookie("TOKUTEN_SESSION");
        mvc.perform(post("/admin/settings/access/ip-allowlist")
                        .cookie(session)
                        .with(csrf())
                        .with(from("203.0.113.9"))
                        .param("cidr", "203.0.113.0/24")
                        .param("note", "office"))
                .andExpect(redirectedUrl("/admin/settings/access"));
        mvc.perform(post("/admin/settings/access/basic-auth")
                        .cookie(session)
                        .with(csrf())
                        .with(from("203.0.113.9"))
                        .param("enabled", "true")
                        .param("username", "preview")
                        .param("password", "a preview password"))
                .andExpect(redirectedUrl("/admin/settings/access"));

        mvc.perform(get("/admin/users/" + ID + "/role")
                        .cookie(session)
                        .with(from("198.51.100.200"))
                        .header("X-Request-Id", "access-allowlist-1"))
                .andExpect(status().isForbidden());
        assertThat(loggedOnce("access-allowlist-1"))
                .containsEntry("status", 403)
                .containsEntry("path", "/admin/users/{…}/role")
                .containsEntry("client_address", "198.51.100.200");

        mvc.perform(get("/c/" + tenant.slug() + "/entries/" + ID).header("X-Request-Id", "access-basic-1"))
                .andExpect(status().isUnauthorized());
        var basic = loggedOnce("access-basic-1");
        assertThat(basic).containsEntry("status", 401);
        assertThat((String) basic.get("path"))
                .startsWith("/c/")
                .endsWith("/entries/{…}")
                .doesNotContain(ID);
    }

    @Test
    void controlCharactersInHeadersAreNeverStoredVerbatim() throws Exception {
        String hostile = "Mozilla/5.0\r\nX-Forged: 1\u0000\u001b[31mred\u202egnp.exe\\path";
        mvc.perform(get("/api/v1/tenant").header("X-Request-Id", "access-ua-1").header("User-Agent", hostile));
        mvc.perform(get("/api/v1/tenant").header("X-Request-Id", "access-ua-2").header("User-Agent", "curl/8.5.0"));
        String stored = (String) loggedOnce("access-ua-1").get("user_agent");
        assertThat(stored)
                .doesNotContain("\r", "\n", "\u0000", "\u001b", "\u202e")
                .isEqualTo("Mozilla/5.0\\u000d\\u000aX-Forged: 1\\u0000\\u001b[31mred\\u202egnp.exe\\\\path");
        assertThat(loggedOnce("access-ua-2")).containsEntry("user_agent", "curl/8.5.0");

        mvc.perform(get("/api/v1/tenant").header("X-Request-Id", "access-ua-3").header("User-Agent", "x".repeat(5000)));
        assertThat((String) loggedOnce("access-ua-3").get("user_agent")).hasSize(AccessLogFilter.MAX_TEXT);
    }

    @Test
    void theClientAddressIsTheOneATrustedProxyForwardedAndOnlyThen() throws Exception {
        mvc.perform(get("/api/v1/tenant")
                .with(from("10.200.0.5"))
                .header("X-Forwarded-For", "198.51.100.23")
                .header("X-Request-Id", "access-proxy-trusted"));
        assertThat(loggedOnce("access-proxy-trusted"))
                .containsEntry("status", 401)
                .containsEntry("client_address", "198.51.100.23");

        mvc.perform(get("/api/v1/tenant")
                .with(from("192.0.2.50"))
                .header("X-Forwarded-For", "198.51.100.24")
                .header("X-Request-Id", "access-proxy-untrusted"));
        assertThat(loggedOnce("access-proxy-untrusted")).containsEntry("client_address", "192.0.2.50");
    }

    @Test
    void redactsEverySegmentThatMayBeAnIdOrAToken() {
        assertThat(AccessLogFilter.redacted("/api/v1/receipts/" + ID + "/photo"))
                .isEqualTo("/api/v1/receipts/{…}/photo");
        assertThat(AccessLogFilter.redacted("/admin/audit.csv")).isEqualTo("/admin/audit.csv");
        assertThat(AccessLogFilter.redacted("/js/htmx.min.js")).isEqualTo("/js/htmx.min.js");
        assertThat(AccessLogFilter.redacted("/invite/abcdefghijklmnopqrstuvwxyzabcdef"))
                .isEqualTo("/invite/{…}");
        assertThat(AccessLogFilter.redacted("/x/AbCdEfGh/12/%E3%81%82/a;jsessionid=1/"))
                .isEqualTo("/x/{…}/{…}/{…}/{…}/");
        assertThat(AccessLogFilter.redacted("/a".repeat(100)))
                .startsWith("/a/a")
                .endsWith("/a/{…}");
        assertThat(AccessLogFilter.redacted("")).isEmpty();
    }
}
