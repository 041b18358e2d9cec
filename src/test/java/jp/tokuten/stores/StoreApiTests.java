package jp.tokuten.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.TenantRole;
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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code /api/v1/stores}: CRUD, CSV in and out, bad input and other tenants' ids. */
@TokutenTest
class StoreApiTests {

    static final String PATH = "/api/v1/stores";

    @Autowired
    MockMvc mvc;

    @Value("${tokuten.mail.base-url}")
    String baseUrl;

    @Autowired
    Tenants tenants;

    @Autowired
    Stores stores;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    TenantView shop;
    String editor;

    @BeforeEach
    void aTenantWithAnEditorKey() {
        shop = TenantFixtures.aTenant(tenants, "api-stores");
        editor = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);
    }

    MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, String body) {
        return request.header("Authorization", editor)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    @Test
    void createsReadsListsReplacesAndDeletesAStore() throws Exception {
        String body = mvc.perform(json(post(PATH), """
                        {"chain": "つばさコンビニエンス", "branch": "泉崎店", "prefecture": "沖縄県",
                         "phone": "098-000-1111", "registrationNumber": "T5222688006848"}"""))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith(PATH + "/")))
                .andExpect(jsonPath("$.name").value("つばさコンビニエンス 泉崎店"))
                .andExpect(jsonPath("$.registrationNumber").value("T5222688006848"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = JsonPath.read(body, "$.id");

        mvc.perform(get(PATH + "/" + id).header("Authorization", editor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.prefecture").value("沖縄県"));
        mvc.perform(get(PATH).param("q", "ﾂﾊﾞｻ").header("Authorization", editor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].id").value(id));
        mvc.perform(json(put(PATH + "/" + id), "{\"name\": \"つばさ 泉崎\", \"prefecture\": \"Okinawa\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("つばさ 泉崎"))
                .andExpect(jsonPath("$.chain").value(""))
                .andExpect(jsonPath("$.phone").doesNotExist());
        mvc.perform(delete(PATH + "/" + id).header("Authorization", editor)).andExpect(status().isNoContent());
        mvc.perform(get(PATH + "/" + id).header("Authorization", editor))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndStoresNothing() throws Exception {
        mvc.perform(json(post(PATH), "{\"name\": \"店\", \"registrationNumber\": \"T12\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_store"))
                .andExpect(jsonPath("$.field").value("registrationNumber"));
        mvc.perform(json(post(PATH), "{\"name\": \"店\", \"prefecture\": \"東京県\"}"))
                .andExpect(jsonPath("$.field").value("prefecture"));
        mvc.perform(json(post(PATH), "{}")).andExpect(jsonPath("$.field").value("name"));
        mvc.perform(json(post(PATH), "{\"name\": ")).andExpect(status().isBadRequest());
        mvc.perform(json(post(PATH), "{\"name\": \"店\"}")).andExpect(status().isCreated());
        mvc.perform(json(post(PATH), "{\"name\": \"店\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("duplicate_store"));
        mvc.perform(json(put(PATH + "/not-an-id"), "{\"name\": \"x\"}")).andExpect(status().isNotFound());
        assertThat(binder.callAs(shop.id(), () -> stores.names())).containsExactly("店");
    }

    @Test
    void anotherTenantsStoreIsNotFound() throws Exception {
        var theirs = binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("よその店", "本店")));
        var other = TenantFixtures.aTenant(tenants, "api-stores-other");
        String otherKey = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.ADMIN);
        String path = PATH + "/" + theirs.id();
        mvc.perform(get(path).header("Authorization", otherKey))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(put(path)
                        .header("Authorization", otherKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"乗っ取り\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(delete(path).header("Authorization", otherKey)).andExpect(status().isNotFound());
        mvc.perform(get(PATH).header("Authorization", otherKey))
                .andExpect(jsonPath("$.total").value(0));
        assertThat(binder.callAs(shop.id(), () -> stores.require(theirs.id()).name()))
                .isEqualTo("よその店 本店");
    }

    @Test
    void importsCsvAsBodyOrFileAndExportsIt() throws Exception {
        String csv = "店舗名,都道府県,電話番号\r\nまちかどミニマート 浦和店,埼玉県,048-000-0000\r\n";
        mvc.perform(post(PATH + "/import")
                        .header("Authorization", editor)
                        .contentType("text/csv")
                        .content(csv.getBytes(StoreFixtures.CP932)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.created").value(1))
                .andExpect(jsonPath("$.updated").value(0));
        var file = new MockMultipartFile(
                "file",
                "stores.csv",
                "text/csv",
                StoreFixtures.utf8WithBom(csv.replace("048-000-0000", "048-000-9999")));
        mvc.perform(multipart(PATH + "/import").file(file).header("Authorization", editor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.updated").value(1));

        var export = mvc.perform(get(PATH + "/export").header("Authorization", editor))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn()
                .getResponse();
        String text = new String(export.getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF").contains("まちかどミニマート 浦和店").contains("048-000-9999");
        assertThat(export.getHeader("Content-Disposition")).contains("stores.csv");
    }

    @Test
    void aBadCsvIsRefusedWholeWithEachLineSaid() throws Exception {
        String csv = "name,registration_number\nよい店,T1234567890123\nわるい店,T1\n+危ない店,\n";
        mvc.perform(post(PATH + "/import")
                        .header("Authorization", editor)
                        .contentType("text/csv")
                        .content(csv.getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_csv"))
                .andExpect(jsonPath("$.errors[0].line").value(3))
                .andExpect(jsonPath("$.errors[0].column").value("registration_number"))
                .andExpect(jsonPath("$.errors[0].code").value("invalid_registration_number"))
                .andExpect(jsonPath("$.errors[1].line").value(4))
                .andExpect(jsonPath("$.errors[1].code").value("formula"));
        var binary =
                new MockMultipartFile("file", "photo.csv", "text/csv", new byte[] {(byte) 0xff, (byte) 0xd8, 0, 1});
        mvc.perform(multipart(PATH + "/import").file(binary).header("Authorization", editor))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].code").value("not_text"));
        byte[] large = new byte[Stores.MAX_CSV_BYTES + 10];
        java.util.Arrays.fill(large, (byte) 'a');
        mvc.perform(multipart(PATH + "/import")
                        .file(new MockMultipartFile("file", "big.csv", "text/csv", large))
                        .header("Authorization", editor))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.code").value("too_large"));
        mvc.perform(post(PATH + "/import")
                        .header("Authorization", editor)
                        .contentType("text/csv")
                        .content(large))
                .andExpect(status().isPayloadTooLarge());
        assertThat(binder.callAs(shop.id(), () -> stores.names())).isEmpty();
    }

    @Test
    void viewersReadButDoNotChange() throws Exception {
        String viewer = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
        mvc.perform(get(PATH).header("Authorization", viewer)).andExpect(status().isOk());
        mvc.perform(get(PATH + "/export").header("Authorization", viewer)).andExpect(status().isOk());
        mvc.perform(post(PATH)
                        .header("Authorization", viewer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"店\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"));
        mvc.perform(post(PATH + "/import")
                        .header("Authorization", viewer)
                        .contentType("text/csv")
                        .content("name\n店\n"))
                .andExpect(status().isForbidden());
        assertThat(binder.callAs(shop.id(), () -> stores.names())).isEmpty();
    }

    @Test
    void editorsReadChangeAndRotateAStoresPinAndQrCode() throws Exception {
        var store = binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("トクテンマート", "渋谷店")));
        String path = PATH + "/" + store.id();
        String body = mvc.perform(get(path + "/secrets").header("Authorization", editor))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(jsonPath("$.pin").value(org.hamcrest.Matchers.matchesPattern("[0-9]{4}")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String token = JsonPath.read(body, "$.qrToken");
        assertThat((String) JsonPath.read(body, "$.qrUrl")).isEqualTo(baseUrl + "/c/" + shop.slug() + "/s/" + token);

        mvc.perform(json(post(path + "/pin"), "{\"pin\": \"２４６８\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pin").value("2468"));
        assertThat(binder.callAs(shop.id(), () -> stores.pinMatches(store.id(), "2468")))
                .isTrue();
        mvc.perform(json(post(path + "/pin"), "{}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pin").value(org.hamcrest.Matchers.matchesPattern("[0-9]{4}")));

        String rotated = mvc.perform(post(path + "/qr").header("Authorization", editor))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String fresh = JsonPath.read(rotated, "$.qrToken");
        assertThat(fresh).isNotEqualTo(token);
        assertThat((String) JsonPath.read(rotated, "$.qrUrl")).endsWith("/c/" + shop.slug() + "/s/" + fresh);

        byte[] png = mvc.perform(get(path + "/qr.png").header("Authorization", editor))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.IMAGE_PNG))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(StoreFixtures.decodeQr(png)).isEqualTo(baseUrl + "/c/" + shop.slug() + "/s/" + fresh);
        assertThat(binder.callAs(shop.id(), () -> stores.findByQrToken(token))).isEmpty();
    }

    @Test
    void aBadPinIsRefusedWithItsCodeAndChangesNothing() throws Exception {
        var store = binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("トクテンマート", "渋谷店")));
        String before =
                binder.callAs(shop.id(), () -> stores.secrets(store.id()).pin());
        String path = PATH + "/" + store.id() + "/pin";
        for (String bad : java.util.List.of("{\"pin\": \"12a4\"}", "{\"pin\": \"12345\"}", "{\"pin\": \"\"}")) {
            mvc.perform(json(post(path), bad))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("invalid_store"))
                    .andExpect(jsonPath("$.field").value("pin"));
        }
        mvc.perform(json(post(path), ""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed_request"));
        mvc.perform(json(post(path), "{\"pin\": "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed_request"));
        mvc.perform(json(post(path), "{\"pin\": [1, 2]}")).andExpect(status().is4xxClientError());
        mvc.perform(json(post(PATH + "/not-an-id/pin"), "{\"pin\": \"1234\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        assertThat(binder.callAs(shop.id(), () -> stores.secrets(store.id()).pin()))
                .isEqualTo(before);
    }

    @Test
    void anotherTenantsStoreHasNoPinOrQrCodeHere() throws Exception {
        var theirs = binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("よその店", "本店")));
        var mine = binder.callAs(shop.id(), () -> stores.secrets(theirs.id()));
        var other = TenantFixtures.aTenant(tenants, "api-stores-pin-other");
        String otherKey = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.ADMIN);
        String path = PATH + "/" + theirs.id();
        mvc.perform(get(path + "/secrets").header("Authorization", otherKey))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(get(path + "/qr.png").header("Authorization", otherKey))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(post(path + "/pin")
                        .header("Authorization", otherKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"pin\": \"1111\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(post(path + "/qr").header("Authorization", otherKey))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        assertThat(binder.callAs(shop.id(), () -> stores.secrets(theirs.id()))).isEqualTo(mine);
    }

    @Test
    void viewersAndReviewersNeitherSeeNorChangeAPinButStoreStaffSeeIt() throws Exception {
        var store = binder.callAs(shop.id(), () -> stores.create(StoreFixtures.aStore("トクテンマート", "渋谷店")));
        var before = binder.callAs(shop.id(), () -> stores.secrets(store.id()));
        String path = PATH + "/" + store.id();
        for (var role : java.util.List.of(TenantRole.VIEWER, TenantRole.REVIEWER)) {
            String key = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, role);
            mvc.perform(get(path).header("Authorization", key)).andExpect(status().isOk());
            mvc.perform(get(path + "/secrets").header("Authorization", key))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("forbidden"));
            mvc.perform(get(path + "/qr.png").header("Authorization", key)).andExpect(status().isForbidden());
            mvc.perform(post(path + "/qr").header("Authorization", key))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("forbidden"));
            mvc.perform(post(path + "/pin")
                            .header("Authorization", key)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{}"))
                    .andExpect(status().isForbidden());
        }
        String staff = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.STORE_STAFF);
        mvc.perform(get(path + "/secrets").header("Authorization", staff))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pin").value(before.pin()));
        mvc.perform(get(path + "/qr.png").header("Authorization", staff)).andExpect(status().isOk());
        mvc.perform(post(path + "/qr").header("Authorization", staff)).andExpect(status().isForbidden());
        mvc.perform(post(path + "/pin")
                        .header("Authorization", staff)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isForbidden());
        assertThat(binder.callAs(shop.id(), () -> stores.secrets(store.id()))).isEqualTo(before);
    }
}
