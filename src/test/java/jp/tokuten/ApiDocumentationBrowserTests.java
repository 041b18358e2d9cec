package jp.tokuten;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * The browsable API documentation renders in a real browser under its content security policy. Same
 * configuration as {@link ConsoleBrowserTests}, so the same context.
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
class ApiDocumentationBrowserTests {

    @LocalServerPort
    int port;

    @Test
    void swaggerUiShowsEveryOperationWithoutPolicyViolations() {
        try (Playwright playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(ConsoleBrowserTests.CHROMIUM)
                            .setHeadless(true)
                            .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
            Page page = browser.newPage();
            List<String> violations = new ArrayList<>();
            page.onConsoleMessage(m -> {
                if (m.text().contains("Content Security Policy")) {
                    violations.add(m.text());
                }
            });
            page.navigate("http://localhost:" + port + "/swagger-ui.html");
            // the first visit builds the document: give it longer than the default five seconds
            assertThat(page.locator(".opblock-summary-path").first())
                    .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));
            assertThat(page.locator("#operations-tag-receipts")).isVisible();
            assertThat(page.locator("#operations-tag-operator")).isVisible();
            assertThat(page.locator("body")).containsText("/api/v1/receipts");
            assertThat(page.locator("body")).containsText("/api/v1/operator/tenants");
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/swagger-ui.png")));
            assertThat(violations).isEmpty();
            browser.close();
        }
    }
}
