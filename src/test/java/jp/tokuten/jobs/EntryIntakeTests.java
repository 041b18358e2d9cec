package jp.tokuten.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.files.FilesOnDisk;
import jp.tokuten.files.Photos;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.identity.ProvisionedTenant;
import jp.tokuten.identity.TenantProvisioning;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.receipts.ReceiptSubmissions;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Intake that never drops an entry (issue 10): an upload is checked without decoding and stored as sent
 * with its job queued; the job makes the clean copy and lets go of the original, or judges a photo it
 * cannot decode unreadable without losing the submission; many uploads at once are all kept.
 */
@TokutenTest
class EntryIntakeTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    TenantProvisioning provisioning;

    @Autowired
    TenantBinder binder;

    @Autowired
    JobWorker worker;

    @Autowired
    ReceiptSubmissions submissions;

    @Autowired
    StoredFiles storedFiles;

    @Autowired
    ApplicationContext context;

    ProvisionedTenant tenant;

    @BeforeEach
    void aTenantWithAnApiKey() {
        tenant = provisioning.provision(TenantFixtures.uniqueSlug("intake"), "受付 株式会社");
    }

    ResultActions upload(String name, byte[] bytes) throws Exception {
        return mvc.perform(multipart("/api/v1/receipts")
                .file(new MockMultipartFile("image", name, "image/jpeg", bytes))
                .header("Authorization", "Bearer " + tenant.apiKey().key()));
    }

    String accepted(String name, byte[] bytes) throws Exception {
        String body = upload(name, bytes)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("queued"))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return JsonPath.read(body, "$.id");
    }

    void drain() {
        while (worker.runReady("intake-tests", 100) > 0) {
            // until nothing is ready
        }
    }

    /** The purposes of the files a submission's photos are, in page order (read as the owner). */
    List<String> purposes(String submission) throws Exception {
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("""
                        select f.purpose from receipts.submissions s,
                               unnest(array_prepend(s.photo_id, s.page_ids)) with ordinality as p(id, n)
                          join files.stored_files f on f.id = p.id
                         where s.id = ? order by p.n""")) {
            st.setObject(1, UUID.fromString(submission));
            var rs = st.executeQuery();
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    interface Work<T> {
        T run() throws Exception;
    }

    <T> T asTenant(Work<T> work) {
        return binder.callAs(tenant.tenant().id(), () -> {
            try {
                return work.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    long onDisk() {
        return FilesOnDisk.count(storedFiles, tenant.tenant().id());
    }

    @Test
    void anUploadIsKeptAsSentUntilTheJobHasMadeItsCleanCopy() throws Exception {
        byte[] photo = Photos.jpegWithGpsAndOrientation(80, 40);
        String id = accepted("gps.jpg", photo);
        assertThat(purposes(id)).containsExactly("receipt_original");
        assertThat(onDisk()).isEqualTo(1);
        // the original is never served
        mvc.perform(get("/api/v1/receipts/" + id + "/photo")
                        .header("Authorization", "Bearer " + tenant.apiKey().key()))
                .andExpect(status().isNotFound());

        drain();
        mvc.perform(get("/api/v1/receipts/" + id)
                        .header("Authorization", "Bearer " + tenant.apiKey().key()))
                .andExpect(jsonPath("$.status").value("read"));
        assertThat(purposes(id)).containsExactly("receipt_photo");
        assertThat(onDisk())
                .as("the original's bytes are gone, the clean copy's are there")
                .isEqualTo(1);
        byte[] clean = mvc.perform(get("/api/v1/receipts/" + id + "/photo")
                        .header("Authorization", "Bearer " + tenant.apiKey().key()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(Photos.contains(clean, "PhoneX1")).isFalse();
        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(clean));
        assertThat(upright.getWidth()).isEqualTo(40);
        assertThat(upright.getHeight()).isEqualTo(80);
    }

    @Test
    void aWellHeadedPhotoThatCannotBeDecodedIsTakenAndThenJudgedUnreadable() throws Exception {
        String id = accepted("odd.jpg", Photos.undecodableJpeg());
        drain();
        mvc.perform(get("/api/v1/receipts/" + id)
                        .header("Authorization", "Bearer " + tenant.apiKey().key())
                        .header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("failed"))
                .andExpect(jsonPath("$.reason.code").value("unreadable_image"))
                .andExpect(jsonPath("$.reason.detail").value(org.hamcrest.Matchers.containsString("retake")));
        // the submission and what was sent are kept (never served); running the job again changes nothing
        assertThat(purposes(id)).containsExactly("receipt_original");
        drain();
        mvc.perform(get("/api/v1/receipts/" + id)
                        .header("Authorization", "Bearer " + tenant.apiKey().key()))
                .andExpect(jsonPath("$.status").value("failed"));
    }

    @Test
    void severalPhotosOfOneLongReceiptAreOneSubmissionReadWithTheCampaignsStores() throws Exception {
        byte[] receipt = new ClassPathResource("receipts/gen_001.jpg").getContentAsByteArray();
        BufferedImage whole = ImageIO.read(new ByteArrayInputStream(receipt));
        int h = whole.getHeight();
        // top and bottom with an overlap, as a shopper photographs a long receipt
        BufferedImage top = whole.getSubimage(0, 0, whole.getWidth(), h * 3 / 5);
        BufferedImage bottom = whole.getSubimage(0, h * 2 / 5, whole.getWidth(), h - h * 2 / 5);
        var pages = List.of(
                new ReceiptSubmissions.Page(new ByteArrayResource(Photos.encode(copy(top), "jpeg")), -1, "top.jpg"),
                new ReceiptSubmissions.Page(
                        new ByteArrayResource(Photos.encode(copy(bottom), "jpeg")), -1, "bottom.jpg"));
        var withSizes = pages.stream()
                .map(p -> new ReceiptSubmissions.Page(p.source(), size(p), p.fileName()))
                .toList();
        var submission = asTenant(() -> submissions.accept(withSizes, List.of("テストマート")));
        assertThat(purposes(submission.id().toString())).containsExactly("receipt_original", "receipt_original");
        drain();
        var read = binder.callAs(tenant.tenant().id(), () -> submissions.find(submission.id()))
                .orElseThrow();
        assertThat(read.status()).isEqualTo("read");
        assertThat(read.reading()).containsEntry("file", "top.jpg");
        assertThat(read.reading().get("total")).isEqualTo(3151);
        assertThat(purposes(submission.id().toString())).containsExactly("receipt_photo", "receipt_photo");
        assertThat(onDisk()).isEqualTo(2);
    }

    static BufferedImage copy(BufferedImage part) {
        BufferedImage out = new BufferedImage(part.getWidth(), part.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(part, 0, 0, null);
        return out;
    }

    static long size(ReceiptSubmissions.Page page) {
        try (var in = page.source().getInputStream()) {
            return in.readAllBytes().length;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void tooManyPhotosForOneReceiptAreRefusedAndNothingIsStored() throws Exception {
        byte[] photo = Photos.jpeg(120, 60);
        List<ReceiptSubmissions.Page> pages = new ArrayList<>();
        for (int i = 0; i <= ReceiptSubmissions.MAX_PAGES; i++) {
            pages.add(new ReceiptSubmissions.Page(new ByteArrayResource(photo), photo.length, i + ".jpg"));
        }
        assertThatThrownBy(() -> asTenant(() -> submissions.accept(pages, List.of())))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo("too_many_pages"));
        // a refused second page takes the first with it
        var refused = List.of(
                new ReceiptSubmissions.Page(new ByteArrayResource(photo), photo.length, "1.jpg"),
                new ReceiptSubmissions.Page(
                        new ByteArrayResource("<svg/>".getBytes(StandardCharsets.US_ASCII)), 6, "2.svg"));
        assertThatThrownBy(() -> asTenant(() -> submissions.accept(refused, List.of())))
                .isInstanceOf(jp.tokuten.files.PhotoRejectedException.class);
        assertThat(onDisk()).isZero();
        assertThat(binder.callAs(tenant.tenant().id(), storedFiles::count)).isZero();
    }

    @Test
    void fiftyConcurrentUploadsAreAllTakenAndNoneIsLost() throws Exception {
        int uploads = 50;
        byte[] photo = Photos.jpeg(800, 1_200);
        List<Future<String>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(uploads)) {
            for (int i = 0; i < uploads; i++) {
                int n = i;
                answers.add(pool.submit((Callable<String>) () -> accepted("burst-" + n + ".jpg", photo)));
            }
        }
        Set<String> ids = new HashSet<>();
        for (Future<String> answer : answers) {
            ids.add(answer.get());
        }
        assertThat(ids).hasSize(uploads);
        assertThat(onDisk()).isEqualTo(uploads);
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement("""
                        select count(*) from receipts.submissions s
                          join jobs.jobs j on j.payload->>'submission' = s.id::text and j.type = 'receipt.read'
                          join files.stored_files f on f.tenant_id = s.tenant_id and f.id = s.photo_id
                         where s.tenant_id = ? and s.status = 'queued'""")) {
            st.setObject(1, tenant.tenant().id().value());
            var rs = st.executeQuery();
            rs.next();
            assertThat(rs.getLong(1))
                    .as("a stored photo and a queued job for each")
                    .isEqualTo(uploads);
        }
    }
}
