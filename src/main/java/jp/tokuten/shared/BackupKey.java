package jp.tokuten.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The backup key ({@code TOKUTEN_BACKUP_KEY}: base64 of 32 random bytes). Backups are encrypted with it
 * (AES-256-GCM) and audit anchors are signed with a key derived from it ({@link #derive}); {@link #id()}
 * names it without revealing it, so a restore can tell a wrong key from a damaged backup. Without a
 * configured key the embedded (demo) database uses one generated into {@code <data dir>/backup.key}
 * (decision 131); an external database has none.
 */
public final class BackupKey {

    /** The file, under the data directory, holding the embedded database's generated key. */
    public static final String GENERATED_FILE = "backup.key";

    private final byte[] key;

    private BackupKey(byte[] key) {
        this.key = key.clone();
    }

    /** Parses base64 of exactly 32 bytes; the message of the exception never contains the text. */
    public static BackupKey parse(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "TOKUTEN_BACKUP_KEY is not base64 (make one with: openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("TOKUTEN_BACKUP_KEY must be base64 of 32 bytes, not " + bytes.length
                    + " (make one with: openssl rand -base64 32)");
        }
        return new BackupKey(bytes);
    }

    /**
     * The configured key, else (embedded database only) the generated one under {@code dataDir}, created
     * when {@code create} and missing; empty when there is none.
     */
    public static Optional<BackupKey> resolve(
            @Nullable String configured, boolean embedded, Path dataDir, boolean create) {
        if (configured != null && !configured.isBlank()) {
            return Optional.of(parse(configured));
        }
        if (!embedded) {
            return Optional.empty();
        }
        Path file = dataDir.resolve(GENERATED_FILE);
        try {
            if (Files.exists(file)) {
                return Optional.of(parse(Files.readString(file, StandardCharsets.US_ASCII)));
            }
            if (!create) {
                return Optional.empty();
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Files.createDirectories(dataDir);
            Files.writeString(
                    file,
                    Base64.getEncoder().encodeToString(fresh) + "\n",
                    StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return Optional.of(new BackupKey(fresh));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the backup key " + file + ": " + e.getMessage(), e);
        }
    }

    /** The AES-256 key bytes (a copy). */
    public byte[] bytes() {
        return key.clone();
    }

    /** A key for one purpose: HMAC-SHA256 of {@code label} under this key. */
    public byte[] derive(String label) {
        return hmac(key, label.getBytes(StandardCharsets.UTF_8));
    }

    /** A short public name of the key (16 hex digits), the same for the same key. */
    public String id() {
        return HexFormat.of().formatHex(Arrays.copyOf(derive("tokuten backup key id"), 8));
    }

    /** HMAC-SHA256 of {@code data} under {@code key}. */
    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "BackupKey[" + id() + "]";
    }
}
