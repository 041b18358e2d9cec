package jp.tokuten;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import jp.tokuten.campaigns.CampaignDraft;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField.CharType;
import jp.tokuten.identity.EntrantSignInTestsAccess;
import jp.tokuten.tenancy.TenantBinder;
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
 * An entrant on a phone (390×844, Debian's Chromium): from the tenant's page to the campaign, signs in with
 * the mailed code, photographs a real receipt, fills the form, confirms and watches the result page until
 * the receipt is read and judged. Same context as {@link ConsoleBrowserTests} (same server, same settings).
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
class EntrantBrowserTests {

    static final Path RECEIPT = Path.of("src/test/resources/receipts/gen_001.jpg");

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Clock clock;

    @BeforeAll
    static void chromium() {
        if (!Files.isExecutable(ConsoleBrowserTests.CHROMIUM)) {
            throw new IllegalStateException(
                    "Browser tests need Debian's Chromium at /usr/bin/chromium: run ./tokuten test, which installs"
                            + " it, or apt-get install chromium fonts-noto-cjk");
        }
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(ConsoleBrowserTests.CHROMIUM)
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

    void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(ConsoleBrowserTests.SCREENSHOTS.resolve(name))
                .setFullPage(true));
    }

    /** Nothing on the page is wider than the phone. */
    static void fitsThePhone(Page page) {
        Object scrollWidth = page.evaluate("() => document.documentElement.scrollWidth");
        assertThat(((Number) scrollWidth).intValue()).isLessThanOrEqualTo(390);
    }

    @Test
    void anEntrantEntersWithARealReceiptPhotoAndSeesTheJudgementAppear() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "entrant-phone");
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
        CampaignDraft draft = CampaignFixtures.withForm(
                CampaignFixtures.withRules(
                        CampaignFixtures.aDraft(today),
                        new CampaignView.Period(LocalDate.of(2025, 1, 1), today),
                        null,
                        List.of(),
                        List.of()),
                List.of(
                        CampaignFixtures.field("name", CharType.TEXT, 40, true),
                        CampaignFixtures.field("kana", CharType.KATAKANA, 40, true),
                        CampaignFixtures.field("postalCode", CharType.POSTAL_CODE, 8, true),
                        CampaignFixtures.field("birthYear", CharType.YEAR, 4, false)));
        CampaignView campaign = binder.callAs(
                shop.id(), () -> campaigns.open(campaigns.create(draft).id()));
        String email = "phone-" + System.nanoTime() + "@example.jp";

        Page phone = browser.newContext(new Browser.NewContextOptions()
                        .setViewportSize(390, 844)
                        .setLocale("ja-JP"))
                .newPage();
        phone.navigate(url("/c/" + shop.slug() + "/"));
        phone.click("text=" + campaign.name());
        assertThat(phone.locator("h1")).hasText(campaign.name());
        fitsThePhone(phone);
        shot(phone, "entrant-landing.png");
        phone.click("[data-enter]");

        // sign in with the code from the e-mail
        assertThat(phone).hasURL(url("/c/" + shop.slug() + "/signin?next=" + campaign.id()));
        phone.fill("#email", email);
        phone.click("button[type=submit]");
        assertThat(phone.locator("main")).containsText(email);
        phone.fill("#code", EntrantSignInTestsAccess.mailedCode(email));
        phone.click("button[type=submit].primary");
        assertThat(phone).hasURL(url("/c/" + shop.slug() + "/campaigns/" + campaign.id() + "/enter"));

        // step 1: no photo, or a file that is not an image, goes no further
        phone.click("[data-step='1'] [data-next]");
        assertThat(phone.locator("[data-photo-error]")).hasText("レシートの写真を1枚以上追加してください。");
        phone.setInputFiles(
                "[data-photo-input]",
                new com.microsoft.playwright.options.FilePayload(
                        "note.txt", "text/plain", "not a photo".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(phone.locator("[data-photo-error]")).hasText("画像ファイルを選んでください。");
        assertThat(phone.locator("[data-thumbs] img")).hasCount(0);

        // photograph the receipt (the camera's file), see its preview
        phone.setInputFiles("[data-photo-input]", RECEIPT);
        assertThat(phone.locator("[data-thumbs] img")).hasCount(1);
        assertThat(phone.locator("[data-thumbs] img").first())
                .hasAttribute("src", java.util.regex.Pattern.compile("^blob:"));
        Object loaded =
                phone.locator("[data-thumbs] img").first().evaluate("img => img.decode().then(() => img.naturalWidth)");
        assertThat(((Number) loaded).intValue()).isGreaterThan(0);
        fitsThePhone(phone);
        shot(phone, "entrant-photo.png");
        phone.click("[data-step='1'] [data-next]");

        // step 2: the form; the browser refuses hiragana for the kana field before anything is sent
        phone.fill("#f-name", "得点 花子");
        phone.fill("#f-kana", "とくてん はなこ");
        phone.fill("#f-postalCode", "150-0001");
        phone.fill("#f-birthYear", "1990");
        phone.click("[data-step='2'] [data-next]");
        assertThat(phone.locator("[data-error-for=kana]")).isVisible();
        assertThat(phone.locator("[data-step='2']")).isVisible();
        phone.fill("#f-kana", "トクテン ハナコ");
        phone.click("[data-step='2'] [data-next]");

        // step 3: confirmation, then send
        assertThat(phone.locator("[data-confirm-list]")).containsText("トクテン ハナコ");
        assertThat(phone.locator("[data-confirm-photos]")).hasText("1枚");
        fitsThePhone(phone);
        shot(phone, "entrant-confirm.png");
        phone.click("[data-submit]");

        // the result page follows the entry by itself until it is read and judged
        phone.waitForURL(java.util.regex.Pattern.compile(".*/c/" + shop.slug() + "/entries/[0-9a-f-]{36}$"));
        assertThat(phone.locator("h1")).hasText("応募状況");
        assertThat(phone.locator("[data-status-title]")).isVisible();
        shot(phone, "entrant-result-pending.png");
        phone.waitForSelector(
                "[data-status-title]:not([data-status='pending']), [data-reading][data-reading-state='read']",
                new Page.WaitForSelectorOptions()
                        .setState(WaitForSelectorState.ATTACHED)
                        .setTimeout(240_000));
        String status = phone.locator("[data-status-title]").getAttribute("data-status");
        if (status.equals("pending")) {
            // judgement not there yet: the receipt has been read, and the page says so without a reload
            assertThat(phone.locator("[data-reading]")).hasText("レシートの読み取りが完了しました。");
        } else {
            assertThat(List.of("approved", "rejected", "review")).contains(status);
            assertThat(phone.locator("[data-status-title]")).not().hasText("審査中");
        }
        fitsThePhone(phone);
        shot(phone, "entrant-result.png");

        phone.navigate(url("/c/" + shop.slug() + "/mine"));
        assertThat(phone.locator(".my-entries li")).hasCount(1);
        assertThat(phone.locator(".my-entries")).containsText(campaign.name());
        phone.navigate(url("/c/" + shop.slug() + "/mine?lang=en"));
        assertThat(phone.locator("h1")).hasText("My entries");
        phone.context().close();
    }
}
