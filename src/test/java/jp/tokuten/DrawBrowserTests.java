package jp.tokuten;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.TokutenApplication.Launch;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.lottery.ChancesPer;
import jp.tokuten.lottery.Courses;
import jp.tokuten.lottery.DrawFixtures;
import jp.tokuten.lottery.Draws;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A closed draw seen from outside, against the running server: the commitment on the campaign's page at
 * 390×844 before the run; an editor running the draw in the console (and seeing the seed and the winners);
 * then {@code java -jar tokuten.jar draw verify URL} (through {@link TokutenApplication#launch}) recomputing
 * the published record from its URL and from a saved file (exit 0), and exit 3 for a URL that is not a
 * record. Same server and settings as {@link ConsoleBrowserTests}.
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
class DrawBrowserTests {

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DataSource dataSource;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Courses courses;

    @Autowired
    Draws draws;

    @Autowired
    TenantUsers users;

    @TempDir
    Path dir;

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

    static void fitsThePhone(Page page) {
        Object scrollWidth = page.evaluate("() => document.documentElement.scrollWidth");
        assertThat(((Number) scrollWidth).intValue()).isLessThanOrEqualTo(390);
    }

    record Run(Launch launch, String out, String err) {}

    static Run launch(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Launch launch = TokutenApplication.launch(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(launch, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPublishedDrawIsShownCommittedThenRunInTheConsoleAndVerifiedFromItsUrl() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "draw-browser");
        var fixtures = new DrawFixtures(dataSource, binder, tx, shop);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        UUID campaign = fixtures.anEndedCampaign(campaigns, today);
        binder.runAs(shop.id(), () -> campaigns.open(campaign));
        UUID course = fixtures.course(courses, campaign, DrawFixtures.aClosedDraw(ChancesPer.ENTRY, 1));
        for (int i = 0; i < 12; i++) {
            fixtures.entry(campaign, fixtures.entrant("browser" + i + "@example.jp"), "approved", 1);
        }
        var draw = binder.callAs(shop.id(), () -> draws.create(campaign, course, true));

        // the campaign's page shows the commitment and the public record before the draw, on a phone
        Page phone = browser.newContext(new Browser.NewContextOptions()
                        .setViewportSize(390, 844)
                        .setLocale("ja-JP"))
                .newPage();
        phone.navigate(url("/c/" + shop.slug() + "/campaigns/" + campaign));
        assertThat(phone.locator("[data-draws] [data-commitment]")).hasText(draw.commitment());
        assertThat(phone.locator("[data-draws]")).containsText("抽選前");
        assertThat(phone.locator("[data-draws] [data-public-record]"))
                .hasAttribute("href", "/c/" + shop.slug() + "/draws/" + draw.id() + ".json");
        fitsThePhone(phone);
        // how to check it, with the documented verifier, inside the page's width
        phone.click("[data-verify-how] summary");
        assertThat(phone.locator("[data-verifier]")).containsText("def winners(seed, entries, wanted, max_wins)");
        fitsThePhone(phone);
        phone.screenshot(new Page.ScreenshotOptions()
                .setPath(ConsoleBrowserTests.SCREENSHOTS.resolve("draw-commitment-390.png"))
                .setFullPage(true));

        // not drawn yet: nothing to verify but the commitment (exit 3)
        String record = url("/c/" + shop.slug() + "/draws/" + draw.id() + ".json");
        var early = launch("draw", "verify", record);
        assertThat(early.launch()).isEqualTo(new Launch.Exit(3));
        assertThat(early.err()).contains("has not been run yet").contains(draw.commitment());

        // an editor runs it in the console, confirming
        binder.callAs(
                shop.id(),
                () -> users.create("editor@draw.example", "抽選 担当", TenantRole.EDITOR, "draw editor pass phrase"));
        Page admin = browser.newContext(new Browser.NewContextOptions()
                        .setViewportSize(390, 844)
                        .setLocale("ja-JP"))
                .newPage();
        admin.onDialog(dialog -> dialog.accept());
        admin.navigate(url("/admin/login"));
        admin.fill("#tenant", shop.slug());
        admin.fill("#email", "editor@draw.example");
        admin.fill("#password", "draw editor pass phrase");
        admin.click("button[type=submit]");
        assertThat(admin).hasURL(url("/admin"));
        admin.navigate(url("/admin/campaigns/" + campaign + "/draws"));
        assertThat(admin.locator("[data-draw] [data-commitment]")).hasText(draw.commitment());
        assertThat(admin.locator("[data-draw] [data-seed]")).hasCount(0);
        admin.click("[data-draw] [data-run]");
        assertThat(admin.locator("[data-notice]")).hasText("抽選を実施しました。");
        assertThat(admin.locator("[data-draw]")).hasAttribute("data-status", "drawn");
        assertThat(admin.locator("[data-winner]")).hasCount(5);
        var drawn = binder.callAs(shop.id(), () -> draws.require(draw.id()));
        assertThat(admin.locator("[data-draw] [data-seed]")).hasText(drawn.seed());
        fitsThePhone(admin);
        admin.screenshot(new Page.ScreenshotOptions()
                .setPath(ConsoleBrowserTests.SCREENSHOTS.resolve("draw-console-390.png"))
                .setFullPage(true));
        // a second run is refused with its reason
        assertThat(admin.locator("[data-run]")).hasCount(0);

        // draw verify recomputes the published record from its URL, and from a saved copy
        var verified = launch("draw", "verify", record);
        assertThat(verified.launch()).as(verified.out() + verified.err()).isEqualTo(new Launch.Exit(0));
        assertThat(verified.out()).contains("12 chances, 5 winners wanted").contains("Verified");
        Path file = dir.resolve("draw.json");
        phone.navigate(record);
        Files.writeString(file, phone.locator("body").innerText());
        assertThat(launch("draw", "verify", file.toString()).launch()).isEqualTo(new Launch.Exit(0));

        var missing = launch("draw", "verify", url("/c/" + shop.slug() + "/draws/" + UUID.randomUUID() + ".json"));
        assertThat(missing.launch()).isEqualTo(new Launch.Exit(3));
        assertThat(missing.err()).contains("HTTP 404");
    }
}
