package jp.tokuten.identity;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@TokutenTest
class AdminApiKeyTests {

    static final String PASSWORD = "api keys admin pass phrase";

    @Autowired
    jp.tokuten.tenancy.TenantBinder binder;

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    TenantView tenant;
    Cookie admin;

    @BeforeEach
    void signedInAdmin() throws Exception {
        tenant = TenantFixtures.aTenant(tenants, "keys");
        binder.callAs(tenant.id(), () -> users.create("admin@keys.example", "Admin", TenantRole.ADMIN, PASSWORD));
        admin = signIn("admin@keys.example");
    }

    Cookie signIn(String email) throws Exception {
        return ConsoleSignIns.forTenantUsers(mvc).adminSignIn(tenant.slug(), email, PASSWORD);
    }

    /** Issues a key through the admin page and returns it as the page shows it, once. */
    String issue(String name, String role) throws Exception {
        mvc.perform(post("/admin/api-keys")
                        .with(csrf())
                        .cookie(admin)
                        .param("name", name)
                        .param("role", role))
                .andExpect(redirectedUrl("/admin/api-keys"));
        String page = mvc.perform(get("/admin/api-keys").cookie(admin))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        mvc.perform(get("/admin/api-keys").cookie(admin))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("data-api-key"))));
        var m = Pattern.compile("data-api-key>(tk_[^<]+)<").matcher(page);
        org.assertj.core.api.Assertions.assertThat(m.find())
                .as("the new key on the page")
                .isTrue();
        return m.group(1);
    }

    /** The id of the newest active key, from the revoke button of the admin page. */
    String newestActiveKeyId() throws Exception {
        String page = mvc.perform(get("/admin/api-keys").cookie(admin))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return Pattern.compile("/admin/api-keys/([0-9a-f-]{36})/revoke")
                .matcher(page)
                .results()
                .findFirst()
                .orElseThrow()
                .group(1);
    }

    @Test
    void anAdminIssuesAKeyShownOnceThatWorksUntilRevoked() throws Exception {
        String key = issue("POS連携", "VIEWER");
        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.slug").value(tenant.slug()));
        mvc.perform(get("/admin/api-keys").cookie(admin))
                .andExpect(content().string(containsString("POS連携")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString(key))));

        String id = newestActiveKeyId();
        mvc.perform(post("/admin/api-keys/" + id + "/revoke").with(csrf()).cookie(admin))
                .andExpect(redirectedUrl("/admin/api-keys"));
        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + key))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/admin/api-keys/" + id + "/revoke").with(csrf()).cookie(admin))
                .andExpect(content().string(containsString("該当する有効なAPIキーがありません")));
    }

    @Test
    void badKeyRequestsAreRefusedWithAMessage() throws Exception {
        mvc.perform(post("/admin/api-keys")
                        .with(csrf())
                        .cookie(admin)
                        .param("name", " ")
                        .param("role", "VIEWER"))
                .andExpect(content().string(containsString("名前は1〜100文字で入力してください")));
        mvc.perform(post("/admin/api-keys")
                        .with(csrf())
                        .cookie(admin)
                        .param("name", "x")
                        .param("role", "ROOT"))
                .andExpect(content().string(containsString("ロールを一覧から選んでください")));
        mvc.perform(post("/admin/api-keys/" + UUID.randomUUID() + "/revoke")
                        .with(csrf())
                        .cookie(admin))
                .andExpect(content().string(containsString("該当する有効なAPIキーがありません")));
    }

    @Test
    void anotherTenantsAdminCannotSeeOrRevokeTheKeys() throws Exception {
        String key = issue("在庫連携", "EDITOR");
        String id = newestActiveKeyId();

        var other = TenantFixtures.aTenant(tenants, "rivalkeys");
        binder.callAs(other.id(), () -> users.create("admin@rivalkeys.example", "Rival", TenantRole.ADMIN, PASSWORD));
        Cookie rival =
                ConsoleSignIns.forTenantUsers(mvc).adminSignIn(other.slug(), "admin@rivalkeys.example", PASSWORD);
        mvc.perform(get("/admin/api-keys").cookie(rival))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("在庫連携"))));
        mvc.perform(post("/admin/api-keys/" + id + "/revoke").with(csrf()).cookie(rival))
                .andExpect(content().string(containsString("該当する有効なAPIキーがありません")));
        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + key))
                .andExpect(status().isOk());
    }

    @Test
    void onlyAdminsManageKeys() throws Exception {
        binder.callAs(tenant.id(), () -> users.create("editor@keys.example", "Editor", TenantRole.EDITOR, PASSWORD));
        Cookie editor = signIn("editor@keys.example");
        mvc.perform(get("/admin/api-keys").cookie(editor)).andExpect(status().isForbidden());
        mvc.perform(post("/admin/api-keys")
                        .with(csrf())
                        .cookie(editor)
                        .param("name", "x")
                        .param("role", "ADMIN"))
                .andExpect(status().isForbidden());
    }
}
