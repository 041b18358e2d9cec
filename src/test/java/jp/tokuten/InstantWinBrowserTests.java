package jp.tokuten;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ReducedMotion;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.EntrantSignInTestsAccess;
import jp.tokuten.lottery.CourseDraft;
import jp.tokuten.lottery.Courses;
import jp.tokuten.lottery.PrizeDraft;
import jp.tokuten.receipts.EntryRows;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An entrant on a phone (390×844, Debian's Chromium) plays instant win with an approved entry: the slot
 * reveal, skipped; the result announced; a reload shows the recorded result and offers no second play; with
 * reduced motion the result shows at once. Same context as {@link EntrantBrowserTests}.
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
class InstantWinBrowserTests {

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
    Courses courses;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

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

    record Setup(TenantView shop, String email, UUID entry, UUID entry2) {}

    Setup anApprovedEntrantWithAnInstantWinCourse(String prefix) {
        TenantView shop = TenantFixtures.aTenant(tenants, prefix);
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
        String email = prefix + "-" + System.nanoTime() + "@example.jp";
        return binder.callAs(shop.id(), () -> {
            CampaignView campaign = campaigns.open(
                    campaigns.create(CampaignFixtures.aDraft(today)).id());
            courses.create(
                    campaign.id(),
                    CourseDraft.instantWin("A賞", List.of(PrizeDraft.physical("特製タンブラー", 5, 3000)))
                            .withWinChance(1.0)
                            .withMaxWinsPerEntrant(1));
            return tx.execute(s -> {
                var rows = new EntryRows(jdbc);
                UUID entrant = rows.entrant(email);
                UUID entry = rows.entry(campaign.id(), entrant, null, "approved", List.of(), Instant.now(), List.of());
                UUID entry2 = rows.entry(campaign.id(), entrant, null, "approved", List.of(), Instant.now(), List.of());
                return new Setup(shop, email, entry, entry2);
            });
        });
    }

    Page signedIn(Setup setup, ReducedMotion motion) throws Exception {
        Page phone = browser.newContext(new Browser.NewContextOptions()
                        .setViewportSize(390, 844)
                        .setLocale("ja-JP")
                        .setReducedMotion(motion))
                .newPage();
        phone.navigate(url("/c/" + setup.shop().slug() + "/signin"));
        phone.fill("#email", setup.email());
        phone.click("button[type=submit]");
        phone.fill("#code", EntrantSignInTestsAccess.mailedCode(setup.email()));
        phone.click("button[type=submit].primary");
        phone.waitForURL(url("/c/" + setup.shop().slug() + "/mine"));
        return phone;
    }

    @Test
    void anApprovedEntryPlaysInstantWinAndSeesTheResult() throws Exception {
        Setup setup = anApprovedEntrantWithAnInstantWinCourse("instant-phone");
        Page phone = signedIn(setup, ReducedMotion.NO_PREFERENCE);
        phone.navigate(url("/c/" + setup.shop().slug() + "/entries/" + setup.entry()));
        assertThat(phone.locator("#instant-wins-title")).hasText("その場で当たる抽選");
        assertThat(phone.locator(".instant-win h3")).hasText("A賞");
        EntrantBrowserTests.fitsThePhone(phone);
        phone.click("[data-play]");

        // the reveal: reels spin with a skip button; the result region is empty until it shows
        assertThat(phone.locator("[data-reels]")).isVisible();
        assertThat(phone.locator("[data-skip]")).hasText("演出をスキップ");
        assertThat(phone.locator("[data-result-text]")).hasAttribute("aria-live", "polite");
        assertThat(phone.locator("[data-result-text]")).hasText("");
        phone.screenshot(new Page.ScreenshotOptions()
                .setPath(ConsoleBrowserTests.SCREENSHOTS.resolve("instant-win-reveal.png"))
                .setFullPage(true));
        phone.click("[data-skip]");
        assertThat(phone.locator("[data-reels]")).isHidden();
        assertThat(phone.locator("[data-result-text]")).hasText("当選！「特製タンブラー」が当たりました。");
        EntrantBrowserTests.fitsThePhone(phone);
        phone.screenshot(new Page.ScreenshotOptions()
                .setPath(ConsoleBrowserTests.SCREENSHOTS.resolve("instant-win-result.png"))
                .setFullPage(true));

        // a reload shows the recorded result, and there is nothing to play again
        phone.navigate(url("/c/" + setup.shop().slug() + "/entries/" + setup.entry()));
        assertThat(phone.locator("[data-result-text]")).hasText("当選！「特製タンブラー」が当たりました。");
        assertThat(phone.locator("[data-reels]")).isHidden();
        assertThat(phone.locator("[data-play]")).hasCount(0);

        // the second entry plays too, but one win per entrant: a loss, shown at once with reduced motion
        Page still = signedIn(setup, ReducedMotion.REDUCE);
        still.navigate(url("/c/" + setup.shop().slug() + "/entries/" + setup.entry2()));
        still.click("[data-play]");
        assertThat(still.locator("[data-reels]")).isHidden();
        assertThat(still.locator("[data-play-result]")).hasAttribute("data-revealed", "true");
        assertThat(still.locator("[data-result-text]")).hasText("残念、はずれです。ご応募ありがとうございました。");
        assertThat(still.locator("[data-result-text]").isVisible()).isTrue();
    }
}
