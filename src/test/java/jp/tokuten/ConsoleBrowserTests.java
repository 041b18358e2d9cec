package jp.tokuten;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.OperatorAccounts;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.stores.StoreDraft;
import jp.tokuten.stores.Stores;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

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

    @Autowired
    OperatorAccounts operatorAccounts;

    @Autowired
    Stores stores;

    @Autowired
    jp.tokuten.campaigns.Campaigns campaigns;

    @Autowired
    jp.tokuten.coupons.Coupons coupons;

    @Autowired
    jp.tokuten.lottery.Courses courses;

    @Autowired
    jp.tokuten.rewards.GiftCodePools giftCodePools;

    @Autowired
    jp.tokuten.files.StoredFiles storedFiles;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Autowired
    java.time.Clock clock;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

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
    void thePublicStatusPageWorksOnAPhoneInJapaneseAndEnglishWithoutSignIn() {
        Page phone = page(390, 844, "ja-JP");
        var response = phone.navigate(url("/status"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(phone.locator("h1")).hasText("稼働状況");
        assertThat(phone.locator("[data-status]")).isVisible();
        assertThat(overflow(phone, "/status")).isEmpty();
        phone.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("status-phone-ja.png")));
        phone.click("text=English");
        assertThat(phone.locator("h1")).hasText("Service status");
        assertThat(overflow(phone, "/status")).isEmpty();
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
        assertThat(page.locator("table")).containsText("スタンダード");
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

    /**
     * Every page of both consoles (each GET mapping under /admin and /operator that shows a page, found in
     * the application's own request mappings so that new pages are checked too) fits a 390 px phone in
     * Japanese and English: nothing scrolls sideways.
     */
    @Test
    void everyConsolePageFitsAPhoneWithoutScrollingSideways() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "narrow");
        binder.callAs(
                shop.id(),
                () -> users.create("owner@narrow.example", "店長 狭山", TenantRole.ADMIN, "narrow owner pass phrase"));
        var store = binder.callAs(
                shop.id(),
                () -> stores.create(new StoreDraft(
                        "つばさコンビニエンス 那覇新都心おもろまち駅前店",
                        "つばさコンビニエンス",
                        "那覇新都心おもろまち駅前店",
                        "沖縄県",
                        "098-000-0000",
                        "T5222688006848")));
        var inReview = jp.tokuten.receipts.ReviewFixtures.entriesInReview(
                binder,
                tx,
                jdbc,
                campaigns,
                storedFiles,
                shop,
                java.time.LocalDate.now(clock.withZone(java.time.ZoneId.of("Asia/Tokyo"))),
                1);
        var coupon = binder.callAs(
                shop.id(),
                () -> coupons.publish(coupons.create(jp.tokuten.coupons.CouponDraft.simple(
                                        "つばさコンビニエンス全店 ホットコーヒーSサイズ1杯無料クーポン（平日限定・お一人様1回）",
                                        new jp.tokuten.coupons.Benefit(
                                                jp.tokuten.coupons.Benefit.Type.FREE_ITEM,
                                                null,
                                                null,
                                                "ホットコーヒーSサイズ1杯無料"),
                                        30)
                                .withStores(List.of(store.id())))
                        .id()));
        var course = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> courses.create(
                        inReview.campaign(),
                        jp.tokuten.lottery.CourseDraft.instantWin(
                                "A賞 つばさコンビニエンス全店で使える商品券3,000円分（抽選で100名様）",
                                List.of(jp.tokuten.lottery.PrizeDraft.physical(
                                        "つばさコンビニエンス商品券 3,000円分（紙の券、ご自宅に郵送）", 100, 3000))))));
        var pool = binder.callAs(
                shop.id(), () -> tx.execute(s -> giftCodePools.create("つばさコンビニエンス デジタルギフト 500円分（A賞・B賞共通）", null, 10)));
        Map<String, String> values = Map.of(
                "pool",
                pool.id().toString(),
                "course",
                course.id().toString(),
                "coupon",
                coupon.id().toString(),
                "slug",
                shop.slug(),
                "id",
                shop.id().value().toString(),
                "store",
                store.id().toString(),
                "campaign",
                inReview.campaign().toString(),
                "entry",
                inReview.entries().getFirst().toString());
        List<String> adminPages = consolePages("/admin", values);
        List<String> operatorPages = consolePages("/operator", values);
        assertThat(adminPages)
                .contains("/admin", "/admin/users", "/admin/audit", "/admin/api-keys", "/admin/stores")
                .contains("/admin/coupons", "/admin/coupons/" + coupon.id(), "/admin/redeem");
        assertThat(operatorPages).contains("/operator", "/operator/operators", "/operator/tenants/" + shop.slug());
        var overflowing = new ArrayList<String>();

        Page admin = page(390, 844, "ja-JP");
        admin.navigate(url("/admin/login"));
        overflowing.addAll(overflow(admin, "/admin/login"));
        assertThat(admin.locator("label[for=tenant]")).hasText("テナントコード");
        admin.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("admin-login-390.png")));
        admin.fill("#tenant", shop.slug());
        admin.fill("#email", "owner@narrow.example");
        admin.fill("#password", "narrow owner pass phrase");
        admin.click("button[type=submit]");
        assertThat(admin).hasURL(url("/admin"));
        assertThat(admin.locator(".account .who")).hasText("店長 狭山（管理者）");
        // a key with a long name, so that the tables have rows to fit
        admin.navigate(url("/admin/api-keys"));
        admin.fill("#name", "POSレジ連携(本店・支店すべての店舗のレジから送信)");
        admin.click("form.stack button[type=submit]");
        assertThat(admin.locator("[data-api-key]")).isVisible();
        assertThat(admin.locator("button.copy")).isVisible(); // the script runs under the page's CSP
        admin.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("admin-api-keys-390.png")));
        checkPages(admin, adminPages, overflowing);
        admin.navigate(url("/admin/audit"));
        assertThat(admin.locator("table.audit th").first()).hasCSS("white-space", "nowrap");
        admin.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("admin-audit-390.png"))
                .setFullPage(true));
        admin.navigate(url("/admin?lang=en"));
        checkPages(admin, adminPages, overflowing);
        admin.context().close();

        String email = "narrow-" + System.nanoTime() + "@ops.tokuten.test";
        ConsoleSignIns.createOperator(operatorAccounts, email, "Narrow Operator", "narrow operator pass phrase");
        Page operator = page(390, 844, "ja-JP");
        operator.navigate(url("/operator/login"));
        overflowing.addAll(overflow(operator, "/operator/login"));
        operator.fill("#email", email);
        operator.fill("#password", "narrow operator pass phrase");
        operator.click("button[type=submit]");
        assertThat(operator).hasURL(url("/operator/login/totp/setup"));
        overflowing.addAll(overflow(operator, "/operator/login/totp/setup"));
        byte[] secret = ConsoleSignIns.base32Decode(
                operator.locator("[data-secret]").textContent().strip());
        operator.fill("#code", ConsoleSignIns.codeNow(secret));
        operator.click("button[type=submit]");
        assertThat(operator).hasURL(url("/operator/recovery-codes"));
        overflowing.addAll(overflow(operator, "/operator/recovery-codes"));
        operator.click("a.button");
        // with an emergency access open, the tenant's page shows its users too
        operator.navigate(url("/operator/tenants/" + shop.slug() + "/break-glass"));
        operator.fill("#reason", "スマートフォン表示の確認のため(問い合わせ #390)");
        operator.click("form.stack button[type=submit]");
        assertThat(operator.locator("[data-break-glass-active]")).isVisible();
        checkPages(operator, operatorPages, overflowing);
        operator.navigate(url("/operator/operators"));
        operator.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("operator-operators-390.png"))
                .setFullPage(true));
        operator.navigate(url("/operator?lang=en"));
        checkPages(operator, operatorPages, overflowing);
        operator.context().close();

        assertThat(overflowing).as("pages wider than a 390 px phone").isEmpty();
    }

    @Test
    void anEditorUploadsStoresAsCsvAndAddsOneOnAPhone() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "csv");
        binder.callAs(
                shop.id(),
                () -> users.create("editor@csv.example", "店舗 編集", TenantRole.EDITOR, "csv editor pass phrase"));
        Page phone = page(390, 844, "ja-JP");
        phone.navigate(url("/admin/login"));
        phone.fill("#tenant", shop.slug());
        phone.fill("#email", "editor@csv.example");
        phone.fill("#password", "csv editor pass phrase");
        phone.click("button[type=submit]");
        phone.click("nav >> text=店舗");
        assertThat(phone).hasURL(url("/admin/stores"));
        String csv = "店舗名,チェーン名,支店名,都道府県,電話番号,登録番号\r\n"
                + ",あおばフレッシュマート,新市街店,熊本県,096-000-0000,T5331742204153\r\n"
                + ",あおばフレッシュマート,天文館店,鹿児島県,,T1768259481191\r\n";
        phone.setInputFiles(
                "#file",
                new com.microsoft.playwright.options.FilePayload(
                        "stores.csv", "text/csv", csv.getBytes(java.nio.charset.Charset.forName("windows-31j"))));
        phone.click("text=読み込む");
        assertThat(phone.locator("[data-imported]")).containsText("2行を読み込みました");
        assertThat(phone.locator("[data-store]")).hasCount(2);
        phone.setInputFiles(
                "#file",
                new com.microsoft.playwright.options.FilePayload(
                        "bad.csv",
                        "text/csv",
                        "店舗名,都道府県\n=1+1,東京都\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        phone.click("text=読み込む");
        assertThat(phone.locator("[data-csv-errors]")).containsText("数式");
        phone.click("text=店舗を追加");
        phone.fill("#chain", "カフェこもれび");
        phone.fill("#branch", "円山店");
        phone.selectOption("#prefecture", "北海道");
        phone.fill("#registrationNumber", "T9694194723890");
        phone.click("button[type=submit].primary");
        assertThat(phone.locator(".alert-info")).containsText("カフェこもれび 円山店");
        phone.fill("input[name=q]", "ｶﾌｪ");
        phone.click("form.filters button[type=submit]");
        assertThat(phone.locator("[data-store]")).hasCount(1);
        phone.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("admin-stores-390.png"))
                .setFullPage(true));
        assertThat(overflow(phone, "/admin/stores")).isEmpty();
        phone.context().close();
    }

    /**
     * An editor on a phone sees a store's PIN, sets one typed with full-width digits, issues a new QR code
     * after confirming, and opens the poster, whose QR image loads.
     */
    @Test
    void anEditorChangesAStoresPinAndQrCodeAndOpensItsPosterOnAPhone() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "pin");
        binder.callAs(
                shop.id(),
                () -> users.create("editor@pin.example", "店舗 編集", TenantRole.EDITOR, "pin editor pass phrase"));
        var store = binder.callAs(
                shop.id(), () -> stores.create(new StoreDraft(null, "カフェこもれび", "円山店", "北海道", null, null)));
        String oldToken =
                binder.callAs(shop.id(), () -> stores.secrets(store.id()).qrToken());
        Page phone = page(390, 844, "ja-JP");
        phone.navigate(url("/admin/login"));
        phone.fill("#tenant", shop.slug());
        phone.fill("#email", "editor@pin.example");
        phone.fill("#password", "pin editor pass phrase");
        phone.click("button[type=submit]");
        phone.navigate(url("/admin/stores/" + store.id()));
        assertThat(phone.locator("[data-pin]")).hasText(java.util.regex.Pattern.compile("[0-9]{4}"));
        phone.fill("#newPin", "２４６８");
        phone.click("[data-store-pin] form:first-of-type button[type=submit]");
        assertThat(phone.locator("[data-pin]")).hasText("2468");
        assertThat(phone.locator("[data-store-pin] .alert-info")).containsText("PINを変更しました");
        assertThat(phone.locator("img.store-qr")).hasJSProperty("naturalWidth", 512);

        var questions = new ArrayList<String>();
        phone.onceDialog(dialog -> {
            questions.add(dialog.message());
            dialog.accept();
        });
        phone.click("[data-store-qr] button.danger");
        assertThat(phone.locator("[data-store-qr] .alert-info")).containsText("再発行しました");
        assertThat(questions).singleElement().asString().contains("印刷済みのポスター");
        String newToken =
                binder.callAs(shop.id(), () -> stores.secrets(store.id()).qrToken());
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(phone.locator("[data-qr-url]")).containsText("/c/" + shop.slug() + "/s/" + newToken);
        phone.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("admin-store-pin-qr-390.png"))
                .setFullPage(true));
        assertThat(overflow(phone, "/admin/stores/" + store.id())).isEmpty();

        phone.navigate(url("/admin/stores/" + store.id() + "/poster"));
        assertThat(phone.locator(".poster-store")).hasText("カフェこもれび 円山店");
        assertThat(phone.locator("img.poster-qr")).hasJSProperty("naturalWidth", 512);
        assertThat(phone.locator("[data-print]")).isVisible();
        phone.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("admin-store-poster-390.png"))
                .setFullPage(true));
        phone.pdf(new Page.PdfOptions()
                .setPath(SCREENSHOTS.resolve("admin-store-poster-a4.pdf"))
                .setPreferCSSPageSize(true));
        phone.context().close();
    }

    @Test
    void destructiveActionsAskFirstAndOneTimeSecretsCanBeCopied() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "confirm");
        binder.callAs(
                shop.id(),
                () -> users.create("owner@confirm.example", "確認 花子", TenantRole.ADMIN, "confirm owner pass phrase"));
        Page page = browser.newContext(new Browser.NewContextOptions()
                        .setViewportSize(1200, 800)
                        .setLocale("ja-JP")
                        .setPermissions(List.of("clipboard-read", "clipboard-write")))
                .newPage();
        page.navigate(url("/admin/login"));
        page.fill("#tenant", shop.slug());
        page.fill("#email", "owner@confirm.example");
        page.fill("#password", "confirm owner pass phrase");
        page.click("button[type=submit]");
        page.navigate(url("/admin/api-keys"));
        page.fill("#name", "在庫連携");
        page.click("form.stack button[type=submit]");
        String key = page.locator("[data-api-key]").textContent().strip();
        page.click("button.copy");
        assertThat(page.locator("button.copy")).hasText("コピーしました");
        assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(key);
        // reloading does not show the key again: it was shown once, after the redirect
        page.reload();
        assertThat(page.locator("[data-api-key]")).hasCount(0);

        var questions = new ArrayList<String>();
        page.onceDialog(dialog -> {
            questions.add(dialog.message());
            dialog.dismiss();
        });
        page.click("form[data-confirm] button.danger");
        assertThat(page.locator("form[data-confirm] button.danger")).hasCount(1);
        assertThat(questions).singleElement().asString().contains("在庫連携").contains("失効");
        page.onceDialog(dialog -> dialog.accept());
        page.click("form[data-confirm] button.danger");
        assertThat(page).hasURL(url("/admin/api-keys"));
        assertThat(page.locator(".badge-warn")).hasText("失効済み");
        page.context().close();
    }

    /**
     * An editor on a phone creates a campaign through the form, uploads its image, sees the preview link and
     * opens it after confirming.
     */
    @Test
    void anEditorSetsUpAndOpensACampaignOnAPhone() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "campaign");
        binder.callAs(
                shop.id(),
                () -> users.create(
                        "editor@campaign.example", "企画 太郎", TenantRole.EDITOR, "campaign editor pass phrase"));
        Page page = page(390, 844, "ja-JP");
        page.navigate(url("/admin/login"));
        page.fill("#tenant", shop.slug());
        page.fill("#email", "editor@campaign.example");
        page.fill("#password", "campaign editor pass phrase");
        page.click("button[type=submit]");
        page.click("nav >> text=キャンペーン");
        assertThat(page).hasURL(url("/admin/campaigns"));
        page.click("text=新しいキャンペーン");
        page.fill("#name", "冬のパン祭り");
        page.fill("#purchaseFrom", "2026-12-01");
        page.fill("#purchaseTo", "2026-11-01");
        page.fill("#entryFrom", "2026-12-01");
        page.fill("#entryTo", "2027-01-31");
        page.fill("#stores", "オーブンテラス 万代店\nまちのベーカリー");
        page.fill("#productName0", "塩バターパン");
        page.fill("#productAliases0", "ｼｵﾊﾞﾀｰﾊﾟﾝ");
        page.click("summary:has-text('フリガナ')"); // the entry form's fields fold away until opened
        page.check("input[name='field.kana.used']");
        page.click("button[type=submit]:has-text('下書きとして作成する')");
        assertThat(page.locator(".alert-error")).containsText("購入期間の開始日と終了日");
        assertThat(page.locator("#productAliases0")).hasValue("ｼｵﾊﾞﾀｰﾊﾟﾝ");
        page.fill("#purchaseTo", "2027-01-31");
        page.click("button[type=submit]:has-text('下書きとして作成する')");
        assertThat(page.locator(".alert-info")).hasText("キャンペーンを下書きとして作成しました。");
        assertThat(page.locator("[data-status]")).hasText("下書き");
        assertThat(page.locator("[data-preview-link]")).containsText("?preview=");
        page.setInputFiles(
                "#image-file",
                new com.microsoft.playwright.options.FilePayload(
                        "campaign.png", "image/png", jp.tokuten.files.Photos.encode(wideImage(), "png")));
        page.click("button:has-text('画像をアップロード')");
        assertThat(page.locator(".alert-info")).hasText("キャンペーン画像を保存しました。");
        assertThat(page.locator("img.campaign-image")).isVisible();
        assertThat(overflow(page, "/admin/campaigns/{campaign}")).isEmpty();
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("admin-campaign-390.png"))
                .setFullPage(true));
        var questions = new ArrayList<String>();
        page.onceDialog(dialog -> {
            questions.add(dialog.message());
            dialog.accept();
        });
        page.click("button:has-text('受付を開始する')");
        assertThat(page.locator("[data-status]")).hasText("受付中");
        assertThat(questions).singleElement().asString().contains("冬のパン祭り");
        page.context().close();
    }

    static java.awt.image.BufferedImage wideImage() {
        var image = new java.awt.image.BufferedImage(1200, 600, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(java.awt.Color.ORANGE);
        g.fillRect(0, 0, 1200, 600);
        g.dispose();
        return image;
    }

    /**
     * The issue's acceptance: a reviewer works through the review workbench on a 390 px phone with the
     * keyboard alone (a Bluetooth keyboard, or the same page on a desktop): opens the queue, zooms and
     * turns the photo, approves the first entry with {@code a} and rejects the next with a reason and {@code r}.
     */
    @Test
    void aReviewerApprovesAnEntryFromTheWorkbenchWithTheKeyboard() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "review");
        binder.callAs(
                shop.id(),
                () -> users.create("reviewer@review.example", "審査 花子", TenantRole.REVIEWER, "review pass phrase"));
        var review = jp.tokuten.receipts.ReviewFixtures.entriesInReview(
                binder,
                tx,
                jdbc,
                campaigns,
                storedFiles,
                shop,
                java.time.LocalDate.now(clock.withZone(java.time.ZoneId.of("Asia/Tokyo"))),
                2);
        UUID first = review.entries().get(0);
        UUID second = review.entries().get(1);

        Page page = page(390, 844, "ja-JP");
        page.navigate(url("/admin/login"));
        page.fill("#tenant", shop.slug());
        page.fill("#email", "reviewer@review.example");
        page.fill("#password", "review pass phrase");
        page.click("button[type=submit]");
        page.click("nav.topnav >> text=審査");
        assertThat(page).hasURL(url("/admin/review"));
        assertThat(page.locator("[data-queue-row]")).hasCount(2);
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("review-queue-390.png"))
                .setFullPage(true));
        page.locator("[data-queue-row][data-entry='" + first + "'] [data-open-entry]")
                .click();
        assertThat(page).hasURL(url("/admin/review/" + first));
        assertThat(page.locator("[data-read-field='store.name']")).hasText("コーヒーの森");
        var photo = page.locator("img[data-photo]");
        assertThat(photo).isVisible();
        assertThat(page.evaluate("document.querySelector('img[data-photo]').naturalWidth > 0"))
                .isEqualTo(true);
        assertThat(page.locator("[data-shortcut-help]")).isHidden();
        page.keyboard().press("?");
        assertThat(page.locator("[data-shortcut-help]")).isVisible();
        page.keyboard().press("z");
        assertThat(photo).hasClass(Pattern.compile("zoomed"));
        page.keyboard().press("o");
        assertThat(photo).hasClass(Pattern.compile("rot-90"));
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("review-entry-390.png"))
                .setFullPage(true));

        page.keyboard().press("a");
        assertThat(page).hasURL(url("/admin/review/" + second));
        assertThat(page.locator("[role=status]").first()).containsText("承認しました");
        assertThat(statusOf(shop, first)).isEqualTo("approved");

        page.keyboard().press("r"); // no reason chosen yet: r asks for the reason, nothing is rejected
        assertThat(page).hasURL(url("/admin/review/" + second));
        page.selectOption("[data-reason-select]", "unreadable_image");
        assertThat(page.locator("[data-template='unreadable_image']")).isVisible();
        page.keyboard().press("Escape");
        page.keyboard().press("r");
        assertThat(page).hasURL(url("/admin/review"));
        assertThat(page.locator("[role=status]").first()).containsText("対象外にしました");
        assertThat(page.locator("[data-queue-row]")).hasCount(0);
        assertThat(statusOf(shop, second)).isEqualTo("rejected");
        assertThat(overflow(page, "/admin/review")).isEmpty();
        page.context().close();
    }

    String statusOf(TenantView shop, UUID entry) {
        return binder.callAs(
                shop.id(),
                () -> tx.execute(s ->
                        jdbc.queryForObject("select status from receipts.entries where id = ?", String.class, entry)));
    }

    void checkPages(Page page, List<String> paths, List<String> overflowing) {
        for (String path : paths) {
            var response = page.navigate(url(path));
            assertThat(response.status()).as(path).isLessThan(400);
            overflowing.addAll(overflow(page, path));
        }
    }

    List<String> overflow(Page page, String path) {
        var widths = (Map<?, ?>)
                page.evaluate("() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})");
        int scroll = ((Number) widths.get("scroll")).intValue();
        int inner = ((Number) widths.get("inner")).intValue();
        if (scroll <= inner) {
            return List.of();
        }
        String lang = String.valueOf(page.evaluate("document.documentElement.lang"));
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("overflow" + path.replaceAll("[^a-z0-9]+", "-") + "-" + lang + ".png"))
                .setFullPage(true));
        return List.of(path + " (" + lang + "): " + scroll + " px wide");
    }

    /**
     * The pages under {@code prefix} that a GET shows: every GET mapping of the application there, except
     * sign-in steps, exports and redirects, with its path variables filled from {@code values}.
     */
    List<String> consolePages(String prefix, Map<String, String> values) {
        var pages = new TreeSet<String>();
        var variable = Pattern.compile("\\{([A-Za-z]+)(?::[^}]*)?}");
        for (var entry : mappings.getHandlerMethods().entrySet()) {
            var info = entry.getKey();
            var methods = info.getMethodsCondition().getMethods();
            if (!methods.isEmpty() && !methods.contains(RequestMethod.GET)) {
                continue;
            }
            if (entry.getValue().getMethod().getReturnType() == void.class) {
                continue; // writes a download, not a page
            }
            for (String pattern : info.getPatternValues()) {
                if (!(pattern.equals(prefix) || pattern.startsWith(prefix + "/"))
                        || pattern.contains("/login")
                        || pattern.contains("/logout")
                        || pattern.contains(".")) {
                    continue;
                }
                Matcher m = variable.matcher(pattern);
                var path = new StringBuilder();
                while (m.find()) {
                    String value = values.get(m.group(1));
                    if (value == null) {
                        throw new AssertionError("no value for {" + m.group(1) + "} of " + pattern
                                + ": add one to the values of everyConsolePageFitsAPhoneWithoutScrollingSideways");
                    }
                    m.appendReplacement(path, Matcher.quoteReplacement(value));
                }
                m.appendTail(path);
                pages.add(path.toString());
            }
        }
        return List.copyOf(pages);
    }
}
