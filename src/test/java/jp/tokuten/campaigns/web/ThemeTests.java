package jp.tokuten.campaigns.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Themes (decision 149): a tenant admin sets colours and custom CSS on the settings screen (others may not);
 * bad colours and CSS are refused with a form message; consumer pages link the sanitised theme as a stylesheet
 * of our origin under the strict CSP; a campaign's theme adds to the tenant's; nothing crosses tenants.
 */
@TokutenTest
class ThemeTests {

    static final String PASSWORD = "theme admin pass phrase";
    static final Pattern THEME_LINK =
            Pattern.compile("<link rel=\"stylesheet\" href=\"([^\"]*/theme\\.css\\?v=[^\"]+)\"");

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    Campaigns campaigns;

    @Autowired
    TenantBinder binder;

    TenantView shop;
    Cookie admin;

    @BeforeEach
    void aTenantAndItsAdmin() throws Exception {
        shop = TenantFixtures.aTenant(tenants, "theme");
        admin = signedIn(shop, TenantRole.ADMIN);
    }

    Cookie signedIn(TenantView t, TenantRole role) throws Exception {
        String email = role.name().toLowerCase() + "-" + System.nanoTime() + "@theme.example";
        binder.callAs(t.id(), () -> users.create(email, role.name(), role, PASSWORD));
        return ConsoleSignIns.forTenantUsers(mvc).adminSignIn(t.slug(), email, PASSWORD);
    }

    MockHttpServletResponse save(Cookie who, String path, String primary, String css) throws Exception {
        return mvc.perform(post(path)
                        .with(csrf())
                        .cookie(who)
                        .header("Accept-Language", "en")
                        .param("primaryColor", primary)
                        .param("accentColor", "")
                        .param("customCss", css))
                .andReturn()
                .getResponse();
    }

    String themeLink(String page) {
        var m = THEME_LINK.matcher(page);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void anAdminsThemeReachesConsumerPagesAsASanitisedStylesheetOfOurOrigin() throws Exception {
        String home = "/c/" + shop.slug() + "/";
        assertThat(themeLink(mvc.perform(get(home).accept(org.springframework.http.MediaType.TEXT_HTML))
                        .andReturn()
                        .getResponse()
                        .getContentAsString()))
                .isNull();

        var saved = save(admin, "/admin/settings/theme", "#1A2B3C", "h1 { color: #c00 }\n.btn:hover { opacity: .8 }");
        assertThat(saved.getRedirectedUrl()).isEqualTo("/admin/settings/theme");
        String settings = mvc.perform(get("/admin/settings/theme").cookie(admin))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(settings).contains("#1a2b3c").contains(".tk-theme h1 {");

        var page = mvc.perform(get(home).accept(org.springframework.http.MediaType.TEXT_HTML))
                .andReturn()
                .getResponse();
        assertThat(page.getHeader("Content-Security-Policy")).contains("style-src 'self';");
        String link = themeLink(page.getContentAsString());
        assertThat(link).startsWith("/c/" + shop.slug() + "/theme.css?v=");
        assertThat(page.getContentAsString()).contains("class=\"tk-theme\"");
        // a JSON answer under /c/ does not look the theme up
        var json = mvc.perform(get(home).accept(org.springframework.http.MediaType.APPLICATION_JSON))
                .andReturn()
                .getResponse();
        assertThat(themeLink(json.getContentAsString())).isNull();

        var css = mvc.perform(get(link)).andReturn().getResponse();
        assertThat(css.getStatus()).isEqualTo(200);
        assertThat(css.getContentType()).startsWith("text/css");
        assertThat(css.getContentAsString())
                .contains(".tk-theme {\n  --tk-primary: #1a2b3c;")
                .contains(".tk-theme h1 {\n  color: #c00;\n}")
                .contains(".tk-theme .btn:hover {");
        String etag = css.getHeader("ETag");
        assertThat(mvc.perform(get(link).header("If-None-Match", etag))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(304);
    }

    @Test
    void aCampaignsThemeAddsToTheTenantsOnItsPagesOnly() throws Exception {
        UUID campaign = binder.callAs(shop.id(), () -> {
            var c = campaigns.create(CampaignFixtures.aDraft(LocalDate.now()));
            campaigns.open(c.id());
            return c.id();
        });
        save(admin, "/admin/settings/theme", "#111111", "");
        var saved = save(admin, "/admin/settings/theme/campaigns/" + campaign, "#222222", "p { margin: 0 }");
        assertThat(saved.getRedirectedUrl()).isEqualTo("/admin/settings/theme/campaigns/" + campaign);

        String page = mvc.perform(get("/c/" + shop.slug() + "/campaigns/" + campaign)
                        .accept(org.springframework.http.MediaType.TEXT_HTML))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String link = themeLink(page);
        assertThat(link).startsWith("/c/" + shop.slug() + "/campaigns/" + campaign + "/theme.css?v=");
        String css = mvc.perform(get(link)).andReturn().getResponse().getContentAsString();
        assertThat(css.indexOf("#111111")).isNotNegative().isLessThan(css.indexOf("#222222"));
        assertThat(css).contains(".tk-theme p {");
        String tenantCss = mvc.perform(get("/c/" + shop.slug() + "/theme.css"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(tenantCss).contains("#111111").doesNotContain("#222222");
    }

    @Test
    void badColoursAndCssAreRefusedWithAFormMessageAndNothingIsSaved() throws Exception {
        var badColour = save(admin, "/admin/settings/theme", "red; background: url(x)", "");
        assertThat(badColour.getStatus()).isEqualTo(400);
        assertThat(badColour.getContentAsString()).contains("data-form-error").contains("#RRGGBB");

        for (String css : new String[] {
            "@import url(https://evil.example/x.css);",
            "body { display: none }",
            "p { background: url(https://evil.example/track.png) }",
            "p { width: expression(alert(1)) }",
            "p { behavior: url(/x.htc) }",
            "p { -moz-binding: url(/x.xml#x) }",
            ":root { color: red }",
            "html p { color: red }",
            "{{{ ;;;"
        }) {
            var refused = save(admin, "/admin/settings/theme", "#123456", css);
            assertThat(refused.getStatus()).as(css).isEqualTo(400);
            assertThat(refused.getContentAsString())
                    .as(css)
                    .contains("data-form-error")
                    .contains("The custom CSS cannot be accepted");
        }
        var tooLong = save(admin, "/admin/settings/theme", "#123456", "p{color:red}".repeat(2_000));
        assertThat(tooLong.getStatus()).isEqualTo(400);
        assertThat(tooLong.getContentAsString()).contains("at most");
        assertThat(mvc.perform(get("/c/" + shop.slug() + "/theme.css"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .isEmpty();
    }

    @Test
    void onlyTenantAdminsChangeTheTheme() throws Exception {
        for (TenantRole role : new TenantRole[] {TenantRole.EDITOR, TenantRole.REVIEWER, TenantRole.VIEWER}) {
            Cookie someone = signedIn(shop, role);
            assertThat(save(someone, "/admin/settings/theme", "#123456", "").getStatus())
                    .as(role.name())
                    .isEqualTo(403);
            assertThat(mvc.perform(get("/admin/settings/theme").cookie(someone))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .isEqualTo(403);
        }
        assertThat(mvc.perform(get("/c/" + shop.slug() + "/theme.css"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .isEmpty();
    }

    @Test
    void anotherTenantsCampaignAndThemeStayOutOfReach() throws Exception {
        var rival = TenantFixtures.aTenant(tenants, "theme-rival");
        UUID theirs = binder.callAs(rival.id(), () -> {
            var c = campaigns.create(CampaignFixtures.aDraft(LocalDate.now()));
            campaigns.open(c.id());
            return c.id();
        });
        Cookie rivalAdmin = signedIn(rival, TenantRole.ADMIN);
        save(rivalAdmin, "/admin/settings/theme/campaigns/" + theirs, "#abcdef", "p { color: red }");

        assertThat(mvc.perform(get("/admin/settings/theme/campaigns/" + theirs).cookie(admin))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        assertThat(save(admin, "/admin/settings/theme/campaigns/" + theirs, "#000000", "")
                        .getStatus())
                .isEqualTo(404);
        // through our slug, their campaign's theme is nothing
        String css = mvc.perform(get("/c/" + shop.slug() + "/campaigns/" + theirs + "/theme.css"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(css).doesNotContain("#abcdef");
        String rivals = mvc.perform(get("/c/" + rival.slug() + "/campaigns/" + theirs + "/theme.css"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(rivals).contains("#abcdef");
    }
}
