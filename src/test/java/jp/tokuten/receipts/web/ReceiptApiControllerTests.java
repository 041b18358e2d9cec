package jp.tokuten.receipts.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.files.Photos;
import jp.tokuten.files.StoredFileId;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.identity.ProvisionedTenant;
import jp.tokuten.identity.TenantProvisioning;
import jp.tokuten.ocr.TesseractAvailable;
import jp.tokuten.tenancy.TenantBinder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@TokutenTest
class ReceiptApiControllerTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    TenantProvisioning provisioning;

    @Autowired
    StoredFiles files;

    @Autowired
    TenantBinder binder;

    ProvisionedTenant tenant;

    @BeforeEach
    void aTenantWithAnApiKey() {
        tenant = provisioning.provision(TenantFixtures.uniqueSlug("rcpt"), "レシート読取 株式会社");
    }

    ResultActions upload(String filename, String contentType, byte[] bytes) throws Exception {
        return mvc.perform(multipart("/api/v1/receipts/read")
                .file(new MockMultipartFile("image", filename, contentType, bytes))
                .header("Authorization", "Bearer " + tenant.apiKey().key()));
    }

    byte[] fixture(String name) throws Exception {
        try (var in = getClass().getResourceAsStream("/receipts/" + name)) {
            return in.readAllBytes();
        }
    }

    long storedFiles() {
        return binder.callAs(tenant.tenant().id(), files::count);
    }

    @Test
    void readsAReceiptPhotoAndKeepsACleanCopyWithItsChecksum() throws Exception {
        TesseractAvailable.require();
        String body = upload("receipt.jpg", "image/jpeg", fixture("gen_002.jpg"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.file").value("receipt.jpg"))
                .andExpect(jsonPath("$.store.name").value("ファミリーストア"))
                .andExpect(jsonPath("$.total").value(699))
                .andExpect(jsonPath("$.currency").value("JPY"))
                .andExpect(jsonPath("$.confidence.total").isNumber())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        JsonNode json = JsonMapper.builder().build().readTree(body);
        var id = new StoredFileId(UUID.fromString(json.path("photo").path("id").asString()));

        assertThat(storedFiles()).isEqualTo(1);
        byte[] stored =
                binder.callAs(tenant.tenant().id(), () -> files.read(id)).orElseThrow();
        assertThat(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(stored)))
                .isEqualTo(json.path("photo").path("sha256").asString());
        assertThat(binder.callAs(tenant.tenant().id(), files::usageBytes)).isEqualTo(stored.length);
    }

    @Test
    void storesAPhotoWithGpsExifUprightAndWithoutItsMetadata() throws Exception {
        TesseractAvailable.require();
        String body = upload("gps.jpg", "image/jpeg", Photos.jpegWithGpsAndOrientation(120, 60))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.photo.width").value(60))
                .andExpect(jsonPath("$.photo.height").value(120))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        var id = new StoredFileId(UUID.fromString(JsonMapper.builder()
                .build()
                .readTree(body)
                .path("photo")
                .path("id")
                .asString()));
        byte[] stored =
                binder.callAs(tenant.tenant().id(), () -> files.read(id)).orElseThrow();

        assertThat(Photos.contains(stored, "Exif")).isFalse();
        assertThat(Photos.contains(stored, "PhoneX1")).isFalse();
        assertThat(stored[0] & 0xff).isEqualTo(0xFF);
        assertThat(stored[1] & 0xff).isEqualTo(0xD8);
    }

    @Test
    void anotherTenantCannotReadAStoredPhoto() throws Exception {
        TesseractAvailable.require();
        String body = upload("r.jpg", "image/jpeg", Photos.jpeg(100, 50))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        var id = new StoredFileId(UUID.fromString(JsonMapper.builder()
                .build()
                .readTree(body)
                .path("photo")
                .path("id")
                .asString()));
        var other = provisioning.provision(TenantFixtures.uniqueSlug("other"), "他社");

        assertThat(binder.callAs(other.tenant().id(), () -> files.read(id))).isEmpty();
        assertThat(binder.callAs(tenant.tenant().id(), () -> files.read(id))).isPresent();
    }

    @Test
    void refusesATextFileNamedJpg() throws Exception {
        upload("receipt.jpg", "image/jpeg", "just some text\n".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.reason").value("not_a_photo"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("JPEG")));
        assertThat(storedFiles()).isZero();
    }

    @Test
    void refusesATruncatedJpeg() throws Exception {
        upload("cut.jpg", "image/jpeg", Photos.truncated(Photos.jpeg(200, 100)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("damaged"));
        assertThat(storedFiles()).isZero();
    }

    @Test
    void refusesADecompressionBomb() throws Exception {
        upload("bomb.png", "image/png", Photos.decompressionBombPng())
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("too_many_pixels"))
                .andExpect(jsonPath("$.code").value("too_many_pixels"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("画素数")));
        assertThat(storedFiles()).isZero();
    }

    @Test
    void refusesAPolyglot() throws Exception {
        byte[] polyglot = Photos.concat(
                Photos.jpeg(200, 100), "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII));
        upload("poly.jpg", "image/jpeg", polyglot)
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.reason").value("polyglot"));
        assertThat(storedFiles()).isZero();
    }

    @Test
    void refusesAnSvg() throws Exception {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8);
        upload("receipt.svg", "image/svg+xml", svg)
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.reason").value("not_a_photo"));
        assertThat(storedFiles()).isZero();
    }

    @Test
    void refusesAnEmptyUpload() throws Exception {
        upload("empty.jpg", "image/jpeg", new byte[0])
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.reason").value("empty"));
        assertThat(storedFiles()).isZero();
    }

    @Test
    void refusesA50MegabyteUpload() throws Exception {
        byte[] big = Photos.concat(Photos.jpeg(10, 10), new byte[50 * 1024 * 1024]);
        upload("big.jpg", "image/jpeg", big)
                .andExpect(status().is(413))
                .andExpect(jsonPath("$.reason").value("too_large"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("MB")));
        assertThat(storedFiles()).isZero();
    }

    @Test
    void refusesCallsWithoutATenantApiKey() throws Exception {
        mvc.perform(multipart("/api/v1/receipts/read")
                        .file(new MockMultipartFile("image", "r.jpg", "image/jpeg", Photos.jpeg(10, 10))))
                .andExpect(status().isUnauthorized());
    }

    ResultActions uploadWithStores(byte[] bytes, String... stores) throws Exception {
        var request = multipart("/api/v1/receipts/read")
                .file(new MockMultipartFile("image", "receipt.jpg", "image/jpeg", bytes))
                .header("Authorization", "Bearer " + tenant.apiKey().key());
        request.param("stores", String.join("\n", stores));
        return mvc.perform(request);
    }

    @Test
    void recognisesABrushLetteredStoreNameAmongTheStoresSent() throws Exception {
        TesseractAvailable.require();
        uploadWithStores(fixture("gen_005.jpg"), "ファミリーストア", "青空ベーカリー", "コーヒーの森")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.store.name").value("青空ベーカリー"))
                .andExpect(jsonPath("$.confidence['store.name']").isNumber());
    }

    @Test
    void refusesAStoreListItCannotUseAndStoresNothing() throws Exception {
        byte[] photo = Photos.jpeg(10, 10);
        uploadWithStores(photo, "青空ベーカリー", "x".repeat(101))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_store_list"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("1件100文字まで")));
        uploadWithStores(photo, "青空ベーカリー", "  ", "店".repeat(120))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_store_list"));
        uploadWithStores(
                        photo,
                        java.util.stream.IntStream.range(0, 1001)
                                .mapToObj(i -> "店" + i)
                                .toArray(String[]::new))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_store_list"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("1000件まで")));
        assertThat(storedFiles()).isZero();
    }
}
