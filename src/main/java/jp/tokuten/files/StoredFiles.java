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

    StoredFiles(JdbcClient jdbc, Clock clock, @Value("${tokuten.files.dir}") Path dir) {
        this.storage = new LocalDiskStorage(dir);
        this.jdbc = jdbc;
        this.clock = clock;
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
        String sha256 = sha256(clean);
        var id = new StoredFileId(TimeOrderedIds.next(clock));
        byte[] name = new byte[16];
        RANDOM.nextBytes(name);
        String hex = HexFormat.of().formatHex(name);
        String key = tenant + "/" + hex.substring(0, 2) + "/" + hex;
        try {
            storage.put(key, clean);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the photo", e);
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    deleteQuietly(key);
                }
            }
        });
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

    /** The stored file with its recorded content type, if it exists for the bound tenant. */
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
        var row = jdbc.sql("""
                        select storage_key, sha256, content_type from files.stored_files
                         where id = :id and (cast(:purpose as text) is null or purpose = :purpose)""")
                .param("id", id.value())
                .param("purpose", purpose)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getString(3)})
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = storage.get((String) row.get()[0]);
            if (!MessageDigest.isEqual(HexFormat.of().parseHex(sha256(bytes)), (byte[]) row.get()[1])) {
                throw new StoredFileDamagedException("Stored file " + id + " does not match its checksum");
            }
            return Optional.of(new Content(bytes, (String) row.get()[2]));
        } catch (IOException e) {
            throw new StoredFileDamagedException("Stored file " + id + " cannot be read: " + e.getMessage());
        }
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

    /** The directory the files are kept in (tests count what is on disk). */
    Path directory() {
        return storage.root();
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
