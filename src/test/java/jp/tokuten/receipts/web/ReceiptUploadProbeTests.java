package jp.tokuten.receipts.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.files.FilesOnDisk;
import jp.tokuten.files.PhotoIntake;
import jp.tokuten.files.Photos;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.identity.ProvisionedTenant;
import jp.tokuten.identity.TenantProvisioning;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.shared.Slots;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The upload endpoints probed with everything a careless or hostile client sends: never a 5xx but 503
 * {@code busy}, never anything stored for a refused request, odd shapes refused from the header alone.
 */
@TokutenTest
class ReceiptUploadProbeTests {

    static final String OPERATOR = "Bearer " + TokutenTest.OPERATOR_TOKEN;
    static final List<String> UPLOADS = List.of("/api/v1/receipts", "/api/v1/receipts/read");

    @Autowired
    MockMvc mvc;

    @Autowired
    TenantProvisioning provisioning;

    @Autowired
    ApplicationContext context;

    @Autowired
    PhotoIntake intake;

    @Autowired
    OcrEngine engine;

    @Autowired
    StoredFiles storedFiles;

    ProvisionedTenant tenant;

    @BeforeEach
    void aTenantWithAnApiKey() {
        tenant = provisioning.provision(TenantFixtures.uniqueSlug("probe"), "プローブ 株式会社");
    }

    static Map<String, byte[]> hostileFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty.jpg", new byte[0]);
        files.put("text.jpg", "name,total\nfoo,100\n".getBytes(StandardCharsets.UTF_8));
        files.put("truncated.jpg", Photos.truncated(Photos.jpeg(200, 100)));
        files.put(
                "polyglot.jpg",
                Photos.concat(
                        Photos.jpeg(200, 100), "<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)));
        files.put(
                "image.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8));
        files.put("50000x1.jpg", Photos.jpeg(50_000, 1));
        files.put("100x500000.png", Photos.pngHeader(100, 500_000));
        files.put("65535x9000.jpg", Photos.jpegClaiming(65_535, 9_000));
        files.put("bomb.png", Photos.decompressionBombPng());
        files.put("50mb.jpg", Photos.concat(Photos.jpeg(10, 10), new byte[50 * 1024 * 1024]));
        return files;
    }

    ResultActions upload(String path, String name, byte[] bytes) throws Exception {
        return mvc.perform(multipart(path)
                .file(new MockMultipartFile("image", name, "image/jpeg", bytes))
                .header("Authorization", "Bearer " + tenant.apiKey().key()));
    }

    /** Rows of every tenant and files on disk: what a refused request must not change. */
    record Stored(long files, long submissions, long onDisk) {}

    Stored stored() throws SQLException {
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.createStatement()) {
            var rs = st.executeQuery("select (select count(*) from files.stored_files),"
                    + " (select count(*) from receipts.submissions)");
            rs.next();
            return new Stored(rs.getLong(1), rs.getLong(2), FilesOnDisk.count(storedFiles));
        }
    }

    @Test
    void answersEveryHostileUploadWithAProblemAndStoresNothing() throws Exception {
        Stored before = stored();
        List<String> fiveHundreds = new ArrayList<>();
        for (String path : UPLOADS) {
            for (var file : hostileFiles().entrySet()) {
                MvcResult result = upload(path, file.getKey(), file.getValue()).andReturn();
                int status = result.getResponse().getStatus();
                if (status >= 500) {
                    fiveHundreds.add(path + " " + file.getKey() + " -> " + status);
                }
                assertThat(status).as(path + " " + file.getKey()).isBetween(400, 499);
                assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
                String code = JsonPath.read(result.getResponse().getContentAsString(StandardCharsets.UTF_8), "$.code");
                assertThat(code).as(path + " " + file.getKey()).isNotBlank();
            }
        }
        assertThat(fiveHundreds).isEmpty();
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void refusesOddShapesWith422AndAClearMessage() throws Exception {
        upload("/api/v1/receipts", "long.jpg", Photos.jpeg(50_000, 1))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("odd_shape"))
                .andExpect(jsonPath("$.reason").value("odd_shape"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("50000×1ピクセル")));
        mvc.perform(multipart("/api/v1/receipts/read")
                        .file(new MockMultipartFile("image", "tall.png", "image/png", Photos.pngHeader(100, 500_000)))
                        .header("Authorization", "Bearer " + tenant.apiKey().key())
                        .header("Accept-Language", "en"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("odd_shape"))
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.containsString("100 x 500000 pixels is not accepted")));
        upload("/api/v1/receipts", "wide.jpg", Photos.jpegClaiming(65_535, 9_000))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("odd_shape"));
    }

    @Test
    void refusesOddShapesFromTheHeaderWithoutWaitingForADecodeSlot() throws Exception {
        List<Slots.Slot> held = holdAll(intake.slots());
        try {
            upload("/api/v1/receipts", "long.jpg", Photos.jpeg(50_000, 1))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("odd_shape"));
            upload("/api/v1/receipts", "bomb.png", Photos.decompressionBombPng())
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("too_many_pixels"));
        } finally {
            held.forEach(Slots.Slot::close);
        }
    }

    @Test
    void answersBusyWithRetryAfterWhenNoDecodeSlotComesFreeAndStoresNothing() throws Exception {
        Stored before = stored();
        List<Slots.Slot> held = holdAll(intake.slots());
        try {
            upload("/api/v1/receipts/read", "r.jpg", Photos.jpeg(120, 60))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "5"))
                    .andExpect(jsonPath("$.code").value("busy"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("混み合って")));
            assertThat(stored()).isEqualTo(before);
            // taking a photo for background reading decodes nothing (issue 10): no decode slot needed
            upload("/api/v1/receipts", "r.jpg", Photos.jpeg(120, 60)).andExpect(status().isAccepted());
        } finally {
            held.forEach(Slots.Slot::close);
        }
        // the counts see a stored photo: on disk, in files and in receipts
        assertThat(stored()).isEqualTo(new Stored(before.files() + 1, before.submissions() + 1, before.onDisk() + 1));
    }

    @Test
    void answersBusyWhenNoReadingSlotComesFreeAndStoresNothing() throws Exception {
        Stored before = stored();
        List<Slots.Slot> held = holdAll(engine.slots());
        try {
            upload("/api/v1/receipts/read", "r.jpg", Photos.jpeg(120, 60))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().exists("Retry-After"))
                    .andExpect(jsonPath("$.code").value("busy"));
        } finally {
            held.forEach(Slots.Slot::close);
        }
        assertThat(stored()).isEqualTo(before);
        assertThat(intake.slots().free()).isEqualTo(intake.slots().size());
    }

    static List<Slots.Slot> holdAll(Slots slots) throws InterruptedException {
        List<Slots.Slot> held = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            held.add(slots.await());
        }
        return held;
    }

    @Test
    void refusesMalformedMultipartAndControlCharactersInTextFields() throws Exception {
        Stored before = stored();
        for (String path : UPLOADS) {
            int status = mvc.perform(post(path)
                            .header("Authorization", "Bearer " + tenant.apiKey().key())
                            .contentType("multipart/form-data; boundary=xyz")
                            .content("--xyz\r\nContent-Disposition: form-da"))
                    .andReturn()
                    .getResponse()
                    .getStatus();
            assertThat(status).as(path).isBetween(400, 499);
        }
        mvc.perform(multipart("/api/v1/receipts/read")
                        .file(new MockMultipartFile("image", "r.jpg", "image/jpeg", Photos.jpeg(40, 20)))
                        .param("stores", "青空ベーカリー\u0000")
                        .header("Authorization", "Bearer " + tenant.apiKey().key()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("control_characters"));
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void refusesNulAndOtherControlCharactersInJsonFieldsOfTheTenantApi() throws Exception {
        for (String name : List.of("アクメ\\u0000商事", "acme\\u001b[31m", "acme\\u007f", "acme\\u0085")) {
            String slug = TenantFixtures.uniqueSlug("nul");
            mvc.perform(post("/api/v1/operator/tenants")
                            .header("Authorization", OPERATOR)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("control_characters"));
        }
        mvc.perform(post("/api/v1/operator/tenants")
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"a\\u0000b\",\"name\":\"ok\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("control_characters"));
    }

    @Test
    void anotherTenantsReceiptIdsFindNothing() throws Exception {
        String body = upload("/api/v1/receipts", "r.jpg", Photos.jpeg(120, 60))
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = JsonPath.read(body, "$.id");
        var other = provisioning.provision(TenantFixtures.uniqueSlug("other"), "他社");
        String otherKey = "Bearer " + other.apiKey().key();

        mvc.perform(get("/api/v1/receipts/" + id).header("Authorization", otherKey))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/receipts/" + id + "/photo").header("Authorization", otherKey))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(get("/api/v1/receipts/" + UUID.randomUUID()).header("Authorization", otherKey))
                .andExpect(status().isNotFound());
        int notAnId = mvc.perform(get("/api/v1/receipts/not-an-id").header("Authorization", otherKey))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(notAnId).isBetween(400, 499);
        // not even its own tenant gets the photo as it was sent: only its clean copy, once the job made it
        mvc.perform(get("/api/v1/receipts/" + id + "/photo")
                        .header("Authorization", "Bearer " + tenant.apiKey().key()))
                .andExpect(status().isNotFound());
    }

    @Test
    void neverEchoesTheUploadsOwnNameUncleaned() throws Exception {
        String body = upload("/api/v1/receipts", "../../etc/\u202eevil\r\n<b>.jpg", Photos.jpeg(120, 60))
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = JsonPath.read(body, "$.id");
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("select file_name from receipts.submissions where id = ?")) {
            st.setObject(1, UUID.fromString(id));
            var rs = st.executeQuery();
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("evil<b>.jpg");
        }
    }
}
