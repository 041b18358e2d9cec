package jp.tokuten.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code http.server.requests}: one timer per route template, method and status, counted once per request
 * (Spring's own observation of the same requests is off: a request counted by both would count twice), and
 * no timer per made-up path.
 */
@TokutenTest
class RequestMetricsTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry registry;

    @Autowired
    Tenants tenants;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    private long count(String uri, String status) {
        Timer t = registry.find("http.server.requests")
                .tag("uri", uri)
                .tag("status", status)
                .tag("method", "GET")
                .timer();
        return t == null ? 0 : t.count();
    }

    @Test
    void countsEachRequestOnceUnderItsRouteTemplate() throws Exception {
        var shop = TenantFixtures.aTenant(tenants, "metrics");
        String key = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
        long before = count("/api/v1/stores/{id}", "404");
        long okBefore = count("/api/v1/stores", "200");
        for (int i = 0; i < 3; i++) {
            mvc.perform(get("/api/v1/stores/00000000-0000-0000-0000-00000000000" + i)
                            .header("Authorization", key))
                    .andExpect(status().isNotFound());
        }
        mvc.perform(get("/api/v1/stores").header("Authorization", key)).andExpect(status().isOk());
        assertThat(count("/api/v1/stores/{id}", "404")).isEqualTo(before + 3);
        assertThat(count("/api/v1/stores", "200")).isEqualTo(okBefore + 1);
        var timer = registry.find("http.server.requests")
                .tag("uri", "/api/v1/stores")
                .tag("status", "200")
                .timer();
        assertThat(timer).isNotNull();
        assertThat(timer.getId().getTag("outcome")).isEqualTo("SUCCESS");
    }

    @Test
    void madeUpPathsShareOneTimer() throws Exception {
        // refused before any route matches (no route: denied by default)
        long before = count("UNKNOWN", "403");
        mvc.perform(get("/no-such-page-" + System.nanoTime())).andExpect(status().isForbidden());
        mvc.perform(get("/no-such-page-" + System.nanoTime())).andExpect(status().isForbidden());
        assertThat(count("UNKNOWN", "403")).isEqualTo(before + 2);
        assertThat(registry.find("http.server.requests").timers())
                .noneMatch(t -> String.valueOf(t.getId().getTag("uri")).startsWith("/no-such-page"));
    }
}
