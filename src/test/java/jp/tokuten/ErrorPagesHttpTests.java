package jp.tokuten;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.tokuten.identity.TenantProvisioning;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * Errors as a real server sends them, through the servlet container's error dispatch to {@code /error}:
 * problem JSON for the API even where no controller answers, error pages in the site's layout and the
 * visitor's language for browsers. Same configuration as {@link ConsoleBrowserTests}, so the same context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "tokuten.db.data-dir=target/test-data/${random.uuid}",
            "tokuten.bootstrap.operator-email=" + ConsoleBrowserTests.OPERATOR_EMAIL,
            "tokuten.bootstrap.operator-password=" + ConsoleBrowserTests.OPERATOR_PASSWORD,
            "tokuten.bootstrap.demo=false"
        })
@ContextConfiguration(initializers = TestMailServer.class)
class ErrorPagesHttpTests {

    static final String PASSWORD = "error pages pass phrase";

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    jp.tokuten.tenancy.TenantBinder binder;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantProvisioning provisioning;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void chromium() {
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(ConsoleBrowserTests.CHROMIUM)
                        .setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    HttpResponse<String> send(String path, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    Page page(String locale) {
        return browser.newContext(new Browser.NewContextOptions().setLocale(locale))
                .newPage();
    }

    @Test
    void anUnknownApiPathIsAProblemEvenWhereNoControllerAnswers() throws Exception {
        String key = "Bearer "
                + provisioning
                        .provision(TenantFixtures.uniqueSlug("errors"), "エラー確認")
                        .apiKey()
                        .key();
        var found = send("/api/v1/no/such/thing", "Authorization", key, "Accept", "text/html");
        assertThat(found.statusCode()).isEqualTo(404);
        assertThat(found.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JsonPath.<String>read(found.body(), "$.code")).isEqualTo("not_found");
        assertThat(JsonPath.<String>read(found.body(), "$.detail")).isEqualTo("指定されたリソースが見つかりません。");

        var unauthenticated = send("/api/v1/no/such/thing", "Accept-Language", "en");
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(JsonPath.<String>read(unauthenticated.body(), "$.code")).isEqualTo("unauthorized");
        assertThat(JsonPath.<String>read(unauthenticated.body(), "$.detail")).startsWith("Authentication is required");
    }

    @Test
    void theErrorPathItselfNeverAnswers500() throws Exception {
        var direct = send("/error", "Accept", "text/html");
        assertThat(direct.statusCode()).isEqualTo(404);
        assertThat(direct.body()).contains("ページが見つかりません").doesNotContain("Whitelabel");
        var json = send("/error", "Accept", "application/json");
        assertThat(json.statusCode()).isEqualTo(404);
    }

    @Test
    void aVisitorToAnUnknownShopOrPageGetsTheNotFoundPageInTheirLanguage() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "pages");
        Page page = page("ja-JP");
        Response unknownShop = page.navigate(url("/c/no-such-shop-" + System.nanoTime() + "/"));
        assertThat(unknownShop.status()).isEqualTo(404);
        assertThat(unknownShop.headerValue("content-type")).startsWith("text/html");
        assertThat(page.locator("h1")).hasText("ページが見つかりません");
        assertThat(page.locator("html")).hasAttribute("lang", "ja");
        assertThat(page.locator("header.consumer-header")).isVisible();
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/error-404-ja.png")));

        Response unknownPage = page.navigate(url("/c/" + shop.slug() + "/no-such-page"));
        assertThat(unknownPage.status()).isEqualTo(404);
        assertThat(page.locator("h1")).hasText("ページが見つかりません");
        assertThat(page.locator("main a")).hasAttribute("href", "/c/" + shop.slug());
        page.context().close();

        Page english = page("en-US");
        english.navigate(url("/c/" + shop.slug() + "/no-such-page"));
        assertThat(english.locator("h1")).hasText("Page not found");
        assertThat(english.locator("html")).hasAttribute("lang", "en");
        english.context().close();
    }

    @Test
    void signedInStaffGetNotFoundAndForbiddenPagesNotJson() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "staff-errors");
        String email = "viewer-" + System.nanoTime() + "@errors.example";
        binder.callAs(shop.id(), () -> users.create(email, "閲覧者", TenantRole.VIEWER, PASSWORD));
        Page page = page("ja-JP");
        page.navigate(url("/admin/login"));
        page.fill("#tenant", shop.slug());
        page.fill("#email", email);
        page.fill("#password", PASSWORD);
        page.click("button[type=submit]");
        assertThat(page).hasURL(url("/admin"));

        Response missing = page.navigate(url("/admin/no-such-page"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.headerValue("content-type")).startsWith("text/html");
        assertThat(page.locator("h1")).hasText("ページが見つかりません");
        assertThat(page.locator("main a")).hasAttribute("href", "/admin");

        Response forbidden = page.navigate(url("/admin/users"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.headerValue("content-type")).startsWith("text/html");
        assertThat(page.locator("h1")).hasText("アクセスできません");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/error-403-ja.png")));
        page.context().close();
    }
}
