package jp.tokuten.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the clean copy of uploaded photos for the bound tenant and hands them back, checked against
 * the SHA-256 recorded when they were stored. Also counts each tenant's storage use.
 */
@Service
public class StoredFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalDiskStorage storage;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final PhotoIntake intake;
    private final jp.tokuten.tenancy.PlanLimits limits;

    StoredFiles(
            JdbcClient jdbc,
            Clock clock,
            @Value("${tokuten.files.dir}") Path dir,
            PhotoIntake intake,
            jp.tokuten.tenancy.PlanLimits limits) {
        this.limits = limits;
        this.storage = new LocalDiskStorage(dir);
        this.jdbc = jdbc;
        this.clock = clock;
        this.intake = intake;
    }

    /** The directory the files are kept in ({@code tokuten.files.dir}): what a backup copies (module ops). */
    public Path directory() {
        return storage.root();
    }

    /**
     * An upload screened by {@link PhotoIntake#screen} and written to storage as it was sent, not yet
     * recorded. Closing it deletes the file unless {@link #recordOriginal} recorded it (then the
     * recording transaction decides: the file goes when it does not commit).
     */
    public final class Received implements AutoCloseable {
        private final String key;
        private final PhotoIntake.Screened screened;
        private boolean recorded;

        private Received(String key, PhotoIntake.Screened screened) {
            this.key = key;
            this.screened = screened;
        }

        public PhotoIntake.Screened screened() {
            return screened;
        }

        @Override
        public void close() {
            if (!recorded) {
                deleteQuietly(key);
            }
        }
    }

    /**
     * Screens an upload (no pixel decoded) and writes its bytes, unchanged, under a new random key of the
     * bound tenant, in one pass; outside any transaction, so no database connection waits on the bytes.
     * A refused upload leaves nothing behind.
     *
     * @throws PhotoRejectedException when the upload is not an acceptable photo
     */
    public Received receiveOriginal(java.io.InputStream upload, long size) throws IOException {
        String key = newKey(TenantBinder.required());
        PhotoIntake.Screened screened = storage.put(key, out -> intake.screen(upload, size, out));
        return new Received(key, screened);
    }

    /**
     * Records a received original for the bound tenant in the current transaction: kept, never served,
     * only until {@link #replaceOriginal} has made its clean copy. When the transaction does not commit
     * the file is deleted.
     */
    @Transactional
    public StoredPhoto recordOriginal(Received received) {
        PhotoIntake.Screened s = received.screened();
        withinStorageCap(s.size());
        String contentType = "image/" + s.header().format();
        var id = new StoredFileId(TimeOrderedIds.next(clock));
        deleteUnlessCommitted(received.key);
        received.recorded = true;
        jdbc.sql("""
                        insert into files.stored_files
                          (id, purpose, content_type, size_bytes, sha256, storage_key, width, height, created_at)
                        values (:id, 'receipt_original', :type, :size, :sha, :key, :w, :h, :at)
                        """)
                .param("id", id.value())
                .param("type", contentType)
                .param("size", s.size())
                .param("sha", HexFormat.of().parseHex(s.sha256()))
                .param("key", received.key)
                .param("w", s.header().width())
                .param("h", s.header().height())
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .update();
        return new StoredPhoto(
                id,
                contentType,
                s.size(),
                s.sha256(),
                s.header().width(),
                s.header().height());
    }

    /**
     * Stores the clean copy of an original (re-encoded from {@code photo}, no metadata) and deletes the
     * original: its row in this transaction, its bytes once the transaction has committed. Nothing is
     * lost whichever way it ends: before the commit the original is still there, after it the copy is.
     */
    @Transactional
    public StoredPhoto replaceOriginal(StoredFileId original, Photo photo) {
        String key = jdbc.sql("""
                        delete from files.stored_files where id = ? and purpose = 'receipt_original'
                        returning storage_key""")
                .param(original.value())
                .query(String.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("No original " + original + " to replace"));
        StoredPhoto clean = storeReceiptPhoto(photo);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    deleteQuietly(key);
                }
            }
        });
        return clean;
    }

    /** A stored file's bytes and whether they are an original as uploaded (never served) or a clean copy. */
    public record Kept(byte[] bytes, String contentType, boolean original) {}

    /** The stored file, original or clean copy, for background work of the bound tenant; checked against its SHA-256. */
    @Transactional(readOnly = true)
    public Optional<Kept> load(StoredFileId id) {
        var row = jdbc.sql("select storage_key, sha256, content_type, purpose from files.stored_files where id = :id")
                .param("id", id.value())
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getString(4)})
                .optional();
        return row.map(r -> new Kept(
                checkedBytes(id, (String) r[0], (byte[]) r[1]), (String) r[2], "receipt_original".equals(r[3])));
    }

    /** A stored file of the bound tenant, for its data export. */
    public record Listed(StoredFileId id, String purpose, String contentType, long size) {}

    /** Every stored file of the bound tenant, oldest first (its data export reads each with {@link #load}). */
    @Transactional(readOnly = true)
    public java.util.List<Listed> listAll() {
        return jdbc.sql("select id, purpose, content_type, size_bytes from files.stored_files order by created_at, id")
                .query((rs, n) -> new Listed(
                        new StoredFileId(rs.getObject(1, java.util.UUID.class)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4)))
                .list();
    }

    /** How many files, and bytes, a tenant's folder of the storage holds. */
    public record Usage(long files, long bytes) {}

    /**
     * What {@code tenant}'s folder of the storage holds. Platform work on a tenant being deleted (module
     * ops): it reads the disk and binds nothing.
     */
    public Usage onDisk(TenantId tenant) {
        Path folder = storage.root().resolve(tenant.value().toString());
        if (!java.nio.file.Files.isDirectory(folder)) {
            return new Usage(0, 0);
        }
        try (var files = java.nio.file.Files.walk(folder)) {
            long[] counts = new long[2];
            files.filter(java.nio.file.Files::isRegularFile).forEach(f -> {
                counts[0]++;
                try {
                    counts[1] += java.nio.file.Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return new Usage(counts[0], counts[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes {@code tenant}'s whole folder of the storage, once its rows are gone (module ops deleting a
     * terminated tenant); nothing when there is none. Binds nothing.
     */
    public void deleteFolder(TenantId tenant) {
        deleteTree(storage.root().resolve(tenant.value().toString()));
    }

    /** Deletes a directory tree; nothing when it does not exist. */
    public static void deleteTree(Path folder) {
        if (!java.nio.file.Files.exists(folder)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + folder, e);
        }
    }

    private byte[] checkedBytes(StoredFileId id, String key, byte[] sha256) {
        try {
            byte[] bytes = storage.get(key);
            if (!MessageDigest.isEqual(HexFormat.of().parseHex(sha256(bytes)), sha256)) {
                throw new StoredFileDamagedException("Stored file " + id + " does not match its checksum");
            }
            return bytes;
        } catch (IOException e) {
            throw new StoredFileDamagedException("Stored file " + id + " cannot be read: " + e.getMessage());
        }
    }

    private static String newKey(TenantId tenant) {
        byte[] name = new byte[16];
        RANDOM.nextBytes(name);
        String hex = HexFormat.of().formatHex(name);
        return tenant + "/" + hex.substring(0, 2) + "/" + hex;
    }

    private void deleteUnlessCommitted(String key) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    deleteQuietly(key);
                }
            }
        });
    }

    /**
     * Re-encodes the photo (no metadata survives) and stores it as a receipt photo of the bound tenant. The
     * file is written first and deleted again when the transaction it joins does not commit, so a request
     * that fails after this call leaves no photo behind.
     */
    @Transactional
    public StoredPhoto storeReceiptPhoto(Photo photo) {
        return store(photo, "receipt_photo");
    }

    /**
     * Re-encodes the image (no metadata survives; transparency is laid on white) and stores it as a
     * campaign's landing page image of the bound tenant, the only purpose that may later be served publicly.
     * Like {@link #storeReceiptPhoto}, the file goes again when the transaction does not commit.
     */
    @Transactional
    public StoredPhoto storeCampaignImage(Photo photo) {
        return store(photo, "campaign_image");
    }

    private StoredPhoto store(Photo photo, String purpose) {
        TenantId tenant = TenantBinder.current().orElseThrow(() -> new IllegalStateException("no tenant bound"));
        byte[] clean = PhotoIntake.reencode(photo);
        withinStorageCap(clean.length);
        String sha256 = sha256(clean);
        var id = new StoredFileId(TimeOrderedIds.next(clock));
        String key = newKey(tenant);
        try {
            storage.put(key, clean);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the photo", e);
        }
        deleteUnlessCommitted(key);
        try {
            jdbc.sql("""
                            insert into files.stored_files
                              (tenant_id, id, purpose, content_type, size_bytes, sha256, storage_key, width, height, created_at)
                            values (:tenant, :id, :purpose, 'image/jpeg', :size, :sha, :key, :w, :h, :at)
                            """)
                    .param("tenant", tenant.value())
                    .param("purpose", purpose)
                    .param("id", id.value())
                    .param("size", (long) clean.length)
                    .param("sha", HexFormat.of().parseHex(sha256))
                    .param("key", key)
                    .param("w", photo.width())
                    .param("h", photo.height())
                    .param("at", java.sql.Timestamp.from(clock.instant()))
                    .update();
        } catch (RuntimeException e) {
            deleteQuietly(key);
            throw e;
        }
        return new StoredPhoto(id, "image/jpeg", clean.length, sha256, photo.width(), photo.height());
    }

    /** A stored file's bytes with the content type recorded when it was stored (never guessed from them). */
    public record Content(byte[] bytes, String contentType) {}

    /** The stored bytes, if the file exists for the bound tenant; damaged bytes are refused. */
    @Transactional(readOnly = true)
    public Optional<byte[]> read(StoredFileId id) {
        return content(id).map(Content::bytes);
    }

    /** The clean copy with its recorded content type, if it exists for the bound tenant (originals are never served). */
    @Transactional(readOnly = true)
    public Optional<Content> content(StoredFileId id) {
        return content(id, null);
    }

    /**
     * A campaign image of the bound tenant, for the public landing page: a file stored for any other purpose
     * (a receipt photo) is never handed out by this call.
     */
    @Transactional(readOnly = true)
    public Optional<Content> campaignImage(StoredFileId id) {
        return content(id, "campaign_image");
    }

    private Optional<Content> content(StoredFileId id, @org.jspecify.annotations.Nullable String purpose) {
        // an original as uploaded is never served: only the clean copy, once the job has made it
        var row = jdbc.sql("""
                        select storage_key, sha256, content_type from files.stored_files
                         where id = :id and purpose <> 'receipt_original'
                           and (cast(:purpose as text) is null or purpose = :purpose)""")
                .param("id", id.value())
                .param("purpose", purpose)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getString(3)})
                .optional();
        return row.map(r -> new Content(checkedBytes(id, (String) r[0], (byte[]) r[1]), (String) r[2]));
    }

    /**
     * Refuses with 403 {@code plan_limit_reached} a file that would take the bound tenant past its plan's
     * storage cap. Checked before the write, not in one statement with it: uploads in flight at the same
     * time may pass the cap by their own size (decision 146).
     */
    private void withinStorageCap(long size) {
        limits.check(jp.tokuten.tenancy.PlanLimit.STORAGE_BYTES, usageBytes(), size);
    }

    /** Bytes stored by the bound tenant. */
    @Transactional(readOnly = true)
    public long usageBytes() {
        return jdbc.sql("select coalesce(sum(size_bytes), 0) from files.stored_files")
                .query(Long.class)
                .single();
    }

    /**
     * Bytes stored by {@code tenant}, for operators: one number, read without binding the tenant (the
     * database function {@code files.bytes_stored} returns nothing else).
     */
    @Transactional(readOnly = true)
    public long bytesStoredBy(jp.tokuten.tenancy.TenantId tenant) {
        return jdbc.sql("select files.bytes_stored(?)")
                .param(tenant.value())
                .query(Long.class)
                .single();
    }

    /** How many files the bound tenant has stored. */
    @Transactional(readOnly = true)
    public long count() {
        return jdbc.sql("select count(*) from files.stored_files")
                .query(Long.class)
                .single();
    }

    private void deleteQuietly(String key) {
        try {
            storage.delete(key);
        } catch (IOException ignored) {
            // an orphan file without a row is harmless and found by its missing row
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
