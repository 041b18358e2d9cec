package jp.tokuten.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import jp.tokuten.platform.ServiceKeys;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Seals and opens personal data of the bound tenant. Each tenant's data key is kept wrapped by the master key
 * in a file of its own under {@code TOKUTEN_KEY_DIR}, outside the database, so that a database backup holds
 * sealed values but never the keys that open them: destroying a tenant's key file ({@link #destroyKey}) makes
 * what older backups hold of it unreadable (decision 143). A sealed value is {@code 0x01 | nonce (12) | AES-256-GCM
 * ciphertext and tag}, the tenant id as associated data (a value copied into another tenant's row does not
 * open there). The tenant's data key is made on first use and kept in memory for at most five minutes per
 * node. {@link #lookupHash} is an HMAC-SHA-256 of the normalised text
 * (trimmed, NFKC, lower case) under a key derived from the data key: equal texts of one tenant give equal
 * hashes, which is what a unique index or a lookup compares instead of the text. Without the key (the tenant
 * deleted) {@link #open} throws {@link PersonalDataUnavailableException}.
 */
@Service
public class PersonalData {

    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final Duration KEPT = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Keys(SecretKey data, SecretKey lookup, Instant loadedAt) {}

    private final Path keyDir;
    private final Clock clock;
    private final java.util.function.Supplier<SecretKey> masterKey;
    private volatile @Nullable SecretKey master;
    private final ConcurrentHashMap<TenantId, Keys> keys = new ConcurrentHashMap<>();

    PersonalData(
            Clock clock,
            @Value("${tokuten.privacy.master-key:}") String masterKey,
            @Value("${tokuten.privacy.key-dir}") Path keyDir,
            @Value("${tokuten.db.url:}") String dbUrl,
            @Value("${tokuten.db.data-dir}") Path dataDir,
            @Value("${tokuten.privacy.load-key-at-start:true}") boolean loadAtStart) {
        this.keyDir = keyDir.toAbsolutePath().normalize();
        this.clock = clock;
        this.masterKey = () -> new SecretKeySpec(
                ServiceKeys.load(masterKey, "TOKUTEN_MASTER_KEY", dbUrl.isBlank(), dataDir, "master.key"), "AES");
        // the server refuses to start without its key; commands that never open personal data (restore, audit
        // verify, postal-codes load) set load-key-at-start=false and need it only if they do
        if (loadAtStart) {
            master();
        }
    }

    private synchronized SecretKey master() {
        SecretKey k = master;
        if (k == null) {
            k = masterKey.get();
            master = k;
        }
        return k;
    }

    /** {@code text} sealed with the bound tenant's key; null for null. */
    public byte @Nullable [] seal(@Nullable String text) {
        if (text == null) {
            return null;
        }
        TenantId tenant = TenantBinder.required();
        return encrypt(keys(tenant, true).data(), text.getBytes(StandardCharsets.UTF_8), tenant);
    }

    /** The text of a value {@link #seal}ed for the bound tenant; null for null. */
    public @Nullable String open(byte @Nullable [] sealed) {
        if (sealed == null) {
            return null;
        }
        TenantId tenant = TenantBinder.required();
        Keys k = keys(tenant, false);
        if (k == null) {
            throw new PersonalDataUnavailableException("Tenant " + tenant + " has no personal-data key");
        }
        return new String(decrypt(k.data(), sealed, tenant), StandardCharsets.UTF_8);
    }

    /** The keyed hash of {@code text} for the bound tenant (normalised: trimmed, NFKC, lower case). */
    public byte[] lookupHash(String text) {
        return lookupHashExact(normalise(text));
    }

    /** The keyed hash of {@code text} as it is, for the bound tenant (for references whose case matters). */
    public byte[] lookupHashExact(String text) {
        TenantId tenant = TenantBinder.required();
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(keys(tenant, true).lookup());
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalise(String text) {
        return java.text.Normalizer.normalize(text.strip(), java.text.Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT);
    }

    /** Forgets the keys this node holds (after a tenant's deletion, and for tests). */
    public void forgetKeys() {
        keys.clear();
    }

    private @Nullable Keys keys(TenantId tenant, boolean create) {
        Keys k = keys.get(tenant);
        if (k != null && k.loadedAt().plus(KEPT).isAfter(clock.instant())) {
            return k;
        }
        byte[] wrapped = read(tenant);
        if (wrapped == null) {
            if (!create) {
                keys.remove(tenant);
                return null;
            }
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            write(tenant, encrypt(master(), fresh, tenant));
            wrapped = read(tenant);
            if (wrapped == null) {
                throw new IllegalStateException("The data key of " + tenant + " was not stored");
            }
        }
        byte[] raw = decrypt(master(), wrapped, tenant);
        Keys loaded = new Keys(new SecretKeySpec(raw, "AES"), lookupKey(raw), clock.instant());
        Arrays.fill(raw, (byte) 0);
        keys.put(tenant, loaded);
        return loaded;
    }

    /**
     * Destroys {@code tenant}'s data key, for good: its file is deleted, and this node forgets it. Platform
     * work on a tenant being deleted (module ops), after its rows are gone; binds nothing. Returns whether there
     * was a key. Other nodes forget theirs within five minutes; the tenant's rows are gone by then.
     */
    public boolean destroyKey(TenantId tenant) {
        keys.remove(tenant);
        try {
            return Files.deleteIfExists(keyFile(tenant));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the data key of " + tenant, e);
        }
    }

    /** Whether {@code tenant} has a data key (for the deletion certificate). */
    public boolean hasKey(TenantId tenant) {
        return Files.exists(keyFile(tenant));
    }

    private Path keyFile(TenantId tenant) {
        return keyDir.resolve(tenant.value() + ".key");
    }

    private byte @Nullable [] read(TenantId tenant) {
        Path file = keyFile(tenant);
        try {
            return Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the data key of " + tenant, e);
        }
    }

    /** Writes a new key file, all or nothing; a key another node wrote first wins (the caller reads it back). */
    private void write(TenantId tenant, byte[] wrapped) {
        try {
            Files.createDirectories(keyDir);
            Path file = keyFile(tenant);
            Path part = keyDir.resolve(tenant.value() + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
            Files.writeString(part, Base64.getEncoder().encodeToString(wrapped) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own protection has to do
            }
            try (var channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.createLink(file, part); // fails when the file exists: the first key stays
            } catch (FileAlreadyExistsException e) {
                // another node or thread made it first
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the data key of " + tenant, e);
        }
    }

    private static SecretKey lookupKey(byte[] dataKey) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(dataKey, "HmacSHA256"));
            return new SecretKeySpec(
                    mac.doFinal("tokuten lookup v1".getBytes(StandardCharsets.US_ASCII)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encrypt(SecretKey key, byte[] plain, TenantId tenant) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(tenant));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    private static byte[] decrypt(SecretKey key, byte[] sealed, TenantId tenant) {
        if (sealed.length < 1 + NONCE + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new PersonalDataUnavailableException("Not a sealed value");
        }
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
            cipher.updateAAD(aad(tenant));
            return cipher.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            throw new PersonalDataUnavailableException("Sealed value does not open: wrong key or altered");
        }
    }

    private static byte[] aad(TenantId tenant) {
        return tenant.value().toString().getBytes(StandardCharsets.US_ASCII);
    }
}
