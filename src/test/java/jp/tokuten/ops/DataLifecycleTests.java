package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.files.Photo;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.jobs.JobQueueFixtures;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.privacy.PersonalData;
import jp.tokuten.privacy.PersonalDataUnavailableException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantStatus;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.apache.pdfbox.Loader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data lifecycle: a tenant's export (ZIP of CSV in UTF-8 with BOM or Shift_JIS, photos on request, only
 * its own data), its termination (deletion on the 10th business day), the deletion of everything it had and
 * nothing of another tenant, the signed certificate, and its personal data unreadable once its key is gone.
 */
@TokutenTest
class DataLifecycleTests {

    static final String OPERATOR = "Bearer " + TokutenTest.OPERATOR_TOKEN;

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Autowired
    StoredFiles files;

    @Autowired
    PersonalData personalData;

    @Autowired
    TenantTerminations terminations;

    @Autowired
    jp.tokuten.identity.Entrants entrantsOf;

    @Autowired
    TenantExports exports;

    TenantView a;
    TenantView b;
    String aKey;
    String bKey;
    byte[] aSealed;
    byte[] bSealed;

    @BeforeEach
    void twoTenantsWithData() {
        a = TenantFixtures.aTenant(tenants, "life-a");
        b = TenantFixtures.aTenant(tenants, "life-b");
        aKey = ApiKeyFixtures.aKey(dataSource, binder, tx, a, TenantRole.ADMIN);
        bKey = ApiKeyFixtures.aKey(dataSource, binder, tx, b, TenantRole.ADMIN);
        aSealed = withData(a, "渋谷本店");
        bSealed = withData(b, "梅田支店");
    }

    private byte[] withData(TenantView t, String store) {
        return binder.callAs(
                t.id(),
                () -> tx.execute(s -> {
                    jdbc.sql("""
                    insert into stores.stores (id, name, name_key, created_at, updated_at)
                    values (?, ?, ?, now(), now())""").params(UUID.randomUUID(), store, store).update();
                    var entrant = entrantsOf.findOrCreateByEmail("entrant-" + t.slug() + "@example.com");
                    entrantsOf.saveDetails(entrant.id(), Map.of("name", "応募 太郎 " + t.slug()));
                    var image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
                    files.storeCampaignImage(new Photo(image, "jpeg"));
                    return personalData.seal("山田 花子 " + t.slug());
                }));
    }

    private String requestExport(String key, String body) throws Exception {
        String json = mvc.perform(post("/api/v1/exports")
                        .header("Authorization", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("queued"))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return JsonPath.read(json, "$.id");
    }

    private Map<String, byte[]> download(String key, String id) throws Exception {
        JobQueueFixtures.drain(context);
        mvc.perform(get("/api/v1/exports/" + id).header("Authorization", key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("done"))
                .andExpect(jsonPath("$.file").value("/api/v1/exports/" + id + "/file"));
        byte[] zip = mvc.perform(get("/api/v1/exports/" + id + "/file").header("Authorization", key))
                .andExpect(status().isOk())
                .andExpect(r -> assertThat(r.getResponse().getContentType()).isEqualTo("application/zip"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        return unzip(zip);
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        var entries = new HashMap<String, byte[]>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void theExportIsAZipOfUtf8CsvWithBomOneFilePerTableOfTheTenantsOwnDataAndPhotosOnRequest() throws Exception {
        String id = requestExport(aKey, "{\"charset\": \"utf-8\", \"photos\": true}");
        var zip = download(aKey, id);
        assertThat(zip)
                .containsKeys(
                        "stores.stores.csv",
                        "identity.entrants.csv",
                        "identity.api_keys.csv",
                        "tenancy.tenants.csv",
                        "audit.entries.csv",
                        "manifest.csv");
        byte[] stores = zip.get("stores.stores.csv");
        assertThat(stores).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(stores, StandardCharsets.UTF_8);
        assertThat(text).contains("name").contains("渋谷本店").doesNotContain("梅田支店");
        assertThat(new String(zip.get("identity.entrants.csv"), StandardCharsets.UTF_8))
                .contains("entrant-" + a.slug())
                .doesNotContain(b.slug());
        // secrets never leave the database
        String keys = new String(zip.get("identity.api_keys.csv"), StandardCharsets.UTF_8);
        assertThat(keys).doesNotContain("secret_sha256").contains("role");
        assertThat(zip.keySet()).anyMatch(n -> n.startsWith("photos/") && n.endsWith(".jpg"));
        // personal data sealed per tenant is exported opened, under the column's plain name
        String details = new String(zip.get("identity.entrant_details.csv"), StandardCharsets.UTF_8);
        assertThat(details).contains("fields").doesNotContain("fields_sealed").contains("応募 太郎 " + a.slug());
        assertThat(new String(zip.get("manifest.csv"), StandardCharsets.UTF_8)).contains("stores.stores,1");
    }

    @Test
    void entryFormFieldsAreSealedAtRestAndReadBack() throws SQLException {
        String raw;
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("select fields::text, encode(fields_sealed, 'escape')"
                        + " from identity.entrant_details where tenant_id = ?")) {
            st.setObject(1, a.id().value());
            try (var rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isNull();
                raw = rs.getString(2);
            }
        }
        assertThat(raw).doesNotContain("応募").doesNotContain(a.slug());
        var entrant = binder.callAs(
                a.id(), () -> tx.execute(s -> entrantsOf.findOrCreateByEmail("entrant-" + a.slug() + "@example.com")));
        UUID detailsId = binder.callAs(
                a.id(), () -> tx.execute(s -> entrantsOf.saveDetails(entrant.id(), Map.of("tel", "0312345678"))));
        Map<String, String> read = binder.callAs(a.id(), () -> tx.execute(s -> entrantsOf.details(detailsId)));
        assertThat(read).containsEntry("tel", "0312345678");
        // another tenant cannot open it, even given the bytes
        assertThatThrownBy(() -> binder.runAs(b.id(), () -> tx.execute(s -> personalData.open(aSealed))))
                .isInstanceOf(PersonalDataUnavailableException.class);
    }

    @Test
    void aShiftJisExportIsWrittenInCp932WithoutBomAndWithoutPhotosUnlessAsked() throws Exception {
        String id = requestExport(aKey, "{\"charset\": \"shift_jis\"}");
        var zip = download(aKey, id);
        byte[] stores = zip.get("stores.stores.csv");
        assertThat(stores[0]).isNotEqualTo((byte) 0xEF);
        assertThat(new String(stores, Charset.forName("windows-31j"))).contains("渋谷本店");
        assertThat(zip.keySet()).noneMatch(n -> n.startsWith("photos/"));
    }

    @Test
    void oneTenantCannotSeeOrDownloadAnothersExport() throws Exception {
        String id = requestExport(aKey, "{}");
        JobQueueFixtures.drain(context);
        mvc.perform(get("/api/v1/exports/" + id).header("Authorization", bKey)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/exports/" + id + "/file").header("Authorization", bKey))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/exports").header("Authorization", bKey))
                .andExpect(jsonPath("$[?(@.id == '" + id + "')]").isEmpty());
        // an operator names the tenant: the export of another tenant is not found under it
        mvc.perform(get("/api/v1/operator/tenants/" + b.id().value() + "/exports/" + id)
                        .header("Authorization", OPERATOR))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/operator/tenants/" + a.id().value() + "/exports/" + id)
                        .header("Authorization", OPERATOR))
                .andExpect(status().isOk());
    }

    @Test
    void badExportRequestsAreRefused() throws Exception {
        for (String body :
                new String[] {"{\"charset\": \"latin1\"}", "{\"photos\": \"yes\"}", "[1]", "{\"charset\": 5}"}) {
            mvc.perform(post("/api/v1/exports")
                            .header("Authorization", aKey)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("invalid_export"));
        }
        String viewer = ApiKeyFixtures.aKey(dataSource, binder, tx, a, TenantRole.VIEWER);
        mvc.perform(post("/api/v1/exports")
                        .header("Authorization", viewer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/exports/not-an-id").header("Authorization", aKey))
                .andExpect(status().isNotFound());
    }

    @Test
    void anOperatorExportsATenantByIdOrSlug() throws Exception {
        String json = mvc.perform(post("/api/v1/operator/tenants/" + a.slug() + "/exports")
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"charset\": \"sjis\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.charset").value("shift_jis"))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = JsonPath.read(json, "$.id");
        JobQueueFixtures.drain(context);
        byte[] zip = mvc.perform(get("/api/v1/operator/tenants/" + a.id().value() + "/exports/" + id + "/file")
                        .header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(new String(unzip(zip).get("stores.stores.csv"), Charset.forName("windows-31j")))
                .contains("渋谷本店");
        mvc.perform(post("/api/v1/operator/tenants/no-such-tenant/exports").header("Authorization", OPERATOR))
                .andExpect(status().isNotFound());
    }

    @Test
    void theDeletionDayIsTheTenthBusinessDayInTheStoredCalendar() throws Exception {
        // Friday 2027-04-30, before Golden Week (5/3, 5/4, 5/5): by hand, see BusinessDaysTests
        assertThat(terminations.deletionDay(LocalDate.of(2027, 4, 30))).isEqualTo(LocalDate.of(2027, 5, 19));
        mvc.perform(get("/api/v1/operator/holidays?year=2027").header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(
                        jsonPath("$.holidays[?(@.date == '2027-05-04')].name").value("みどりの日"));
    }

    @Test
    void holidaysAreReloadedFromTheCabinetOfficeFile() throws Exception {
        byte[] file =
                "国民の祝日・休日月日,国民の祝日・休日名称\r\n2099/1/1,元日\r\n2099/5/6,テスト休日\r\n".getBytes(Charset.forName("windows-31j"));
        mvc.perform(put("/api/v1/operator/holidays")
                        .header("Authorization", OPERATOR)
                        .contentType("text/csv")
                        .content(file))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.years.2099").value(2));
        mvc.perform(get("/api/v1/operator/holidays?year=2099").header("Authorization", OPERATOR))
                .andExpect(jsonPath("$.holidays[1].name").value("テスト休日"));
        // 2099-05-05 is a Tuesday: the 1st business day after it skips Wednesday the 6th
        assertThat(BusinessDays.nthAfter(
                        LocalDate.of(2099, 5, 5),
                        1,
                        context.getBean(HolidayCalendar.class)
                                .between(LocalDate.of(2099, 5, 1), LocalDate.of(2099, 5, 31))))
                .isEqualTo(LocalDate.of(2099, 5, 7));
        mvc.perform(put("/api/v1/operator/holidays")
                        .header("Authorization", OPERATOR)
                        .contentType("text/csv")
                        .content("no dates here".getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_holidays"));
        jdbc.sql("delete from ops.holidays where day >= '2099-01-01'").update();
    }

    @Test
    void terminationIsRefusedTwiceAndCanBeCancelled() throws Exception {
        String path = "/api/v1/operator/tenants/" + b.id().value() + "/termination";
        mvc.perform(post(path)
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"" + "x".repeat(501) + "\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("invalid_termination"));
        LocalDate expected = terminations.deletionDay(LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")));
        mvc.perform(post(path).header("Authorization", OPERATOR))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("scheduled"))
                .andExpect(jsonPath("$.deleteOn").value(expected.toString()));
        assertThat(tenants.findById(b.id()).orElseThrow().status()).isEqualTo(TenantStatus.TERMINATING);
        mvc.perform(post(path).header("Authorization", OPERATOR))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("already_terminated"));
        mvc.perform(delete(path).header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("cancelled"));
        assertThat(tenants.findById(b.id()).orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
        mvc.perform(delete(path).header("Authorization", OPERATOR)).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/operator/tenants/" + UUID.randomUUID() + "/termination")
                        .header("Authorization", OPERATOR))
                .andExpect(status().isNotFound());
    }

    @Test
    void deletionPurgesEverythingOfTheTenantAndNothingOfAnotherAndIssuesAVerifiableCertificate() throws Exception {
        requestExport(aKey, "{}");
        JobQueueFixtures.drain(context);
        assertThat(exports.folder(a.id())).isDirectory();
        assertThat(files.onDisk(a.id()).files()).isEqualTo(1);
        var bBefore = rowsOf(b.id().value());
        assertThat(rowsOf(a.id().value())).containsKey("stores.stores");

        mvc.perform(post("/api/v1/operator/tenants/" + a.id().value() + "/termination")
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"契約終了\"}"))
                .andExpect(status().isCreated());
        // nothing happens before the day
        assertThat(terminations.queueDueDeletions()).isZero();
        // its day comes
        owner("update ops.terminations set delete_on = current_date - 1 where tenant_id = '" + a.id().value() + "'");
        assertThat(terminations.queueDueDeletions()).isGreaterThanOrEqualTo(1);
        JobQueueFixtures.drain(context);

        String termination = mvc.perform(get("/api/v1/operator/tenants/" + a.id().value() + "/termination")
                        .header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("deleted"))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String certificateId = JsonPath.read(termination, "$.certificateId");

        // nothing of A is left, not even its audit chain (access-log lines written after the purge, and an
        // empty chain head a concurrent sealer may put back, go with the next sweep); B is untouched
        // (A's earlier requests reach the access log within one flush, every second: the sweep runs for at
        // least 2.5 s, so that a line flushed after a sweep that found nothing is not left to the assertion)
        long settled = System.nanoTime() + 2_500_000_000L;
        long until = System.nanoTime() + 15_000_000_000L;
        while ((System.nanoTime() < settled
                        || !rowsOf(a.id().value()).isEmpty()
                        || count("select count(*) from audit.chains where chain = '" + a.id().value() + "'") > 0)
                && System.nanoTime() < until) {
            terminations.queueDueDeletions();
            Thread.sleep(50);
        }
        assertThat(rowsOf(a.id().value())).isEmpty();
        assertThat(count("select count(*) from audit.chains where chain = '" + a.id().value() + "'"))
                .isZero();
        assertThat(rowsOf(b.id().value())).isEqualTo(bBefore);
        assertThat(files.onDisk(a.id()).files()).isZero();
        assertThat(exports.folder(a.id())).doesNotExist();
        assertThat(files.onDisk(b.id()).files()).isEqualTo(1);
        assertThat(tenants.findById(a.id()).orElseThrow().status()).isEqualTo(TenantStatus.DELETED);

        // the certificate says what was deleted and verifies; a changed one does not
        byte[] pdf = mvc.perform(get("/api/v1/operator/deletion-certificates/" + certificateId)
                        .header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        mvc.perform(post("/api/v1/operator/deletion-certificates/verify")
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_PDF)
                        .content(pdf))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(true))
                .andExpect(jsonPath("$.certificateId").value(certificateId))
                .andExpect(jsonPath("$.statement.tenant.slug").value(a.slug()))
                .andExpect(jsonPath("$.statement.tables['stores.stores']").value(1))
                .andExpect(jsonPath("$.statement.tables['identity.entrants']").value(1))
                .andExpect(jsonPath("$.statement.files.count").value(2)) // the photo and the export
                .andExpect(jsonPath("$.statement.dataKeyDestroyed").value(true))
                .andExpect(jsonPath("$.statement.auditChain.headHash")
                        .value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")))
                .andExpect(jsonPath("$.statement.lastBackupExpiresBy").exists());
        var op = new jp.tokuten.identity.ConsoleSignIns(
                        mvc, context.getBean(jp.tokuten.identity.OperatorAccounts.class))
                .newOperator("certificates");
        mvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart(
                                        "/operator/deletion-certificates/verify")
                                .file(new org.springframework.mock.web.MockMultipartFile(
                                        "file", "c.pdf", "application/pdf", pdf))
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf())
                                .cookie(op.session()))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString("有効な削除証明書です")));
        var verifier = context.getBean(DeletionCertificates.class);
        assertThat(verifier.verify(pdf).valid()).isTrue();
        assertThat(verifier.verify(tampered(pdf, "\"stores.stores\":1", "\"stores.stores\":0"))
                        .valid())
                .isFalse();
        assertThat(verifier.verify(tamperedSignature(pdf)).valid()).isFalse();
        mvc.perform(post("/api/v1/operator/deletion-certificates/verify")
                        .header("Authorization", OPERATOR)
                        .contentType(MediaType.APPLICATION_PDF)
                        .content("not a pdf".getBytes(StandardCharsets.US_ASCII)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("not_a_certificate"));
        // the public key checks the statement without the service
        var signed = CertificatePdf.read(pdf);
        var publicKey = CertificateSigner.publicKey(
                java.util.Base64.getDecoder().decode(verifier.publicKey().get("publicKey")));
        assertThat(CertificateSigner.verify(publicKey, signed.statement(), signed.signature()))
                .isTrue();

        // A's personal data, as an older backup still holds it, cannot be opened: its key (never in the database
        // or its backups) is gone
        assertThat(personalData.hasKey(a.id())).isFalse();
        assertThat(personalData.hasKey(b.id())).isTrue();
        personalData.forgetKeys();
        binder.runAs(
                a.id(),
                () -> assertThatThrownBy(() -> tx.execute(s -> personalData.open(aSealed)))
                        .isInstanceOf(PersonalDataUnavailableException.class));
        String opened = binder.callAs(b.id(), () -> tx.execute(s -> personalData.open(bSealed)));
        assertThat(opened).isEqualTo("山田 花子 " + b.slug());
    }

    @Test
    void operatorsTerminateCancelAndVerifyInTheConsole() throws Exception {
        var op = new jp.tokuten.identity.ConsoleSignIns(
                        mvc, context.getBean(jp.tokuten.identity.OperatorAccounts.class))
                .newOperator("lifecycle");
        mvc.perform(
                        post("/operator/terminations")
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf())
                                .cookie(op.session())
                                .param("slug", "no-such-tenant"))
                .andExpect(status().isBadRequest());
        mvc.perform(
                        post("/operator/terminations")
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf())
                                .cookie(op.session())
                                .param("slug", b.slug())
                                .param("reason", "テスト"))
                .andExpect(status().is3xxRedirection());
        String page = mvc.perform(get("/operator/terminations").cookie(op.session()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains(b.slug()).contains("削除予定");
        mvc.perform(
                        post("/operator/terminations/" + b.id().value() + "/cancel")
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf())
                                .cookie(op.session()))
                .andExpect(status().is3xxRedirection());
        assertThat(tenants.findById(b.id()).orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart(
                                "/operator/deletion-certificates/verify")
                        .file(new org.springframework.mock.web.MockMultipartFile(
                                "file", "x.pdf", "application/pdf", "not a pdf".getBytes(StandardCharsets.US_ASCII)))
                        .with(
                                org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf())
                        .cookie(op.session()))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/operator/terminations")).andExpect(status().is3xxRedirection());
    }

    static byte[] tampered(byte[] pdf, String from, String to) throws IOException {
        try (var doc = Loader.loadPDF(pdf)) {
            var info = doc.getDocumentInformation();
            String statement = info.getCustomMetadataValue(CertificatePdf.STATEMENT);
            assertThat(statement).contains(from);
            info.setCustomMetadataValue(CertificatePdf.STATEMENT, statement.replace(from, to));
            var out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    static byte[] tamperedSignature(byte[] pdf) throws IOException {
        try (var doc = Loader.loadPDF(pdf)) {
            var info = doc.getDocumentInformation();
            byte[] sig = java.util.Base64.getDecoder().decode(info.getCustomMetadataValue(CertificatePdf.SIGNATURE));
            sig[3] ^= 1;
            info.setCustomMetadataValue(
                    CertificatePdf.SIGNATURE, java.util.Base64.getEncoder().encodeToString(sig));
            var out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** Rows of {@code tenant} in every table with a tenant_id (but the records of its termination), as the owner sees them. */
    private Map<String, Long> rowsOf(UUID tenant) throws SQLException {
        var out = new HashMap<String, Long>();
        try (var owner = OwnerAccess.ownerConnection(context)) {
            var tables = new java.util.ArrayList<String>();
            try (var st = owner.prepareStatement("""
                            select format('%I.%I', n.nspname, c.relname) from pg_class c
                              join pg_namespace n on n.oid = c.relnamespace
                              join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                             where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
                               and format('%I.%I', n.nspname, c.relname) not in ('ops.terminations', 'ops.deletion_certificates')""");
                    var rs = st.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (var st = owner.prepareStatement("select count(*) from " + t + " where tenant_id = ?")) {
                    st.setObject(1, tenant);
                    try (var rs = st.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            out.put(t, rs.getLong(1));
                        }
                    }
                }
            }
        }
        return out;
    }

    private long count(String sql) throws SQLException {
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement(sql);
                var rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void owner(String sql) throws SQLException {
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.createStatement()) {
            st.executeUpdate(sql);
        }
    }
}
