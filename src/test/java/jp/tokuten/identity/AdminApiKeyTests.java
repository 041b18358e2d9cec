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
        users.create(tenant.id(), "admin@keys.example", "Admin", TenantRole.ADMIN, PASSWORD);
        admin = signIn("admin@keys.example");
    }

    Cookie signIn(String email) throws Exception {
        return new ConsoleSignIns(mvc, null).adminSignIn(tenant.slug(), email, PASSWORD);
    }

    @Test
    void anAdminIssuesAKeyShownOnceThatWorksUntilRevoked() throws Exception {
        String page = mvc.perform(post("/admin/api-keys")
                        .with(csrf())
                        .cookie(admin)
                        .param("name", "POS連携")
                        .param("role", "VIEWER"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var m = Pattern.compile("data-api-key>(tk_[^<]+)<").matcher(page);
        org.assertj.core.api.Assertions.assertThat(m.find()).isTrue();
        String key = m.group(1);
        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.slug").value(tenant.slug()));
        mvc.perform(get("/admin/api-keys").cookie(admin))
                .andExpect(content().string(containsString("POS連携")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString(key))));

        String id = Pattern.compile("/admin/api-keys/([0-9a-f-]{36})/revoke")
                .matcher(mvc.perform(get("/admin/api-keys").cookie(admin))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .results()
                .findFirst()
                .orElseThrow()
                .group(1);
        mvc.perform(post("/admin/api-keys/" + id + "/revoke").with(csrf()).cookie(admin))
                .andExpect(redirectedUrl("/admin/api-keys"));
        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + key))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/admin/api-keys/" + id + "/revoke").with(csrf()).cookie(admin))
                .andExpect(content().string(containsString("該当する有効なキーがありません")));
    }

    @Test
    void badKeyRequestsAreRefusedWithAMessage() throws Exception {
        mvc.perform(post("/admin/api-keys")
                        .with(csrf())
                        .cookie(admin)
                        .param("name", " ")
                        .param("role", "VIEWER"))
                .andExpect(content().string(containsString("名前は1〜100文字です")));
        mvc.perform(post("/admin/api-keys")
                        .with(csrf())
                        .cookie(admin)
                        .param("name", "x")
                        .param("role", "ROOT"))
                .andExpect(content().string(containsString("ロールを一覧から選んでください")));
        mvc.perform(post("/admin/api-keys/" + UUID.randomUUID() + "/revoke")
                        .with(csrf())
                        .cookie(admin))
                .andExpect(content().string(containsString("該当する有効なキーがありません")));
    }

    @Test
    void anotherTenantsAdminCannotSeeOrRevokeTheKeys() throws Exception {
        String page = mvc.perform(post("/admin/api-keys")
                        .with(csrf())
                        .cookie(admin)
                        .param("name", "在庫連携")
                        .param("role", "EDITOR"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        var m = Pattern.compile("data-api-key>(tk_[^<]+)<").matcher(page);
        org.assertj.core.api.Assertions.assertThat(m.find()).isTrue();
        String key = m.group(1);
        String id = Pattern.compile("/admin/api-keys/([0-9a-f-]{36})/revoke")
                .matcher(mvc.perform(get("/admin/api-keys").cookie(admin))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .results()
                .findFirst()
                .orElseThrow()
                .group(1);

        var other = TenantFixtures.aTenant(tenants, "rivalkeys");
        users.create(other.id(), "admin@rivalkeys.example", "Rival", TenantRole.ADMIN, PASSWORD);
        Cookie rival = new ConsoleSignIns(mvc, null).adminSignIn(other.slug(), "admin@rivalkeys.example", PASSWORD);
        mvc.perform(get("/admin/api-keys").cookie(rival))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("在庫連携"))));
        mvc.perform(post("/admin/api-keys/" + id + "/revoke").with(csrf()).cookie(rival))
                .andExpect(content().string(containsString("該当する有効なキーがありません")));
        mvc.perform(get("/api/v1/tenant").header("Authorization", "Bearer " + key))
                .andExpect(status().isOk());
    }

    @Test
    void onlyAdminsManageKeys() throws Exception {
        users.create(tenant.id(), "editor@keys.example", "Editor", TenantRole.EDITOR, PASSWORD);
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
