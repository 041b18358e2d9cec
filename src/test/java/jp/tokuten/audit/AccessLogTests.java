package jp.tokuten.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

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
        assertThatThrownBy(() -> jdbc.queryForObject("select audit.purge_access_log(1)", Long.class))
                .rootCause()
                .hasMessageContaining("at least 30 days");
        assertThat(jdbc.queryForObject("select audit.purge_access_log(365)", Long.class))
                .isNotNegative();
    }
}
