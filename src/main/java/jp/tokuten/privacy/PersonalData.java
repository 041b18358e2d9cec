package jp.tokuten.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals and opens personal data of the bound tenant. A sealed value is {@code 0x01 | nonce (12) | AES-256-GCM
 * ciphertext and tag}, the tenant id as associated data (a value copied into another tenant's row does not
 * open there). The tenant's data key is made on first use, stored wrapped by the master key, and kept in
 * memory for at most five minutes per node. {@link #lookupHash} is an HMAC-SHA-256 of the normalised text
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

    private final JdbcClient jdbc;
    private final TransactionTemplate reading;
    private final TransactionTemplate creating;
    private final Clock clock;
    private final SecretKey master;
    private final ConcurrentHashMap<TenantId, Keys> keys = new ConcurrentHashMap<>();

    PersonalData(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            Clock clock,
            @Value("${tokuten.privacy.master-key:}") String masterKey,
            @Value("${tokuten.db.url:}") String dbUrl,
            @Value("${tokuten.db.data-dir}") Path dataDir) {
        this.jdbc = jdbc;
        this.reading = new TransactionTemplate(transactions);
        this.creating = new TransactionTemplate(transactions);
        this.creating.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.master = new SecretKeySpec(
                ServiceKeys.load(masterKey, "TOKUTEN_MASTER_KEY", dbUrl.isBlank(), dataDir, "master.key"), "AES");
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
        TenantId tenant = TenantBinder.required();
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(keys(tenant, true).lookup());
            return mac.doFinal(normalise(text).getBytes(StandardCharsets.UTF_8));
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
        byte[] wrapped = read();
        if (wrapped == null) {
            if (!create) {
                keys.remove(tenant);
                return null;
            }
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            insert(encrypt(master, fresh, tenant));
            wrapped = read();
            if (wrapped == null) {
                throw new IllegalStateException("The data key of " + tenant + " was not stored");
            }
        }
        byte[] raw = decrypt(master, wrapped, tenant);
        Keys loaded = new Keys(new SecretKeySpec(raw, "AES"), lookupKey(raw), clock.instant());
        Arrays.fill(raw, (byte) 0);
        keys.put(tenant, loaded);
        return loaded;
    }

    private byte @Nullable [] read() {
        return reading.execute(s -> jdbc.sql("select wrapped_secret from privacy.tenant_keys")
                .query(byte[].class)
                .optional()
                .orElse(null));
    }

    /** In a transaction of its own, so that a key made by a caller whose transaction rolls back stays. */
    private void insert(byte[] wrapped) {
        creating.executeWithoutResult(s -> jdbc.sql(
                        "insert into privacy.tenant_keys (wrapped_secret, created_at) values (?, ?) on conflict do nothing")
                .params(wrapped, Timestamp.from(clock.instant()))
                .update());
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
