package jp.tokuten;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.tokuten.identity.ConsoleSignIns;
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

/** The consoles and consumer pages in a real browser (Debian's Chromium), as people use them. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "tokuten.db.data-dir=target/test-data/${random.uuid}",
            "tokuten.bootstrap.operator-email=" + ConsoleBrowserTests.OPERATOR_EMAIL,
            "tokuten.bootstrap.operator-password=" + ConsoleBrowserTests.OPERATOR_PASSWORD,
            "tokuten.bootstrap.demo=false"
        })
@ContextConfiguration(initializers = TestMailServer.class)
class ConsoleBrowserTests {

    static final String OPERATOR_EMAIL = "browser.operator@tokuten.test";
    static final String OPERATOR_PASSWORD = "browser operator pass phrase";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

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

    @BeforeAll
    static void chromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(
                    "Browser tests need Debian's Chromium at /usr/bin/chromium: run ./tokuten test, which installs"
                            + " it, or apt-get install chromium fonts-noto-cjk");
        }
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run")));
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

    Page page(int width, int height, String locale) {
        return browser.newContext(new Browser.NewContextOptions()
                        .setViewportSize(width, height)
                        .setLocale(locale))
                .newPage();
    }

    @Test
    void consumerPagesWorkOnAPhoneInJapaneseAndEnglish() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "phone");
        Page phone = page(390, 844, "ja-JP");
        phone.navigate(url("/c/" + shop.slug() + "/"));
        assertThat(phone.locator("h1")).hasText(shop.displayName());
        assertThat(phone.locator("main")).containsText("現在開催中のキャンペーンはありません");
        phone.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("consumer-phone-ja.png")));
        phone.click("text=English");
        assertThat(phone.locator("main")).containsText("There are no campaigns running right now.");
        phone.navigate(url("/c/" + shop.slug() + "/"));
        assertThat(phone.locator("html")).hasAttribute("lang", "en");
        phone.context().close();
    }

    @Test
    void anOperatorSetsUpAnAuthenticatorAtFirstSignInAndSeesTheTenants() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "listed");
        Page page = page(1200, 800, "ja-JP");
        page.navigate(url("/operator"));
        assertThat(page).hasURL(url("/operator/login"));
        page.fill("#email", OPERATOR_EMAIL);
        page.fill("#password", OPERATOR_PASSWORD);
        page.click("button[type=submit]");
        assertThat(page).hasURL(url("/operator/login/totp/setup"));
        assertThat(page.locator("img.qr")).isVisible();
        byte[] secret = ConsoleSignIns.base32Decode(
                page.locator("[data-secret]").textContent().strip());
        page.fill("#code", ConsoleSignIns.codeNow(secret));
        page.click("button[type=submit]");
        assertThat(page.locator("h1")).hasText("リカバリーコード");
        assertThat(page.locator("ol.recovery-codes li")).hasCount(10);
        page.click("a.button");
        assertThat(page).hasURL(url("/operator"));
        assertThat(page.locator("table")).containsText(shop.slug());
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("operator-dashboard.png")));
        onboardsSuspendsAndReactivatesATenant(page);
        page.click("text=ログアウト");
        assertThat(page).hasURL(url("/operator/login?logout"));
        page.navigate(url("/operator"));
        assertThat(page).hasURL(url("/operator/login"));
        page.context().close();
    }

    /** The operator console's tenant pages, signed in as an operator, on a desktop and a phone. */
    void onboardsSuspendsAndReactivatesATenant(Page page) {
        String slug = TenantFixtures.uniqueSlug("onboarded");
        page.click("text=テナントを作成");
        page.fill("#slug", slug);
        page.fill("#name", "オンボード株式会社");
        page.fill("#adminEmail", "owner@" + slug + ".example");
        page.click("button[type=submit].primary");
        assertThat(page).hasURL(url("/operator/tenants/" + slug + "?created"));
        assertThat(page.locator("[data-status]")).hasText("稼働中");
        assertThat(page.locator("[data-users-count]")).hasText("0");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("operator-tenant.png")));
        page.click("button.danger"); // the unticked confirmation keeps the form from being sent
        assertThat(page).hasURL(url("/operator/tenants/" + slug + "?created"));
        page.check("input[name=confirm]");
        page.click("button.danger");
        assertThat(page).hasURL(url("/operator/tenants/" + slug + "?suspended"));
        assertThat(page.locator("[data-status]")).hasText("停止中");
        page.setViewportSize(390, 844);
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("operator-tenant-phone.png"))
                .setFullPage(true));
        page.click("button:has-text('テナントを再開')");
        assertThat(page).hasURL(url("/operator/tenants/" + slug + "?reactivated"));
        assertThat(page.locator("[data-status]")).hasText("稼働中");
        page.setViewportSize(1200, 800);
        page.navigate(url("/operator"));
    }

    @Test
    void aTenantAdminInvitesAColleagueWhoJoinsThroughTheEmailedLink() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "invite");
        binder.callAs(
                shop.id(),
                () -> users.create("owner@invite.example", "店長", TenantRole.ADMIN, "owner pass phrase long enough"));
        Page page = page(1200, 800, "ja-JP");
        page.navigate(url("/admin/login"));
        page.fill("#tenant", shop.slug());
        page.fill("#email", "owner@invite.example");
        page.fill("#password", "owner pass phrase long enough");
        page.click("button[type=submit]");
        assertThat(page).hasURL(url("/admin"));
        page.click("text=ユーザー");
        String colleague = "colleague-" + System.nanoTime() + "@invite.example";
        page.fill("#email", colleague);
        page.selectOption("#role", "EDITOR");
        page.click("text=招待メールを送る");
        assertThat(page.locator("main")).containsText("招待メールを送りました");

        String link = null;
        for (var m : TestMailServer.server().getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(colleague)) {
                var matcher = java.util.regex.Pattern.compile("http://tokuten\\.test(/invite/\\S+)")
                        .matcher((String) m.getContent());
                assertThat(matcher.find()).isTrue();
                link = matcher.group(1);
            }
        }
        assertThat(link).as("invitation mail").isNotNull();
        Page invited = page(390, 844, "ja-JP");
        invited.navigate(url(link));
        invited.fill("#displayName", "同僚 一郎");
        invited.fill("#password", "short");
        invited.fill("#passwordAgain", "short");
        invited.click("button[type=submit]");
        assertThat(invited).hasURL(url(link));
        invited.fill("#displayName", "同僚 一郎");
        invited.fill("#password", "colleague pass phrase long");
        invited.fill("#passwordAgain", "colleague pass phrase long");
        invited.click("button[type=submit]");
        assertThat(invited.locator(".alert-info")).containsText("アカウントを作成しました");
        assertThat(invited.locator("#tenant")).hasValue(shop.slug());
        invited.fill("#email", colleague);
        invited.fill("#password", "colleague pass phrase long");
        invited.click("button[type=submit]");
        assertThat(invited.locator("h1")).containsText("同僚 一郎");
        invited.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("admin-phone.png")));
        page.context().close();
        invited.context().close();
    }
}
