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
import java.util.UUID;
import jp.tokuten.coupons.Acquisitions;
import jp.tokuten.coupons.Benefit;
import jp.tokuten.coupons.CouponDraft;
import jp.tokuten.coupons.CouponTokensTestsAccess;
import jp.tokuten.coupons.Coupons;
import jp.tokuten.coupons.Redemptions;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.stores.StoreDraft;
import jp.tokuten.stores.Stores;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Store staff's redemption screen in a real browser on a 390×844 phone: a holder's token from a screenshot
 * (a few steps old) is refused and nothing is used; the current token is accepted, "use" records the use and
 * it appears in the day's list.
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
class CouponRedemptionBrowserTests {

    static final Path SCREENSHOTS = Path.of("target/screenshots");

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    TenantBinder binder;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    Stores stores;

    @Autowired
    Coupons coupons;

    @Autowired
    Acquisitions acquisitions;

    @Autowired
    Redemptions redemptions;

    @Autowired
    TransactionTemplate tx;

    @BeforeAll
    static void chromium() {
        if (!Files.isExecutable(ConsoleBrowserTests.CHROMIUM)) {
            throw new IllegalStateException("Browser tests need Debian's Chromium at /usr/bin/chromium: run"
                    + " ./tokuten test, which installs it, or apt-get install chromium fonts-noto-cjk");
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

    @Test
    void storeStaffRefuseAStaleTokenAndUseTheCurrentOneOnAPhone() {
        TenantView shop = TenantFixtures.aTenant(tenants, "counter");
        binder.callAs(
                shop.id(),
                () -> users.create(
                        "staff@counter.example", "店員 早川", TenantRole.STORE_STAFF, "counter staff pass phrase"));
        UUID store = binder.callAs(
                shop.id(),
                () -> stores.create(new StoreDraft("カフェこもれび 円山店", null, null, "北海道", null, null))
                        .id());
        String code = binder.callAs(shop.id(), () -> {
            var c = coupons.publish(coupons.create(CouponDraft.simple(
                                    "ドリンク1杯無料", new Benefit(Benefit.Type.FREE_ITEM, null, null, "ドリンク1杯無料"), 30)
                            .withStores(List.of(store)))
                    .id());
            return acquisitions.acquire(c.id(), "holder@counter.example").code();
        });

        Page phone = browser.newContext(new Browser.NewContextOptions()
                        .setViewportSize(390, 844)
                        .setLocale("ja-JP"))
                .newPage();
        phone.navigate(url("/admin/login"));
        phone.fill("#tenant", shop.slug());
        phone.fill("#email", "staff@counter.example");
        phone.fill("#password", "counter staff pass phrase");
        phone.click("button[type=submit]");
        phone.click("nav.topnav >> text=クーポン消し込み");
        assertThat(phone).hasURL(url("/admin/redeem"));
        phone.selectOption("#store", store.toString());
        phone.click("[data-store-choice] button[type=submit]");
        assertThat(phone.locator("[data-current-store]")).hasText("カフェこもれび 円山店");

        // a screenshot of the holder's screen shows a token three steps (15 s) old
        String stale = CouponTokensTestsAccess.tokenStepsAgo(redemptions, binder, tx, shop.id(), code, 3);
        phone.fill("#code", code);
        phone.fill("#token", stale);
        phone.click("[data-check-button]");
        assertThat(phone.locator("[data-refusal]")).containsText("確認コードが古いか、正しくありません");
        assertThat(phone.locator("[data-use-button]")).hasCount(0);
        phone.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("coupon-redeem-stale-390.png"))
                .setFullPage(true));
        assertThat(binder.callAs(
                        shop.id(),
                        () -> redemptions.instance(code).orElseThrow().usesLeft()))
                .isEqualTo(1);

        String current =
                binder.callAs(shop.id(), () -> redemptions.currentToken(code).value());
        phone.fill("#token", current);
        phone.click("[data-check-button]");
        assertThat(phone.locator("[data-checked-title]")).hasText("ドリンク1杯無料");
        assertThat(phone.locator("[data-checked-state]")).hasText("利用できます");
        assertThat(phone.locator("[data-uses-left]")).hasText("1回 / 1回");
        phone.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("coupon-redeem-checked-390.png"))
                .setFullPage(true));
        phone.click("[data-use-button]");
        assertThat(phone.locator("[data-used]")).containsText("「ドリンク1杯無料」を利用済みにしました（残り0回）");
        assertThat(phone.locator("[data-today-use]")).hasCount(1);
        assertThat(phone.locator("[data-today-use]")).hasAttribute("data-code", code);
        assertThat(phone.locator("[data-today-use] summary")).hasText("この利用を取り消す");
        phone.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("coupon-redeem-used-390.png"))
                .setFullPage(true));
        var widths = (Map<?, ?>)
                phone.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})");
        assertThat(((Number) widths.get("scroll")).intValue())
                .as("the redemption screen fits a 390 px phone")
                .isLessThanOrEqualTo(((Number) widths.get("inner")).intValue());
        var instance = binder.callAs(shop.id(), () -> redemptions.instance(code).orElseThrow());
        assertThat(instance.usesLeft()).isZero();
        assertThat(instance.lastUse().storeId()).isEqualTo(store);
        phone.context().close();
    }
}
