package jp.tokuten;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.identity.Entrants;
import jp.tokuten.rewards.AwardView;
import jp.tokuten.rewards.Awards;
import jp.tokuten.rewards.Delivery;
import jp.tokuten.rewards.NewAward;
import jp.tokuten.rewards.RewardsTestsAccess;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * A winner on a phone (390×844, Debian's Chromium) fills the address form from the link of the winner
 * e-mail: typing the postal code fills prefecture, city and town from Japan Post's data (the sample of real
 * rows), a wrong phone number is a message at its field, and the address is saved. Same context as {@link
 * EntrantBrowserTests} (same server, same settings).
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
class WinnerAddressBrowserTests {

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Entrants entrants;

    @Autowired
    Awards awards;

    @Autowired
    Delivery delivery;

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

    void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(ConsoleBrowserTests.SCREENSHOTS.resolve(name))
                .setFullPage(true));
    }

    static void fitsThePhone(Page page) {
        Object scrollWidth = page.evaluate("() => document.documentElement.scrollWidth");
        assertThat(((Number) scrollWidth).intValue()).isLessThanOrEqualTo(390);
    }

    @Test
    void aWinnerFillsTheAddressFormWithThePostalCodeLookup() throws Exception {
        RewardsTestsAccess.loadPostalCodeSample(context);
        TenantView shop = TenantFixtures.aTenant(tenants, "winner-phone");
        String email = "winner-" + System.nanoTime() + "@example.jp";
        AwardView award = binder.callAs(
                shop.id(),
                () -> awards.grant(NewAward.physical(
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        entrants.findOrCreateByEmail(email).id(),
                        null,
                        NewAward.Source.DRAW,
                        "オリジナル保冷バッグ",
                        3000)));
        RewardsTestsAccess.sweep(context, shop.id());
        String token = RewardsTestsAccess.mailedFormToken(email);

        var browserContext = browser.newContext(
                new Browser.NewContextOptions().setViewportSize(390, 844).setLocale("ja-JP"));
        Page phone = browserContext.newPage();
        phone.navigate("http://localhost:" + port + "/c/" + shop.slug() + "/winners/" + token);
        assertThat(phone.locator("h1")).hasText("ご当選おめでとうございます");
        assertThat(phone.locator(".prize-name")).hasText("当選景品: オリジナル保冷バッグ");
        fitsThePhone(phone);

        phone.fill("#fullName", "山田 花子");
        phone.locator("#postalCode").pressSequentially("1040061");
        assertThat(phone.locator("#prefecture")).hasValue("東京都");
        assertThat(phone.locator("#city")).hasValue("中央区");
        assertThat(phone.locator("#town")).hasValue("銀座");
        assertThat(phone.locator("[data-lookup-status]")).hasText("住所を入力しました。番地以降をご入力ください。");
        phone.fill("#addressLine1", "1-2-3");
        phone.fill("#addressLine2", "とくてんビル5階");
        phone.fill("#phone", "090-1234");
        shot(phone, "winner-form.png");
        phone.click("button[type=submit]");

        assertThat(phone.locator(".field-error")).hasText("電話番号は0から始まる10桁または11桁の数字で入力してください（例: 090-1234-5678）。");
        assertThat(phone.locator("#town")).hasValue("銀座");
        fitsThePhone(phone);
        shot(phone, "winner-form-error.png");
        phone.fill("#phone", "090-1234-5678");
        phone.click("button[type=submit]");

        assertThat(phone.locator("[role=status]")).hasText("お届け先を受け付けました。発送までしばらくお待ちください。");
        assertThat(phone.locator("#town")).hasValue("銀座");
        assertThat(phone.locator("button[type=submit]")).hasText("お届け先を変更する");
        fitsThePhone(phone);
        shot(phone, "winner-form-saved.png");
        var saved = binder.callAs(shop.id(), () -> delivery.form(token)).orElseThrow();
        assertThat(saved.status()).isEqualTo(AwardView.Status.ADDRESS_GIVEN);
        assertThat(saved.address().postalCode()).isEqualTo("1040061");
        assertThat(saved.address().phone()).isEqualTo("09012345678");
        assertThat(saved.awardId()).isEqualTo(award.id());
        browserContext.close();
    }
}
