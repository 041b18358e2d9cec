package jp.tokuten.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/** {@code /admin/stores}: the list, the form, CSV upload and download, who may change what. */
@TokutenTest
class AdminStoreTests {

    static final String PASSWORD = "stores page pass phrase";

    @Autowired
    MockMvc mvc;

    @Value("${tokuten.mail.base-url}")
    String baseUrl;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    @Autowired
    Stores stores;

    TenantView shop;
    Cookie editor;

    @BeforeEach
    void anEditorSignedIn() throws Exception {
        shop = TenantFixtures.aTenant(tenants, "admin-stores");
        editor = signedIn(shop, TenantRole.EDITOR);
    }

    Cookie signedIn(TenantView tenant, TenantRole role) throws Exception {
        String email = role.name().toLowerCase() + "-" + System.nanoTime() + "@stores.example";
        binder.callAs(tenant.id(), () -> users.create(email, "店舗 担当", role, PASSWORD));
        return ConsoleSignIns.forTenantUsers(mvc).adminSignIn(tenant.slug(), email, PASSWORD);
    }

    @Test
    void anEditorAddsChangesAndDeletesAStore() throws Exception {
        mvc.perform(get("/admin/stores/new").cookie(editor)).andExpect(status().isOk());
        mvc.perform(post("/admin/stores")
                        .with(csrf())
                        .cookie(editor)
                        .param("chain", "すこやかドラッグ")
                        .param("branch", "錦店")
                        .param("name", "")
                        .param("prefecture", "愛知県")
                        .param("phone", "052-000-0000")
                        .param("registrationNumber", "T4795509975675"))
                .andExpect(redirectedUrl("/admin/stores"))
                .andExpect(flash().attribute("saved", "すこやかドラッグ 錦店"));
        var store = binder.callAs(
                shop.id(),
                () -> stores.findByRegistrationNumber("T4795509975675").getFirst());
        mvc.perform(get("/admin/stores").cookie(editor))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("すこやかドラッグ 錦店")))
                .andExpect(content().string(containsString("/admin/stores/" + store.id())));
        mvc.perform(get("/admin/stores/" + store.id()).cookie(editor))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"052-000-0000\"")));
        mvc.perform(post("/admin/stores/" + store.id())
                        .with(csrf())
                        .cookie(editor)
                        .param("name", "すこやかドラッグ 錦通店")
                        .param("chain", "すこやかドラッグ")
                        .param("branch", "錦通店")
                        .param("registrationNumber", "T123"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("data-form-error")))
                .andExpect(content().string(containsString("登録番号は「T」に続く13桁の数字で入力してください。")));
        assertThat(binder.callAs(shop.id(), () -> stores.require(store.id()).branch()))
                .isEqualTo("錦店");
        mvc.perform(post("/admin/stores/" + store.id() + "/delete").with(csrf()).cookie(editor))
                .andExpect(redirectedUrl("/admin/stores"));
        assertThat(binder.callAs(shop.id(), () -> stores.find(store.id()))).isEmpty();
    }

    @Test
    void aDuplicateIsSaidOnTheForm() throws Exception {
        binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("季節食堂", "静岡葵店")));
        mvc.perform(post("/admin/stores")
                        .with(csrf())
                        .cookie(editor)
                        .param("chain", "季節食堂")
                        .param("branch", "静岡葵店"))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("すでに登録されています")));
    }

    @Test
    void csvIsUploadedAllOrNothingAndDownloaded() throws Exception {
        var good = new MockMultipartFile(
                "file",
                "stores.csv",
                "text/csv",
                "チェーン名,支店名,都道府県\r\nエキマエストア,住吉駅前店,福岡県\r\nエキマエストア,高砂駅前店,埼玉県\r\n".getBytes(StoreFixtures.CP932));
        mvc.perform(multipart("/admin/stores/import").file(good).with(csrf()).cookie(editor))
                .andExpect(redirectedUrl("/admin/stores"));
        mvc.perform(get("/admin/stores").cookie(editor).flashAttr("imported", new CsvImport(2, 2, 0)))
                .andExpect(content().string(containsString("エキマエストア 高砂駅前店")));

        var bad = new MockMultipartFile(
                "file", "stores.csv", "text/csv", "店舗名,都道府県\nよい店,東京都\nわるい店,東京県\n".getBytes(StandardCharsets.UTF_8));
        mvc.perform(multipart("/admin/stores/import").file(bad).with(csrf()).cookie(editor))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("data-csv-errors")))
                .andExpect(content().string(containsString("都道府県名が正しくありません。")));
        mvc.perform(multipart("/admin/stores/import")
                        .file(new MockMultipartFile("file", "empty.csv", "text/csv", new byte[0]))
                        .with(csrf())
                        .cookie(editor))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("ファイルが選ばれていないか、空です。")));
        assertThat(binder.callAs(shop.id(), () -> stores.names())).hasSize(2).doesNotContain("よい店");

        var csv = mvc.perform(get("/admin/stores/export.csv").cookie(editor))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(new String(csv.getContentAsByteArray(), StandardCharsets.UTF_8))
                .startsWith("\uFEFF")
                .contains("エキマエストア,住吉駅前店,福岡県");
    }

    @Test
    void viewersReadTheListButChangeNothing() throws Exception {
        binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("テーブルテラス", "荻窪店")));
        Cookie viewer = signedIn(shop, TenantRole.VIEWER);
        mvc.perform(get("/admin/stores").cookie(viewer))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("テーブルテラス 荻窪店")))
                .andExpect(content().string(not(containsString("/admin/stores/new"))))
                .andExpect(content().string(not(containsString("/admin/stores/import"))));
        mvc.perform(post("/admin/stores").with(csrf()).cookie(viewer).param("name", "店"))
                .andExpect(status().isForbidden());
        Cookie staff = signedIn(shop, TenantRole.STORE_STAFF);
        mvc.perform(get("/admin/stores").cookie(staff)).andExpect(status().isForbidden());
        assertThat(binder.callAs(shop.id(), () -> stores.names())).containsExactly("テーブルテラス 荻窪店");
    }

    @Test
    void anotherTenantsStoreIsNotFound() throws Exception {
        var theirs = binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("よその店", "本店")));
        var other = TenantFixtures.aTenant(tenants, "admin-stores-other");
        Cookie otherAdmin = signedIn(other, TenantRole.ADMIN);
        mvc.perform(get("/admin/stores/" + theirs.id()).cookie(otherAdmin)).andExpect(status().isNotFound());
        mvc.perform(post("/admin/stores/" + theirs.id())
                        .with(csrf())
                        .cookie(otherAdmin)
                        .param("name", "乗っ取り"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/admin/stores/" + theirs.id() + "/delete")
                        .with(csrf())
                        .cookie(otherAdmin))
                .andExpect(status().isNotFound());
        mvc.perform(get("/admin/stores/not-a-store").cookie(otherAdmin)).andExpect(status().isNotFound());
        mvc.perform(get("/admin/stores").cookie(otherAdmin)).andExpect(content().string(not(containsString("よその店"))));
        assertThat(binder.callAs(shop.id(), () -> stores.require(theirs.id()).name()))
                .isEqualTo("よその店 本店");
    }

    @Test
    void anEditorSeesAndChangesThePinAndIssuesANewQrCode() throws Exception {
        var store = binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("トクテンマート", "渋谷店")));
        var before = binder.callAs(shop.id(), () -> stores.secrets(store.id()));
        String page = "/admin/stores/" + store.id();
        mvc.perform(get(page).cookie(editor))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-pin>" + before.pin() + "<")))
                .andExpect(content().string(containsString("/c/" + shop.slug() + "/s/" + before.qrToken())))
                .andExpect(content().string(containsString(page + "/qr.png")))
                .andExpect(content().string(containsString(page + "/poster")))
                .andExpect(content().string(containsString("data-confirm=\"QRコードを再発行すると")));

        mvc.perform(post(page + "/pin").with(csrf()).cookie(editor).param("pin", "１３５７"))
                .andExpect(redirectedUrl(page))
                .andExpect(flash().attribute("pinChanged", true));
        assertThat(binder.callAs(shop.id(), () -> stores.pinMatches(store.id(), "1357")))
                .isTrue();
        mvc.perform(post(page + "/pin").with(csrf()).cookie(editor).param("pin", "12a4"))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("data-pin-error")))
                .andExpect(content().string(containsString("PINは4桁の数字で入力してください。")));
        mvc.perform(post(page + "/pin").with(csrf()).cookie(editor).param("pin", "12345"))
                .andExpect(status().isBadRequest());
        mvc.perform(post(page + "/pin").with(csrf()).cookie(editor)).andExpect(status().isBadRequest());
        assertThat(binder.callAs(shop.id(), () -> stores.pinMatches(store.id(), "1357")))
                .isTrue();
        mvc.perform(post(page + "/pin").with(csrf()).cookie(editor).param("generate", "true"))
                .andExpect(redirectedUrl(page));
        assertThat(binder.callAs(shop.id(), () -> stores.secrets(store.id()).pin()))
                .matches("[0-9]{4}");

        mvc.perform(post(page + "/qr").with(csrf()).cookie(editor))
                .andExpect(redirectedUrl(page))
                .andExpect(flash().attribute("qrRotated", true));
        String fresh = binder.callAs(shop.id(), () -> stores.secrets(store.id()).qrToken());
        assertThat(fresh).isNotEqualTo(before.qrToken());
        byte[] png = mvc.perform(get(page + "/qr.png").cookie(editor))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(StoreFixtures.decodeQr(png)).isEqualTo(baseUrl + "/c/" + shop.slug() + "/s/" + fresh);
    }

    @Test
    void thePosterHasTheStoreNameTheQrCodeAndWhatToDo() throws Exception {
        var store = binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("トクテンマート", "渋谷店")));
        String pin = binder.callAs(shop.id(), () -> stores.secrets(store.id()).pin());
        String page = "/admin/stores/" + store.id();
        mvc.perform(get(page + "/poster").cookie(editor))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("トクテンマート 渋谷店")))
                .andExpect(content().string(containsString(page + "/qr.png")))
                .andExpect(content().string(containsString("スマートフォンのカメラでこのQRコードを読み取ってください")))
                .andExpect(content().string(containsString("paper-A4")))
                .andExpect(content().string(not(containsString(">" + pin + "<"))));
        mvc.perform(get(page + "/poster")
                        .param("paper", "a5")
                        .param("lang", "en")
                        .cookie(editor))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("paper-A5")))
                .andExpect(content().string(containsString("scan this QR code with your phone")));
        mvc.perform(get(page + "/poster").param("paper", "<script>").cookie(editor))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("paper-A4")));
    }

    @Test
    void viewersNeitherSeeNorChangeThePinOrQrCode() throws Exception {
        var store = binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("トクテンマート", "渋谷店")));
        var before = binder.callAs(shop.id(), () -> stores.secrets(store.id()));
        String page = "/admin/stores/" + store.id();
        Cookie viewer = signedIn(shop, TenantRole.VIEWER);
        mvc.perform(get(page).cookie(viewer)).andExpect(status().isForbidden());
        mvc.perform(get(page + "/qr.png").cookie(viewer)).andExpect(status().isForbidden());
        mvc.perform(get(page + "/poster").cookie(viewer)).andExpect(status().isForbidden());
        mvc.perform(post(page + "/pin").with(csrf()).cookie(viewer).param("pin", "1111"))
                .andExpect(status().isForbidden());
        mvc.perform(post(page + "/qr").with(csrf()).cookie(viewer)).andExpect(status().isForbidden());
        Cookie staff = signedIn(shop, TenantRole.STORE_STAFF);
        mvc.perform(get(page + "/poster").cookie(staff)).andExpect(status().isOk());
        mvc.perform(post(page + "/qr").with(csrf()).cookie(staff)).andExpect(status().isForbidden());
        assertThat(binder.callAs(shop.id(), () -> stores.secrets(store.id()))).isEqualTo(before);
    }

    @Test
    void anotherTenantsStoreHasNoPinOrQrCodeHere() throws Exception {
        var theirs = binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("よその店", "本店")));
        var before = binder.callAs(shop.id(), () -> stores.secrets(theirs.id()));
        var other = TenantFixtures.aTenant(tenants, "admin-stores-pin-other");
        Cookie otherAdmin = signedIn(other, TenantRole.ADMIN);
        String page = "/admin/stores/" + theirs.id();
        mvc.perform(get(page + "/qr.png").cookie(otherAdmin)).andExpect(status().isNotFound());
        mvc.perform(get(page + "/poster").cookie(otherAdmin)).andExpect(status().isNotFound());
        mvc.perform(post(page + "/pin").with(csrf()).cookie(otherAdmin).param("pin", "1111"))
                .andExpect(status().isNotFound());
        mvc.perform(post(page + "/pin").with(csrf()).cookie(otherAdmin).param("generate", "true"))
                .andExpect(status().isNotFound());
        mvc.perform(post(page + "/qr").with(csrf()).cookie(otherAdmin)).andExpect(status().isNotFound());
        mvc.perform(get("/admin/stores/not-a-store/qr.png").cookie(otherAdmin)).andExpect(status().isNotFound());
        assertThat(binder.callAs(shop.id(), () -> stores.secrets(theirs.id()))).isEqualTo(before);
    }
}
