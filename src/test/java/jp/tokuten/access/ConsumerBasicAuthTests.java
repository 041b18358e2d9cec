package jp.tokuten.access;

import static jp.tokuten.access.AccessFixtures.from;
import static jp.tokuten.access.AccessFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jp.tokuten.TokutenTest;
import jp.tokuten.access.AccessFixtures.Staffed;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Basic authentication a tenant admin switches on for the tenant's consumer pages. */
@TokutenTest
class ConsumerBasicAuthTests {

    static final String HERE = "203.0.113.7";
    static final String PREVIEW_PASSWORD = "preview password 2026";

    @Autowired
    jp.tokuten.tenancy.TenantBinder binder;

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    ConsumerBasicAuth basicAuth;

    Staffed shop;
    Cookie admin;
    String page;

    @BeforeEach
    void anAdminSignedIn() throws Exception {
        shop = AccessFixtures.aTenantWithStaff(tenants, users, binder, "preview");
        admin = signIn(mvc, shop.tenant(), shop.admin(), HERE);
        page = "/c/" + shop.tenant().slug() + "/";
    }

    ResultActions save(String enabled, String username, String password) throws Exception {
        var request = post("/admin/settings/access/basic-auth")
                .cookie(admin)
                .with(csrf())
                .with(from(HERE))
                .param("username", username)
                .param("password", password);
        if (enabled != null) {
            request.param("enabled", enabled);
        }
        return mvc.perform(request);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void asksForCredentialsOnlyWhenOnAndOnlyForThatTenant() throws Exception {
        mvc.perform(get(page)).andExpect(status().isOk());
        save("true", "preview", PREVIEW_PASSWORD).andExpect(redirectedUrl("/admin/settings/access"));

        mvc.perform(get(page))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(
                                "WWW-Authenticate",
                                "Basic realm=\"tokuten /c/" + shop.tenant().slug() + "\", charset=\"UTF-8\""))
                .andExpect(content().string(containsString("ユーザー名とパスワードが必要です")));
        mvc.perform(get(page).header("Authorization", basic("preview", "not the password")))
                .andExpect(status().isUnauthorized());
        mvc.perform(get(page).header("Authorization", basic("someone", PREVIEW_PASSWORD)))
                .andExpect(status().isUnauthorized());
        mvc.perform(get(page).header("Authorization", "Basic not-base64!")).andExpect(status().isUnauthorized());
        mvc.perform(get(page).header("Authorization", "Bearer " + PREVIEW_PASSWORD))
                .andExpect(status().isUnauthorized());
        mvc.perform(get(page).header("Authorization", basic("preview", PREVIEW_PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(shop.tenant().displayName())));
        mvc.perform(get("/c/" + shop.tenant().slug()).header("Authorization", basic("preview", PREVIEW_PASSWORD)))
                .andExpect(status().isOk());

        Staffed other = AccessFixtures.aTenantWithStaff(tenants, users, binder, "launched");
        mvc.perform(get("/c/" + other.tenant().slug() + "/")).andExpect(status().isOk());
        mvc.perform(get("/")).andExpect(status().isOk());
        mvc.perform(get("/c/no-such-tenant-at-all/")).andExpect(status().isNotFound());

        save(null, "", "").andExpect(redirectedUrl("/admin/settings/access"));
        mvc.perform(get(page)).andExpect(status().isOk());
        save("true", "", "").andExpect(redirectedUrl("/admin/settings/access"));
        mvc.perform(get(page).header("Authorization", basic("preview", PREVIEW_PASSWORD)))
                .andExpect(status().isOk());
        mvc.perform(get(page)).andExpect(status().isUnauthorized());
    }

    @Test
    void acceptsUnicodePasswordsSentAsUtf8() throws Exception {
        save("true", "preview", "ぷれびゅー用のぱすわーどです").andExpect(status().is3xxRedirection());
        mvc.perform(get(page).header("Authorization", basic("preview", "ぷれびゅー用のぱすわーどです")))
                .andExpect(status().isOk());
    }

    @Test
    void fullWidthInputMatchesItsHalfWidthForm() throws Exception {
        save("true", "preview", PREVIEW_PASSWORD).andExpect(status().is3xxRedirection());
        mvc.perform(get(page).header("Authorization", basic("ｐｒｅｖｉｅｗ", "ｐｒｅｖｉｅｗ　ｐａｓｓｗｏｒｄ　２０２６")))
                .andExpect(status().isOk());
    }

    @Test
    void keepsThePasswordOnlyAsAnArgon2Hash() throws Exception {
        save("true", "preview", PREVIEW_PASSWORD).andExpect(status().is3xxRedirection());
        mvc.perform(get("/admin/settings/access").cookie(admin).with(from(HERE)))
                .andExpect(content().string(containsString("現在: オン（ユーザー名 preview）")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString(PREVIEW_PASSWORD))));
        assertThat(binder.callAs(shop.tenant().id(), () -> basicAuth.settings()))
                .isEqualTo(new BasicAuthSettings(true, "preview", true));
    }

    @ParameterizedTest
    @CsvSource({
        "true, preview, '', パスワードを設定してください",
        "true, '', a long enough password, ユーザー名を入力してください",
        "true, pre:view, a long enough password, コロン",
        "true, pre view, a long enough password, コロン",
        "true, preview, too short, 12〜128文字",
        "true, longenoughname, longenoughname, ユーザー名と同じパスワード",
        "'', preview, '', パスワードを設定してください"
    })
    void refusesBadInputAndSavesNothing(String enabled, String username, String password, String message)
            throws Exception {
        save(enabled, username, password)
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString(message)));
        assertThat(binder.callAs(shop.tenant().id(), () -> basicAuth.settings()))
                .isEqualTo(BasicAuthSettings.NONE);
        mvc.perform(get(page)).andExpect(status().isOk());
    }

    @Test
    void refusesOverlongAndControlCharacterPasswords() throws Exception {
        save("true", "preview", "x".repeat(129)).andExpect(status().isBadRequest());
        save("true", "preview", "a long enough\u0000password").andExpect(status().isBadRequest());
        save("true", "p".repeat(65), PREVIEW_PASSWORD).andExpect(status().isBadRequest());
        assertThat(binder.callAs(shop.tenant().id(), () -> basicAuth.settings()))
                .isEqualTo(BasicAuthSettings.NONE);
    }

    @Test
    void anotherTenantsAdminSwitchesOnlyTheirOwnPages() throws Exception {
        Staffed other = AccessFixtures.aTenantWithStaff(tenants, users, binder, "neighbour");
        var neighbour = signIn(mvc, other.tenant(), other.admin(), HERE);
        mvc.perform(post("/admin/settings/access/basic-auth")
                        .cookie(neighbour)
                        .with(csrf())
                        .with(from(HERE))
                        .param("enabled", "true")
                        .param("username", "preview")
                        .param("password", PREVIEW_PASSWORD))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get(page)).andExpect(status().isOk());
        mvc.perform(get("/c/" + other.tenant().slug() + "/")).andExpect(status().isUnauthorized());
    }
}
