package jp.tokuten.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.TenantProvisioning;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Receipts read in the background, end to end through the API, the job queue and the real OCR engine:
 * the upload answers at once, a worker reads it, and a worker that dies mid-job is replaced.
 */
@TokutenTest
class ReceiptReadJobTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    TenantProvisioning provisioning;

    @Autowired
    JobWorker worker;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Jobs jobs;

    @Autowired
    org.springframework.context.ApplicationContext context;

    String key;

    @BeforeEach
    void tenantWithKey() {
        key = "Bearer "
                + provisioning
                        .provision(TenantFixtures.uniqueSlug("ocrjob"), "OCR")
                        .apiKey()
                        .key();
    }

    MockMultipartFile receipt() throws Exception {
        return new MockMultipartFile(
                "image",
                "gen_001.jpg",
                "image/jpeg",
                new ClassPathResource("receipts/gen_001.jpg").getContentAsByteArray());
    }

    String submit() throws Exception {
        String body = mvc.perform(multipart("/api/v1/receipts").file(receipt()).header("Authorization", key))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/receipts/")))
                .andExpect(jsonPath("$.status").value("queued"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    void drain(String name) {
        while (worker.runReady(name, 100) > 0) {
            // until nothing is ready
        }
    }

    @Test
    void anUploadAnswersAtOnceAndAWorkerReadsIt() throws Exception {
        String id = submit();
        mvc.perform(get("/api/v1/receipts/" + id).header("Authorization", key))
                .andExpect(jsonPath("$.status").value("queued"))
                .andExpect(jsonPath("$.reading").doesNotExist());
        drain("worker-1");
        mvc.perform(get("/api/v1/receipts/" + id).header("Authorization", key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("read"))
                .andExpect(jsonPath("$.reading.file").value("gen_001.jpg"))
                .andExpect(jsonPath("$.reading.total").value(3151))
                .andExpect(jsonPath("$.reading.purchasedAt").value("2025-01-25T20:25:05"));
    }

    @Test
    void aWorkerKilledDuringAReadingIsReplacedAndTheReceiptIsReadOnce() throws Exception {
        drain("earlier-tests"); // so that the next claim is this test's job
        String id = submit();
        UUID job = jdbc.queryForObject(
                "select id from jobs.jobs where type = 'receipt.read' and payload->>'submission' = ?", UUID.class, id);
        // worker A takes the job and its node dies: the lease is all that is left of it
        assertThat(worker.claim("worker-A"))
                .hasValueSatisfying(j -> assertThat(j.id()).isEqualTo(job));
        jdbc.update("update jobs.jobs set locked_until = now() - interval '1 second' where id = ?", job);

        drain("worker-B");
        mvc.perform(get("/api/v1/receipts/" + id).header("Authorization", key))
                .andExpect(jsonPath("$.status").value("read"))
                .andExpect(jsonPath("$.reading.total").value(3151));
        assertThat(jdbc.queryForObject(
                        "select status || '/' || attempts from jobs.jobs where id = ?", String.class, job))
                .isEqualTo("done/2");
        assertThat(worker.finish("worker-A", job)).isFalse();
        // running the handler again (as a late duplicate would) changes nothing
        String readAt = JsonPath.read(
                mvc.perform(get("/api/v1/receipts/" + id).header("Authorization", key))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.readAt");
        jdbc.update("update jobs.jobs set status = 'queued', run_at = now() where id = ?", job);
        drain("worker-C");
        mvc.perform(get("/api/v1/receipts/" + id).header("Authorization", key))
                .andExpect(jsonPath("$.readAt").value(readAt));
    }

    @Test
    void aReceiptWhoseReadingDiedSaysFailedWithAReasonAndAnOperatorsRetryStillReadsIt() throws Exception {
        drain("earlier-tests");
        String id = submit();
        UUID job = jdbc.queryForObject(
                "select id from jobs.jobs where type = 'receipt.read' and payload->>'submission' = ?", UUID.class, id);
        // the photo cannot be found: every attempt fails (one attempt allowed here)
        jdbc.update("update jobs.jobs set max_attempts = 1 where id = ?", job);
        UUID realPhoto = asOwner(
                o -> o.queryForObject("select photo_id from receipts.submissions where id = ?::uuid", UUID.class, id));
        asOwner(o ->
                o.update("update receipts.submissions set photo_id = ? where id = ?::uuid", UUID.randomUUID(), id));

        drain("worker-1");
        assertThat(jdbc.queryForObject("select status from jobs.jobs where id = ?", String.class, job))
                .isEqualTo("dead");
        mvc.perform(get("/api/v1/receipts/" + id).header("Authorization", key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("failed"))
                .andExpect(jsonPath("$.reason.code").value("reading_failed"))
                .andExpect(jsonPath("$.reason.detail").value(org.hamcrest.Matchers.containsString("読み取れませんでした")))
                .andExpect(jsonPath("$.reading").doesNotExist());
        mvc.perform(get("/api/v1/receipts/" + id).header("Authorization", key).header("Accept-Language", "en"))
                .andExpect(jsonPath("$.reason.code").value("reading_failed"))
                .andExpect(jsonPath("$.reason.detail")
                        .value(org.hamcrest.Matchers.startsWith("The receipt could not be read")));

        // the cause is removed and an operator retries the dead job: the receipt is read after all
        asOwner(o -> o.update("update receipts.submissions set photo_id = ? where id = ?::uuid", realPhoto, id));
        assertThat(jobs.retry(job)).isTrue();
        drain("worker-2");
        mvc.perform(get("/api/v1/receipts/" + id).header("Authorization", key))
                .andExpect(jsonPath("$.status").value("read"))
                .andExpect(jsonPath("$.reason").doesNotExist())
                .andExpect(jsonPath("$.reading.total").value(3151));
    }

    @Test
    void aReceiptWhoseReadingWasInterruptedOnEveryAttemptSaysSo() throws Exception {
        drain("earlier-tests");
        String id = submit();
        UUID job = jdbc.queryForObject(
                "select id from jobs.jobs where type = 'receipt.read' and payload->>'submission' = ?", UUID.class, id);
        for (int attempt = 1; attempt <= Jobs.DEFAULT_MAX_ATTEMPTS; attempt++) {
            // a worker takes the job and its node dies, every time
            assertThat(worker.claim("doomed-" + attempt))
                    .hasValueSatisfying(j -> assertThat(j.id()).isEqualTo(job));
            jdbc.update("update jobs.jobs set locked_until = now() - interval '1 second' where id = ?", job);
        }
        drain("survivor");
        mvc.perform(get("/api/v1/receipts/" + id).header("Authorization", key))
                .andExpect(jsonPath("$.status").value("failed"))
                .andExpect(jsonPath("$.reason.code").value("reading_interrupted"))
                .andExpect(jsonPath("$.reason.detail").isNotEmpty());
    }

    /** As the database owner, who may touch any tenant's rows (to break a submission on purpose). */
    <T> T asOwner(java.util.function.Function<JdbcTemplate, T> work) throws java.sql.SQLException {
        try (var connection = jp.tokuten.platform.OwnerAccess.ownerConnection(context)) {
            return work.apply(new JdbcTemplate(
                    new org.springframework.jdbc.datasource.SingleConnectionDataSource(connection, true)));
        }
    }

    @Test
    void thePhotoIsServedOnlyThroughTheApplicationWithSafeHeadersAndWithoutMetadata() throws Exception {
        String id = submit();
        // what was sent is never served: the clean copy is, once the reading job has made it
        mvc.perform(get("/api/v1/receipts/" + id + "/photo").header("Authorization", key))
                .andExpect(status().isNotFound());
        drain("photo-worker");
        byte[] photo = mvc.perform(get("/api/v1/receipts/" + id + "/photo").header("Authorization", key))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/jpeg"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment;")))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(photo).startsWith((byte) 0xFF, (byte) 0xD8);
        assertThat(new String(photo, StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
        String otherKey = "Bearer "
                + provisioning
                        .provision(TenantFixtures.uniqueSlug("peek"), "Peek")
                        .apiKey()
                        .key();
        mvc.perform(get("/api/v1/receipts/" + id + "/photo").header("Authorization", otherKey))
                .andExpect(status().isNotFound());
    }

    @Test
    void badUploadsAndOtherTenantsReceiptsAreRefused() throws Exception {
        mvc.perform(multipart("/api/v1/receipts")
                        .file(new MockMultipartFile(
                                "image", "x.jpg", "image/jpeg", "not a photo".getBytes(StandardCharsets.UTF_8)))
                        .header("Authorization", key))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(multipart("/api/v1/receipts")
                        .file(new MockMultipartFile("image", "x.jpg", "image/jpeg", new byte[0]))
                        .header("Authorization", key))
                .andExpect(status().isBadRequest());
        mvc.perform(multipart("/api/v1/receipts").file(receipt())).andExpect(status().isUnauthorized());

        String id = submit();
        String otherKey = "Bearer "
                + provisioning
                        .provision(TenantFixtures.uniqueSlug("other"), "Other")
                        .apiKey()
                        .key();
        mvc.perform(get("/api/v1/receipts/" + id).header("Authorization", otherKey))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/receipts/" + UUID.randomUUID()).header("Authorization", key))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/receipts/not-an-id").header("Authorization", key))
                .andExpect(status().isBadRequest());
    }
}
