package jp.tokuten.receipts;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import jp.tokuten.files.PhotoIntake;
import jp.tokuten.files.StoredFileId;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.files.StoredPhoto;
import jp.tokuten.jobs.JobHandler;
import jp.tokuten.jobs.JobView;
import jp.tokuten.jobs.Jobs;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.shared.Slots;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receipts read in the background: a submission stores the checked photo and queues a
 * {@code receipt.read} job at once, so no request thread waits for OCR; whichever node runs the job
 * stores the reading. Running the job twice (after a worker died) reads once: only a submission not yet
 * read is updated. When the job goes to the dead letter the submission becomes {@code failed} with a
 * reason code; an operator's retry of the job may still read it.
 */
@Service
public class ReceiptSubmissions implements JobHandler {

    static final String JOB = "receipt.read";
    private final PhotoIntake intake;
    private final StoredFiles files;
    private final Jobs jobs;
    private final OcrEngine engine;
    private final ReceiptReader reader;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final List<SubmissionListener> listeners;

    ReceiptSubmissions(
            PhotoIntake intake,
            StoredFiles files,
            Jobs jobs,
            OcrEngine engine,
            JdbcClient jdbc,
            JsonMapper json,
            Clock clock,
            PlatformTransactionManager transactions,
            List<SubmissionListener> listeners) {
        this.listeners = listeners;
        this.intake = intake;
        this.files = files;
        this.jobs = jobs;
        this.engine = engine;
        this.reader = new ReceiptReader(engine);
        this.transaction = new TransactionTemplate(transactions);
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * A submission and, once read, its reading (the {@code read-receipt} JSON object); when its status is
     * {@code failed}, why, as a code: {@code reading_failed} (the reading failed on every attempt) or
     * {@code reading_interrupted} (the reading was interrupted on every attempt, e.g. its node stopped).
     */
    public record Submission(
            UUID id,
            String status,
            StoredFileId photo,
            @Nullable Map<String, Object> reading,
            Instant createdAt,
            @Nullable Instant readAt,
            @Nullable String failureReason) {}

    /**
     * Checks and stores the photo for the bound tenant and queues its reading, in one transaction that
     * starts once the photo is decoded (no connection is held while waiting for a decode slot); when it
     * rolls back, the stored file goes too.
     *
     * @param size the size the upload declares
     * @param fileName the client's name for the upload, kept only as {@link UploadedFileName#clean} makes it
     * @throws jp.tokuten.files.PhotoRejectedException when the upload is not an acceptable photo
     * @throws jp.tokuten.shared.ProblemException 503 {@code busy} when no decode slot came free in time
     */
    public Submission submit(InputStreamSource upload, long size, String fileName) throws IOException {
        String name = UploadedFileName.clean(fileName);
        return intake.receive(
                upload,
                size,
                photo -> transaction.execute(status -> {
                    StoredPhoto stored = files.storeReceiptPhoto(photo);
                    UUID id = TimeOrderedIds.next(clock);
                    Instant now = clock.instant();
                    jdbc.sql("""
                    insert into receipts.submissions (id, photo_id, file_name, created_at)
                    values (?, ?, ?, ?)""")
                            .params(id, stored.id().value(), name, Timestamp.from(now))
                            .update();
                    jobs.enqueue(JOB, TenantBinder.current().orElseThrow(), Map.of("submission", id.toString()), null);
                    return new Submission(id, "queued", stored.id(), null, now, null, null);
                }));
    }

    /** The bound tenant's submission, if it exists. */
    @Transactional(readOnly = true)
    public Optional<Submission> find(UUID id) {
        return jdbc.sql("select * from receipts.submissions where id = ?")
                .param(id)
                .query((rs, row) -> new Submission(
                        rs.getObject("id", UUID.class),
                        rs.getString("status"),
                        new StoredFileId(rs.getObject("photo_id", UUID.class)),
                        rs.getString("reading") == null
                                ? null
                                : json.readValue(rs.getString("reading"), new TypeReference<Map<String, Object>>() {}),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("read_at") == null
                                ? null
                                : rs.getTimestamp("read_at").toInstant(),
                        rs.getString("failure_reason")))
                .optional();
    }

    /** The clean copy of the submission's photo, for the bound tenant. */
    @Transactional(readOnly = true)
    public Optional<StoredFiles.Content> photo(UUID submission) {
        return find(submission).flatMap(s -> files.content(s.photo()));
    }

    public long maxBytes() {
        return intake.maxBytes();
    }

    @Override
    public String type() {
        return JOB;
    }

    /** Reads a submission not read yet (the job's tenant is bound by the worker). */
    @Override
    @Transactional
    public void handle(JobView job) throws IOException {
        UUID id = UUID.fromString(String.valueOf(job.payload().get("submission")));
        var row = jdbc.sql(
                        "select photo_id, file_name from receipts.submissions where id = ? and status in ('queued', 'failed')"
                                + " for update")
                .param(id)
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .optional();
        if (row.isEmpty()) {
            return; // already read, or gone
        }
        byte[] bytes = files.read(new StoredFileId(row.get().getKey()))
                .orElseThrow(() -> new IllegalStateException("The photo of submission " + id + " is missing"));
        ReceiptReading reading;
        // the same slots as requests, waited for as long as it takes: a worker has nobody to answer 503.
        // The decode slot is held only until the photo is made into the small grey page OCR reads.
        try {
            List<OcrEngine.Page> pages;
            try (Slots.Slot decoding = intake.slots().await()) {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
                if (image == null) {
                    throw new UncheckedIOException(
                            new IOException("The stored photo of submission " + id + " cannot be decoded"));
                }
                pages = reader.prepare(List.of(image));
            }
            try (Slots.Slot ocr = engine.slots().await()) {
                reading = reader.readPages(pages, List.of());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for a slot to read submission " + id, e);
        }
        jdbc.sql("""
                        update receipts.submissions set status = 'read', reading = ?::jsonb, read_at = ?,
                                                        failure_reason = null
                         where id = ?""")
                .params(
                        json.writeValueAsString(ReceiptJson.of(row.get().getValue(), reading)),
                        Timestamp.from(clock.instant()),
                        id)
                .update();
        listeners.forEach(l -> l.read(id));
    }

    /** The reading job went to the dead letter: the submission says so instead of staying queued. */
    @Override
    public void dead(JobView job, DeathCause cause) {
        UUID id = UUID.fromString(String.valueOf(job.payload().get("submission")));
        String reason = switch (cause) {
            case FAILED_EVERY_ATTEMPT -> "reading_failed";
            case STOPPED_EVERY_ATTEMPT -> "reading_interrupted";
        };
        int failed = jdbc.sql("""
                        update receipts.submissions set status = 'failed', failure_reason = ?
                         where id = ? and status = 'queued'""").params(reason, id).update();
        if (failed == 1) {
            listeners.forEach(l -> l.failed(id, reason));
        }
    }
}
