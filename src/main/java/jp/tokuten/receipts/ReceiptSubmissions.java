package jp.tokuten.receipts;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import jp.tokuten.files.Photo;
import jp.tokuten.files.PhotoIntake;
import jp.tokuten.files.PhotoRejectedException;
import jp.tokuten.files.StoredFileId;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.files.StoredPhoto;
import jp.tokuten.jobs.JobHandler;
import jp.tokuten.jobs.JobView;
import jp.tokuten.jobs.Jobs;
import jp.tokuten.ocr.OcrEngine;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.Slots;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
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
    private final StoreCatalog tenantStores;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final List<SubmissionListener> listeners;
    private final int readersDuringIntake;
    private final Duration intakeQuiet;

    ReceiptSubmissions(
            PhotoIntake intake,
            StoredFiles files,
            Jobs jobs,
            OcrEngine engine,
            TenantStoreCatalog tenantStores,
            JdbcClient jdbc,
            JsonMapper json,
            Clock clock,
            PlatformTransactionManager transactions,
            List<SubmissionListener> listeners,
            @Value("${tokuten.receipts.readers-during-intake:1}") int readersDuringIntake,
            @Value("${tokuten.receipts.intake-quiet:PT1S}") Duration intakeQuiet) {
        this.readersDuringIntake = Math.max(0, readersDuringIntake);
        this.intakeQuiet = intakeQuiet;
        this.listeners = listeners;
        this.intake = intake;
        this.files = files;
        this.jobs = jobs;
        this.engine = engine;
        this.reader = new ReceiptReader(engine);
        this.tenantStores = tenantStores;
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

    /** One photo of an upload: where its bytes are, the size it declares and the client's name for it. */
    public record Page(InputStreamSource source, long size, String fileName) {}

    /** The most photos one long receipt may be sent as. */
    public static final int MAX_PAGES = 10;

    /**
     * Takes one photo of a receipt for the bound tenant (see {@link #accept}).
     *
     * @param size the size the upload declares
     * @param fileName the client's name for the upload, kept only as {@link UploadedFileName#clean} makes it
     * @throws jp.tokuten.files.PhotoRejectedException when the upload is not an acceptable photo
     */
    public Submission submit(InputStreamSource upload, long size, String fileName) throws IOException {
        return accept(List.of(new Page(upload, size, fileName)), List.of());
    }

    /**
     * Takes one receipt, sent as one or more photos (several photos of one long receipt, top to bottom),
     * for the bound tenant, doing in the request only what needs no decoding (issue 10): each photo is
     * screened from its header and bytes ({@link jp.tokuten.files.PhotoIntake#screen}) and stored as sent
     * with its checksum; then one short transaction records the photos and the submission and queues its
     * {@code receipt.read} job. The job decodes, turns, re-encodes without metadata and reads, with
     * {@code knownStores} (the store names of the campaign, decision 023) recognised in the header. When
     * the transaction does not commit, the stored bytes go too; a refused photo stores nothing.
     *
     * @throws jp.tokuten.files.PhotoRejectedException when a photo is not acceptable
     * @throws ProblemException 422 {@code too_many_pages} with more than {@link #MAX_PAGES} photos
     */
    public Submission accept(List<Page> pages, List<String> knownStores) throws IOException {
        try (Received received = receive(pages)) {
            return transaction.execute(status -> record(received, knownStores));
        }
    }

    /**
     * The photos of one receipt, screened and stored as sent by {@link #receive} but not yet recorded.
     * Closing it deletes the photos that {@link #record} has not recorded (those it recorded go when the
     * recording transaction does not commit).
     */
    public static final class Received implements AutoCloseable {
        private final String name;
        private final List<StoredFiles.Received> files;

        private Received(String name, List<StoredFiles.Received> files) {
            this.name = name;
            this.files = files;
        }

        @Override
        public void close() {
            files.forEach(StoredFiles.Received::close);
        }
    }

    /**
     * The first half of {@link #accept}: screens each photo of one receipt and stores it as sent, outside
     * any transaction (no database connection waits on the bytes; an entry's own transaction may follow).
     * A refused photo leaves nothing behind.
     *
     * @throws jp.tokuten.files.PhotoRejectedException when a photo is not acceptable
     * @throws ProblemException 422 {@code too_many_pages} with more than {@link #MAX_PAGES} photos
     */
    public Received receive(List<Page> pages) throws IOException {
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("a receipt has at least one photo");
        }
        if (pages.size() > MAX_PAGES) {
            throw new ProblemException(422, "too_many_pages", MAX_PAGES).with("max", MAX_PAGES);
        }
        TenantBinder.required();
        Received received = new Received(UploadedFileName.clean(pages.getFirst().fileName()), new ArrayList<>());
        try {
            for (Page page : pages) {
                try (var in = page.source().getInputStream()) {
                    received.files.add(files.receiveOriginal(in, page.size()));
                }
            }
            return received;
        } catch (IOException | RuntimeException e) {
            received.close();
            throw e;
        }
    }

    /**
     * The second half of {@link #accept}: records received photos and their submission and queues the
     * reading, in the current transaction (or one of its own).
     */
    @Transactional
    public Submission record(Received received, List<String> knownStores) {
        TenantId tenant = TenantBinder.required();
        List<UUID> photos = new ArrayList<>(received.files.size());
        for (StoredFiles.Received r : received.files) {
            photos.add(files.recordOriginal(r).id().value());
        }
        UUID id = TimeOrderedIds.next(clock);
        Instant now = clock.instant();
        jdbc.sql("""
                insert into receipts.submissions (id, photo_id, page_ids, file_name, known_stores, created_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        photos.getFirst(),
                        photos.subList(1, photos.size()).toArray(UUID[]::new),
                        received.name,
                        knownStores.toArray(String[]::new),
                        Timestamp.from(now))
                .update();
        jobs.enqueue(JOB, tenant, Map.of("submission", id.toString()), null);
        return new Submission(id, "queued", new StoredFileId(photos.getFirst()), null, now, null, null);
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

    /**
     * Reads a submission not read yet (the job's tenant is bound by the worker). First it waits its turn
     * while uploads are coming in ({@link #awaitTurn}); then, for each photo still kept as sent, it
     * decodes it (a decode slot), stores the clean copy and lets go of the original in one transaction; a
     * photo that cannot be decoded makes the submission {@code failed} with {@code unreadable_image},
     * the entry is kept and judged on that. Then it reads (a reading slot) and records the reading. No
     * transaction is open while it waits, decodes or reads.
     */
    @Override
    public void handle(JobView job) throws IOException {
        UUID id = UUID.fromString(String.valueOf(job.payload().get("submission")));
        try (Turn turn = awaitTurn()) {
            readSubmission(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting to read submission " + id, e);
        }
    }

    private record Pending(List<UUID> photos, String fileName, List<String> knownStores) {}

    private void readSubmission(UUID id) throws InterruptedException {
        Optional<Pending> pending = transaction.execute(status -> jdbc.sql("""
                        select photo_id, page_ids, file_name, known_stores from receipts.submissions
                         where id = ? and status in ('queued', 'failed')""")
                .param(id)
                .query((rs, n) -> {
                    List<UUID> photos = new ArrayList<>();
                    photos.add(rs.getObject(1, UUID.class));
                    photos.addAll(Arrays.asList((UUID[]) rs.getArray(2).getArray()));
                    return new Pending(photos, rs.getString(3), Arrays.asList((String[])
                            rs.getArray(4).getArray()));
                })
                .optional());
        if (pending.isEmpty()) {
            return; // already read, or gone
        }
        List<OcrEngine.Page> pages = new ArrayList<>();
        PhotoCheck check = new PhotoCheck();
        for (UUID photo : pending.get().photos()) {
            var kept = files.load(new StoredFileId(photo))
                    .orElseThrow(() -> new IllegalStateException("A photo of submission " + id + " is missing"));
            // the decode slot is held only until the photo is made into the small grey page OCR reads
            try (Slots.Slot decoding = intake.slots().await()) {
                BufferedImage image;
                if (kept.original()) {
                    Photo clean;
                    try {
                        clean = intake.check(kept.bytes());
                    } catch (PhotoRejectedException e) {
                        unreadable(id);
                        return;
                    }
                    transaction.executeWithoutResult(status -> {
                        StoredPhoto copy = files.replaceOriginal(new StoredFileId(photo), clean);
                        jdbc.sql("""
                                update receipts.submissions
                                   set photo_id = case when photo_id = :original then :copy else photo_id end,
                                       page_ids = array_replace(page_ids, :original, :copy)
                                 where id = :id""")
                                .param("original", photo)
                                .param("copy", copy.id().value())
                                .param("id", id)
                                .update();
                    });
                    image = clean.image();
                    check.add(kept.bytes(), image);
                } else {
                    try {
                        image = ImageIO.read(new ByteArrayInputStream(kept.bytes()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (image == null) {
                        throw new IllegalStateException(
                                "The clean copy of a photo of submission " + id + " cannot be decoded");
                    }
                    check.add(null, image);
                }
                pages.addAll(reader.prepare(List.of(image)));
            }
        }
        ReceiptReading reading;
        try (Slots.Slot ocr = engine.slots().await()) {
            // the job's tenant is bound: its stores identify the receipt's by registration or phone number
            reading = reader.readPages(pages, pending.get().knownStores(), tenantStores);
        }
        transaction.executeWithoutResult(status -> {
            int read = jdbc.sql("""
                            update receipts.submissions set status = 'read', reading = ?::jsonb, read_at = ?,
                                                            failure_reason = null
                             where id = ? and status in ('queued', 'failed')""")
                    .params(
                            json.writeValueAsString(
                                    check.into(ReceiptJson.of(pending.get().fileName(), reading))),
                            Timestamp.from(clock.instant()),
                            id)
                    .update();
            if (read == 1) {
                listeners.forEach(l -> l.read(id));
            }
        });
    }

    /** A photo that passed the request-time check could not be decoded: the submission says so, kept. */
    private void unreadable(UUID id) {
        transaction.executeWithoutResult(status -> {
            int failed = jdbc.sql("""
                            update receipts.submissions set status = 'failed', failure_reason = 'unreadable_image'
                             where id = ? and status = 'queued'""").param(id).update();
            if (failed == 1) {
                listeners.forEach(l -> l.failed(id, "unreadable_image"));
            }
        });
    }

    /** A reader's turn: given back when the reading is done. */
    private interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    private final AtomicInteger readers = new AtomicInteger();

    /**
     * Uploads first (issue 10): while uploads are coming in ({@link PhotoIntake#busy}), at most
     * {@code tokuten.receipts.readers-during-intake} submissions are read at once on this node and the
     * other workers wait; once intake has been quiet for {@code tokuten.receipts.intake-quiet}, every
     * worker reads. So a burst of entries is taken at full speed and its backlog read after it.
     */
    Turn awaitTurn() throws InterruptedException {
        while (true) {
            int now = readers.get();
            boolean mayRead = !intake.busy(intakeQuiet) || now < readersDuringIntake;
            if (mayRead && readers.compareAndSet(now, now + 1)) {
                AtomicBoolean open = new AtomicBoolean(true);
                return () -> {
                    if (open.compareAndSet(true, false)) {
                        readers.decrementAndGet();
                    }
                };
            }
            if (!mayRead) {
                Thread.sleep(100);
            }
        }
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
