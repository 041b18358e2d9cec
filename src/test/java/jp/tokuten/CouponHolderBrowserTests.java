package jp.tokuten;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ReducedMotion;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.coupons.Benefit;
import jp.tokuten.coupons.CouponDraft;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.coupons.Coupons;
import jp.tokuten.coupons.Redemptions;
import jp.tokuten.identity.EntrantSignInTestsAccess;
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

/**
 * A coupon holder on a phone (390×844, Debian's Chromium): gets a coupon from its public URL by signing in
 * with the mailed code, types a wrong store PIN (a message, nothing used) and then the right one, and sees
 * the used screen's check code and clock keep changing, so a screenshot of it is told apart. Same context
 * as {@link EntrantBrowserTests} (same server, same settings).
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
class CouponHolderBrowserTests {

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Coupons coupons;

    @Autowired
    Redemptions redemptions;

    @Autowired
    Stores stores;

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

    static void fitsThePhone(Page page) {
        Object scrollWidth = page.evaluate("() => document.documentElement.scrollWidth");
        assertThat(((Number) scrollWidth).intValue()).isLessThanOrEqualTo(390);
    }

    static String text(Page page, String selector) {
        return page.locator(selector).textContent().strip();
    }

    @Test
    void aHolderGetsACouponFromItsPublicUrlUsesItWithTheStorePinAndTheUsedScreenKeepsChanging() {
        TenantView shop = TenantFixtures.aTenant(tenants, "coupon-phone");
        UUID store = binder.callAs(
                shop.id(),
                () -> stores.create(new StoreDraft("新宿東口店", null, null, null, null, null))
                        .id());
        String pin = binder.callAs(shop.id(), () -> stores.changePin(store, "4821"));
        CouponView coupon = binder.callAs(
                shop.id(),
                () -> coupons.publish(coupons.create(CouponDraft.simple(
                                        "ドリンク100円引き", new Benefit(Benefit.Type.AMOUNT_OFF, 100L, null, ""), 30)
                                .withCaps(100, 1, 1)
                                .withStores(List.of(store)))
                        .id()));
        String email = "holder-" + System.nanoTime() + "@example.jp";

        BrowserContext context = browser.newContext(
                new Browser.NewContextOptions().setViewportSize(390, 844).setLocale("ja-JP"));
        Page phone = context.newPage();

        // (i) the public URL: the benefit, the store, what is left; "get" asks for the e-mail code first
        phone.navigate(url("/c/" + shop.slug() + "/coupons/" + coupon.id()));
        assertThat(phone.locator("h1")).hasText("ドリンク100円引き");
        assertThat(phone.locator("[data-benefit]")).hasText("100円引き");
        assertThat(phone.locator("main")).containsText("新宿東口店");
        assertThat(phone.locator("[data-remaining]")).hasText("残り100枚");
        assertThat(phone.locator("link[rel=manifest]")).hasCount(1);
        fitsThePhone(phone);
        shot(phone, "coupon-public.png");
        phone.click("[data-get]");
        assertThat(phone).hasURL(url("/c/" + shop.slug() + "/coupons/signin?coupon=" + coupon.id()));
        phone.fill("#email", email);
        phone.click("button[type=submit]");
        assertThat(phone.locator("main")).containsText(email);
        phone.fill("#code", mailedCode(email));
        phone.click("button[type=submit].primary");
        phone.waitForURL(Pattern.compile(".*/c/" + shop.slug() + "/coupons/mine/[0-9A-Z]{12}$"));
        String code = phone.url().substring(phone.url().lastIndexOf('/') + 1);
        assertThat(phone.locator("[data-acquired]")).isVisible();
        assertThat(phone.locator("[data-benefit]")).hasText("100円引き");
        assertThat(phone.locator("[data-token]")).hasText(Pattern.compile("^[0-9]{6}$"));
        fitsThePhone(phone);
        shot(phone, "coupon-screen.png");

        // (ii) a wrong PIN: the message, the coupon still unused; then the store's PIN uses it
        phone.fill("[data-pin-input]", pin.equals("0000") ? "1111" : "0000");
        phone.click("[data-pin-submit]");
        assertThat(phone.locator("[data-refusal]")).hasText("店舗PINが正しくありません。店舗スタッフにご確認ください。");
        assertThat(phone.locator("[data-used]")).hasCount(0);
        assertThat(binder.callAs(shop.id(), () -> redemptions.instance(code).orElseThrow())
                        .usesLeft())
                .isEqualTo(1);
        shot(phone, "coupon-wrong-pin.png");
        phone.fill("[data-pin-input]", pin);
        phone.click("[data-pin-submit]");
        assertThat(phone).hasURL(url("/c/" + shop.slug() + "/coupons/mine/" + code));
        assertThat(phone.locator("[data-used-at]")).containsText("新宿東口店で");
        assertThat(phone.locator("[data-pin-input]")).hasCount(0);
        var used = binder.callAs(shop.id(), () -> redemptions.instance(code).orElseThrow());
        assertThat(used.usesLeft()).isZero();
        assertThat(used.lastUse().storeId()).isEqualTo(store);
        assertThat(binder.callAs(shop.id(), () -> redemptions.redemptions(coupon.id())))
                .hasSize(1);
        fitsThePhone(phone);
        shot(phone, "coupon-used.png");

        // (iii) the used screen still animates: the check code and the time change, and the code is the
        // server's current one
        assertThat((String)
                        phone.evaluate("() => getComputedStyle(document.querySelector('[data-bar]')).animationName"))
                .isEqualTo("token-bar");
        String token = text(phone, "[data-token]");
        String time = text(phone, "[data-clock]");
        phone.waitForFunction(
                "t => document.querySelector('[data-token]').textContent.trim() !== t",
                token,
                new Page.WaitForFunctionOptions().setTimeout(8_000));
        String laterToken = text(phone, "[data-token]");
        String laterTime = text(phone, "[data-clock]");
        assertThat(laterToken).matches("[0-9]{6}").isNotEqualTo(token);
        assertThat(laterTime).matches("[0-9]{2}:[0-9]{2}:[0-9]{2}").isNotEqualTo(time);
        binder.runAs(shop.id(), () -> redemptions.checkToken(code, laterToken));
        shot(phone, "coupon-used-later.png");

        // the wallet puts it under "used"
        phone.navigate(url("/c/" + shop.slug() + "/coupons/mine"));
        assertThat(phone.locator("[data-section=used] [data-code='" + code + "']"))
                .isVisible();
        fitsThePhone(phone);
        shot(phone, "coupon-wallet.png");

        // with reduced motion the bar and ring stand still, but the clock still ticks
        BrowserContext still = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844)
                .setLocale("ja-JP")
                .setReducedMotion(ReducedMotion.REDUCE)
                .setStorageState(context.storageState()));
        Page calm = still.newPage();
        calm.navigate(url("/c/" + shop.slug() + "/coupons/mine/" + code));
        assertThat((String)
                        calm.evaluate("() => getComputedStyle(document.querySelector('.pulse-ring')).animationName"))
                .isEqualTo("none");
        String calmTime = text(calm, "[data-clock]");
        calm.waitForFunction(
                "t => document.querySelector('[data-clock]').textContent.trim() !== t",
                calmTime,
                new Page.WaitForFunctionOptions().setTimeout(3_000));
        still.close();
        context.close();
    }

    static String mailedCode(String email) {
        try {
            return EntrantSignInTestsAccess.mailedCode(email);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
