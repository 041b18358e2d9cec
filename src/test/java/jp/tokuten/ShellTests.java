package jp.tokuten;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.OperatorAccounts;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The three audiences' shells: resolution, sign-in, language and the headers every page carries. */
@TokutenTest
class ShellTests {

    static final String STAFF_PASSWORD = "staff password that is long enough";

    @Autowired
    jp.tokuten.tenancy.TenantBinder binder;

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    OperatorAccounts operators;

    TenantView shop;

    @BeforeEach
    void aTenantWithAnAdmin() {
        shop = TenantFixtures.aTenant(tenants, "shop");
        binder.callAs(shop.id(), () -> users.create("owner@shop.example", "店長", TenantRole.ADMIN, STAFF_PASSWORD));
    }

    @Test
    void consumerPagesShowTheTenantInJapaneseByDefault() throws Exception {
        mvc.perform(get("/c/" + shop.slug() + "/"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<html lang=\"ja\">")))
                .andExpect(content().string(containsString(shop.displayName())))
                .andExpect(content().string(containsString("現在開催中のキャンペーンはありません")));
    }

    @Test
    void consumerPagesSpeakEnglishWhenAskedOrPreferred() throws Exception {
        mvc.perform(get("/c/" + shop.slug() + "/").param("lang", "en"))
                .andExpect(status().isOk())
                .andExpect(cookie().value("tokuten_lang", "en"))
                .andExpect(content().string(containsString("There are no campaigns running right now.")));
        mvc.perform(get("/c/" + shop.slug() + "/").cookie(new Cookie("tokuten_lang", "en")))
                .andExpect(content().string(containsString("<html lang=\"en\">")));
        mvc.perform(get("/c/" + shop.slug() + "/").header("Accept-Language", "en-GB,en;q=0.9,ja;q=0.5"))
                .andExpect(content().string(containsString("<html lang=\"en\">")));
        mvc.perform(get("/c/" + shop.slug() + "/").header("Accept-Language", "fr-FR,fr;q=0.9"))
                .andExpect(content().string(containsString("<html lang=\"ja\">")));
        mvc.perform(get("/c/" + shop.slug() + "/").param("lang", "xx"))
                .andExpect(content().string(containsString("<html lang=\"ja\">")));
    }

    @Test
    void anUnknownTenantIsNotFoundNeverADefault() throws Exception {
        mvc.perform(get("/c/no-such-tenant-anywhere/")).andExpect(status().isNotFound());
        mvc.perform(get("/c/" + shop.slug().toUpperCase() + "x/")).andExpect(status().isNotFound());
    }

    @Test
    void everyResponseCarriesARequestIdAndTheSecurityHeaders() throws Exception {
        mvc.perform(get("/c/" + shop.slug() + "/"))
                .andExpect(header().string("X-Request-Id", matchesPattern("[0-9a-f-]{36}")))
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
                .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"));
        mvc.perform(get("/c/" + shop.slug() + "/").header("X-Request-Id", "lb-1234abcd"))
                .andExpect(header().string("X-Request-Id", "lb-1234abcd"));
        mvc.perform(get("/c/" + shop.slug() + "/").header("X-Request-Id", "bad id\r\nx: y"))
                .andExpect(header().string("X-Request-Id", matchesPattern("[0-9a-f-]{36}")));
    }

    @Test
    void adminConsoleRequiresSignInPinnedToTheTenant() throws Exception {
        mvc.perform(get("/admin")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/admin/login"));
        Cookie session = mvc.perform(post("/admin/login")
                        .with(csrf())
                        .param("tenant", shop.slug())
                        .param("email", "OWNER@shop.example")
                        .param("password", STAFF_PASSWORD))
                .andExpect(redirectedUrl("/admin"))
                .andReturn()
                .getResponse()
                .getCookie("TOKUTEN_SESSION");
        mvc.perform(get("/admin").cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(shop.displayName())))
                .andExpect(content().string(containsString("店長 さん、ようこそ")));
        mvc.perform(get("/operator").cookie(session)).andExpect(status().is3xxRedirection());
    }

    @Test
    void adminSignInFailsAlikeForWrongTenantUserOrPassword() throws Exception {
        TenantView other = TenantFixtures.aTenant(tenants, "other");
        String[][] attempts = {
            {other.slug(), "owner@shop.example", STAFF_PASSWORD},
            {"no-such-tenant", "owner@shop.example", STAFF_PASSWORD},
            {shop.slug(), "nobody@shop.example", STAFF_PASSWORD},
            {shop.slug(), "owner@shop.example", "wrong password wrong password"},
            {"", "owner@shop.example", STAFF_PASSWORD},
        };
        for (String[] a : attempts) {
            mvc.perform(post("/admin/login")
                            .with(csrf())
                            .param("tenant", a[0])
                            .param("email", a[1])
                            .param("password", a[2]))
                    .andExpect(redirectedUrl("/admin/login?error"));
        }
        mvc.perform(get("/admin/login").param("error", "")).andExpect(content().string(containsString("ログインできませんでした")));
    }

    @Test
    void signInFormsRequireTheCsrfToken() throws Exception {
        mvc.perform(post("/admin/login")
                        .param("tenant", shop.slug())
                        .param("email", "owner@shop.example")
                        .param("password", STAFF_PASSWORD))
                .andExpect(status().isForbidden());
        mvc.perform(post("/operator/login")
                        .param("email", TokutenTest.OPERATOR_EMAIL)
                        .param("password", TokutenTest.OPERATOR_PASSWORD))
                .andExpect(status().isForbidden());
    }

    @Test
    void operatorConsoleListsTenantsAfterSignIn() throws Exception {
        mvc.perform(get("/operator")).andExpect(redirectedUrl("/operator/login"));
        mvc.perform(post("/operator/login")
                        .with(csrf())
                        .param("email", TokutenTest.OPERATOR_EMAIL)
                        .param("password", "not the password at all"))
                .andExpect(redirectedUrl("/operator/login?error"));
        Cookie session = new ConsoleSignIns(mvc, operators).newOperator("shell").session();
        mvc.perform(get("/operator").cookie(session).param("lang", "en"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Tenants")))
                .andExpect(content().string(containsString(shop.slug())));
        mvc.perform(get("/admin").cookie(session)).andExpect(redirectedUrl("/admin/login"));
    }

    @Test
    void unknownPathsAreDenied() throws Exception {
        mvc.perform(get("/actuator/env")).andExpect(status().isForbidden());
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("\"status\":\"UP\"")))
                .andExpect(content().string(containsString("\"db\"")))
                .andExpect(content().string(not(containsString("jdbc:"))));
    }
}
