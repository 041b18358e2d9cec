package jp.tokuten.campaigns.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignStatus;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.files.Photos;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The campaign pages of the admin console: the form posted as a browser does, its errors, the life-cycle
 * buttons, the preview link, the image upload (good and bad), and the public landing image.
 */
@TokutenTest
class AdminCampaignConsoleTests {

    static final String PASSWORD = "campaign console pass phrase";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    @Autowired
    Campaigns campaigns;

    @Autowired
    StoredFiles files;

    TenantView shop;
    Cookie editor;

    @BeforeEach
    void signedInEditor() throws Exception {
        shop = TenantFixtures.aTenant(tenants, "campadmin");
        editor = signedIn(shop, TenantRole.EDITOR);
    }

    Cookie signedIn(TenantView t, TenantRole role) throws Exception {
        String email = role.name().toLowerCase() + "-" + System.nanoTime() + "@campaigns.example";
        binder.callAs(t.id(), () -> users.create(email, "担当 " + role, role, PASSWORD));
        return ConsoleSignIns.forTenantUsers(mvc).adminSignIn(t.slug(), email, PASSWORD);
    }

    MockHttpServletRequestBuilder aForm(MockHttpServletRequestBuilder post) {
        return aForm(post, java.util.Map.of());
    }

    /** The form as a browser sends it, with some inputs changed. */
    MockHttpServletRequestBuilder aForm(MockHttpServletRequestBuilder post, java.util.Map<String, String> changed) {
        var inputs = new java.util.LinkedHashMap<String, String[]>();
        inputs.put("name", new String[] {"冬のパン祭り"});
        inputs.put("purchaseFrom", new String[] {"2026-12-01"});
        inputs.put("purchaseTo", new String[] {"2027-01-31"});
        inputs.put("entryFrom", new String[] {"2026-12-01"});
        inputs.put("entryTo", new String[] {"2027-02-07"});
        inputs.put("uploadGraceDays", new String[] {"7"});
        inputs.put("minimumTotal", new String[] {"1000"});
        inputs.put("receiptsPerEntry", new String[] {"3"});
        inputs.put("perDay", new String[] {"1"});
        inputs.put("total", new String[] {"5"});
        inputs.put("stores", new String[] {"オーブンテラス 万代店\r\nまちのベーカリー\r\n"});
        inputs.put("chains", new String[] {""});
        inputs.put("prefectures", new String[] {"新潟県"});
        inputs.put("fraudAction", new String[] {"block"});
        inputs.put("productName", new String[] {"塩バターパン", "", ""});
        inputs.put("productAliases", new String[] {"ｼｵﾊﾞﾀｰﾊﾟﾝ、塩バター", "", ""});
        inputs.put("productJanCodes", new String[] {"", "", ""});
        inputs.put("productMinimumQuantity", new String[] {"2", "1", "1"});
        inputs.put("productMinimumAmount", new String[] {"", "", ""});
        inputs.put("field.kana.used", new String[] {"true"});
        inputs.put("field.kana.required", new String[] {"true"});
        inputs.put("field.kana.type", new String[] {"katakana"});
        inputs.put("field.kana.maxLength", new String[] {"40"});
        inputs.put("field.q1.used", new String[] {"true"});
        inputs.put("field.q1.type", new String[] {"choice"});
        inputs.put("field.q1.maxLength", new String[] {"20"});
        inputs.put("field.q1.label", new String[] {"購入のきっかけ"});
        inputs.put("field.q1.options", new String[] {"テレビ, 店頭"});
        inputs.put("landingText", new String[] {"対象のパンを買って応募"});
        inputs.put("terms", new String[] {"応募規約"});
        changed.forEach((k, v) -> inputs.put(k, new String[] {v}));
        var request = post.with(csrf());
        inputs.forEach(request::param);
        return request;
    }

    CampaignView only() {
        var all = binder.callAs(shop.id(), () -> campaigns.list(null));
        assertThat(all).hasSize(1);
        return all.getFirst();
    }

    long count() {
        return binder.callAs(shop.id(), () -> (long) campaigns.list(null).size());
    }

    @Test
    void anEditorCreatesACampaignFromTheFormAndIsRedirectedToIt() throws Exception {
        var page = mvc.perform(get("/admin/campaigns/new").cookie(editor))
                .andReturn()
                .getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("新しいキャンペーン", "全角カナ", "男性, 女性");

        var done = mvc.perform(aForm(post("/admin/campaigns")).cookie(editor))
                .andReturn()
                .getResponse();
        var c = only();
        assertThat(done.getRedirectedUrl()).isEqualTo("/admin/campaigns/" + c.id());
        assertThat(c.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(c.stores()).containsExactly("オーブンテラス 万代店", "まちのベーカリー");
        assertThat(c.prefectures()).containsExactly("新潟県");
        assertThat(c.targetProducts()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("塩バターパン");
            assertThat(p.aliases()).containsExactly("ｼｵﾊﾞﾀｰﾊﾟﾝ", "塩バター");
            assertThat(p.minimumQuantity()).isEqualTo(2);
        });
        assertThat(c.formFields())
                .containsExactly(
                        new FormField("kana", "", true, FormField.CharType.KATAKANA, 40, java.util.List.of()),
                        new FormField(
                                "q1", "購入のきっかけ", false, FormField.CharType.CHOICE, 20, java.util.List.of("テレビ", "店頭")));
        assertThat(c.minimumTotal()).isEqualTo(1000L);
        assertThat(c.perEntrantLimit()).isEqualTo(new CampaignView.EntrantLimit(1, 5));
        assertThat(c.uploadGraceDays()).isEqualTo(7);
        assertThat(c.fraudAction()).isEqualTo("block");

        String shown = mvc.perform(get(done.getRedirectedUrl()).cookie(editor))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(shown)
                .contains("キャンペーンを下書きとして作成しました。")
                .contains("/c/" + shop.slug() + "/campaigns/" + c.id() + "?preview=" + c.previewToken())
                .contains("ｼｵﾊﾞﾀｰﾊﾟﾝ, 塩バター");
        String list = mvc.perform(
                        get("/admin/campaigns").param("status", "draft").cookie(editor))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).contains("冬のパン祭り", "下書き");
    }

    @Test
    void aFormWithMistakesIsShownAgainWithItsMessageAndNothingIsStored() throws Exception {
        record Mistake(String param, String value, String message) {}
        var mistakes = java.util.List.of(
                new Mistake("name", "  ", "キャンペーン名を1〜200文字で入力してください。"),
                new Mistake("purchaseTo", "2026-11-01", "購入期間の開始日と終了日を正しく入力してください"),
                new Mistake("entryFrom", "2026/12/01", "応募期間の開始日と終了日を正しく入力してください"),
                new Mistake("receiptsPerEntry", "0", "合算できるレシート枚数は1〜10"),
                new Mistake("receiptsPerEntry", "11", "合算できるレシート枚数は1〜10"),
                new Mistake("perDay", "-1", "応募回数の制限は1以上"),
                new Mistake("minimumTotal", "千円", "最低購入金額は0以上"),
                new Mistake("uploadGraceDays", "61", "応募猶予日数は0〜60"),
                new Mistake("field.q1.label", "", "応募フォームの項目に誤りがあります"));
        for (var m : mistakes) {
            var response = mvc.perform(aForm(post("/admin/campaigns"), java.util.Map.of(m.param(), m.value()))
                            .cookie(editor))
                    .andReturn()
                    .getResponse();
            assertThat(response.getStatus()).as(m.param()).isEqualTo(400);
            assertThat(response.getContentAsString()).as(m.param()).contains(m.message());
            // what was typed is still there
            assertThat(response.getContentAsString()).as(m.param()).contains("ｼｵﾊﾞﾀｰﾊﾟﾝ、塩バター");
        }
        assertThat(count()).isZero();
    }

    @Test
    void theLifeCycleButtonsMoveTheCampaignAndRefuseWrongSteps() throws Exception {
        mvc.perform(aForm(post("/admin/campaigns")).cookie(editor));
        UUID id = only().id();
        String base = "/admin/campaigns/" + id;
        assertThat(send(post(base + "/open")).getRedirectedUrl()).isEqualTo(base);
        assertThat(only().status()).isEqualTo(CampaignStatus.OPEN);
        var refused = send(post(base + "/archive"));
        assertThat(refused.getStatus()).isEqualTo(409);
        assertThat(refused.getContentAsString()).contains("現在の状態のキャンペーンには、この操作を行えません。");
        assertThat(send(post(base + "/close")).getRedirectedUrl()).isEqualTo(base);
        assertThat(send(post(base + "/archive")).getRedirectedUrl()).isEqualTo(base);
        assertThat(only().status()).isEqualTo(CampaignStatus.ARCHIVED);
        String page =
                mvc.perform(get(base).cookie(editor)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("アーカイブ済みのキャンペーンは変更できません。").contains("disabled");
        var change = mvc.perform(aForm(post(base)).cookie(editor)).andReturn().getResponse();
        assertThat(change.getStatus()).isEqualTo(409);
    }

    @Test
    void changesAreSavedAndThePreviewLinkCanBeReplaced() throws Exception {
        mvc.perform(aForm(post("/admin/campaigns")).cookie(editor));
        var before = only();
        var saved = mvc.perform(aForm(post("/admin/campaigns/" + before.id()), java.util.Map.of("name", "冬のパン祭り 改"))
                        .cookie(editor))
                .andReturn()
                .getResponse();
        assertThat(saved.getRedirectedUrl()).isEqualTo("/admin/campaigns/" + before.id());
        assertThat(only().name()).isEqualTo("冬のパン祭り 改");
        send(post("/admin/campaigns/" + before.id() + "/preview-link"));
        assertThat(only().previewToken()).isNotEqualTo(before.previewToken());
    }

    @Test
    void anotherTenantsCampaignIsNotFoundInTheConsole() throws Exception {
        mvc.perform(aForm(post("/admin/campaigns")).cookie(editor));
        UUID id = only().id();
        var other = TenantFixtures.aTenant(tenants, "campelse");
        Cookie theirs = signedIn(other, TenantRole.ADMIN);
        assertThat(mvc.perform(get("/admin/campaigns/" + id).cookie(theirs))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        for (String step : new String[] {"", "/open", "/close", "/archive", "/preview-link", "/image/delete"}) {
            var r = mvc.perform(aForm(post("/admin/campaigns/" + id + step)).cookie(theirs))
                    .andReturn()
                    .getResponse();
            assertThat(r.getStatus()).as(step).isEqualTo(404);
        }
        var upload = mvc.perform(multipart("/admin/campaigns/" + id + "/image")
                        .file(new MockMultipartFile("image", "a.jpg", "image/jpeg", Photos.jpeg(800, 400)))
                        .with(csrf())
                        .cookie(theirs))
                .andReturn()
                .getResponse();
        assertThat(upload.getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/admin/campaigns").cookie(theirs))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .doesNotContain("冬のパン祭り");
        assertThat(only().status()).isEqualTo(CampaignStatus.DRAFT);
    }

    @Test
    void viewersSeeTheFormReadOnlyAndStoreStaffSeeNothing() throws Exception {
        mvc.perform(aForm(post("/admin/campaigns")).cookie(editor));
        UUID id = only().id();
        Cookie viewer = signedIn(shop, TenantRole.VIEWER);
        var page = mvc.perform(get("/admin/campaigns/" + id).cookie(viewer))
                .andReturn()
                .getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString()).contains("冬のパン祭り").contains("disabled");
        assertThat(mvc.perform(post("/admin/campaigns/" + id + "/open")
                                .with(csrf())
                                .cookie(viewer))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        Cookie staff = signedIn(shop, TenantRole.STORE_STAFF);
        assertThat(mvc.perform(get("/admin/campaigns").cookie(staff))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(only().status()).isEqualTo(CampaignStatus.DRAFT);
    }

    @Test
    void aGoodImageIsStoredCleanAndServedOnTheLandingPageWithCachingHeaders() throws Exception {
        mvc.perform(aForm(post("/admin/campaigns")).cookie(editor));
        UUID id = only().id();
        long filesBefore = binder.callAs(shop.id(), () -> files.count());
        var done = upload(id, "image/png", Photos.encode(image(800, 400), "png"));
        assertThat(done.getRedirectedUrl()).isEqualTo("/admin/campaigns/" + id);
        var c = only();
        assertThat(c.landingImage()).isNotNull();
        assertThat(binder.callAs(shop.id(), () -> files.count())).isEqualTo(filesBefore + 1);

        String path = "/c/" + shop.slug() + "/campaigns/" + id + "/image";
        // a draft's image is seen only through the preview link, and then not cached
        assertThat(mvc.perform(get(path)).andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get(path).param("preview", "wrong-token-wrong-token"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        var preview = mvc.perform(get(path).param("preview", c.previewToken()))
                .andReturn()
                .getResponse();
        assertThat(preview.getStatus()).isEqualTo(200);
        assertThat(preview.getContentType()).isEqualTo("image/jpeg");
        assertThat(preview.getHeader("Cache-Control")).contains("no-store");

        send(post("/admin/campaigns/" + id + "/open"));
        var shown = mvc.perform(get(path)).andReturn().getResponse();
        assertThat(shown.getStatus()).isEqualTo(200);
        assertThat(shown.getContentType()).isEqualTo("image/jpeg");
        assertThat(shown.getHeader("Cache-Control")).contains("public").contains("max-age=3600");
        assertThat(shown.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        String etag = shown.getHeader("ETag");
        assertThat(etag).contains(c.landingImage().toString());
        assertThat(shown.getContentAsByteArray()).startsWith((byte) 0xFF, (byte) 0xD8);
        assertThat(mvc.perform(get(path).header("If-None-Match", etag))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(304);

        // another tenant's slug does not reach this campaign
        var other = TenantFixtures.aTenant(tenants, "campimg");
        assertThat(mvc.perform(get("/c/" + other.slug() + "/campaigns/" + id + "/image"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);

        send(post("/admin/campaigns/" + id + "/image/delete"));
        assertThat(only().landingImage()).isNull();
        assertThat(mvc.perform(get(path)).andReturn().getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void badImagesAreRefusedWithAMessageAndNothingIsStored() throws Exception {
        mvc.perform(aForm(post("/admin/campaigns")).cookie(editor));
        UUID id = only().id();
        long filesBefore = binder.callAs(shop.id(), () -> files.count());
        record Bad(String what, String type, byte[] bytes, String message) {}
        byte[] tooBig = new byte[6 * 1024 * 1024];
        byte[] start = Photos.jpeg(800, 400);
        System.arraycopy(start, 0, tooBig, 0, start.length);
        var bads = java.util.List.of(
                new Bad(
                        "text",
                        "image/jpeg",
                        "これは画像ではありません".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "写真ではありません"),
                new Bad("too big", "image/jpeg", tooBig, "5 MB以下"),
                new Bad("too small", "image/jpeg", Photos.jpeg(100, 100), "幅320×高さ160ピクセル以上"),
                new Bad("too large a side", "image/png", Photos.encode(image(5000, 400), "png"), "一辺4096ピクセル以下"),
                new Bad("webp is a photo but not a campaign image", "image/webp", webp(), "JPEGまたはPNG"),
                new Bad("empty", "image/jpeg", new byte[0], "ファイルが空です"));
        for (var bad : bads) {
            var response = upload(id, bad.type(), bad.bytes());
            assertThat(response.getStatus()).as(bad.what()).isBetween(400, 499);
            assertThat(response.getContentAsString()).as(bad.what()).contains(bad.message());
        }
        assertThat(only().landingImage()).isNull();
        assertThat(binder.callAs(shop.id(), () -> files.count())).isEqualTo(filesBefore);
    }

    MockHttpServletResponse upload(UUID id, String type, byte[] bytes) throws Exception {
        return mvc.perform(multipart("/admin/campaigns/" + id + "/image")
                        .file(new MockMultipartFile("image", "campaign.img", type, bytes))
                        .with(csrf())
                        .cookie(editor))
                .andReturn()
                .getResponse();
    }

    MockHttpServletResponse send(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(csrf()).cookie(editor)).andReturn().getResponse();
    }

    static java.awt.image.BufferedImage image(int width, int height) {
        var image = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        var g = image.createGraphics();
        g.setColor(new java.awt.Color(200, 120, 40, 128));
        g.fillRect(0, 0, width / 2, height / 2);
        g.dispose();
        return image;
    }

    /** A 1×1 lossless WebP: a photo format the intake takes, but not one for a campaign image. */
    static byte[] webp() {
        return java.util.Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    }
}
