package jp.tokuten.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signs deletion certificates with Ed25519 (decision 142). The private key is the 32-byte seed in
 * {@code TOKUTEN_SIGNING_KEY} ({@code tokuten.ops.signing-key}); the embedded demo generates one into
 * {@code <data dir>/keys/certificate-signing.key}. The public key is published by the operator API, so a
 * certificate can be checked without the service.
 */
@Component
class CertificateSigner {

    private final String configured;
    private final boolean embedded;
    private final Path dataDir;
    private volatile @Nullable KeyPair keys;

    /**
     * The key is loaded on first use, not at start-up: without {@code TOKUTEN_SIGNING_KEY} on an external
     * database only signing and verifying fail (the deletion job waits in the dead letter until it is set).
     */
    CertificateSigner(
            @Value("${tokuten.ops.signing-key:}") String configured,
            @Value("${tokuten.db.url:}") String dbUrl,
            @Value("${tokuten.db.data-dir}") Path dataDir) {
        this.configured = configured;
        this.embedded = dbUrl.isBlank();
        this.dataDir = dataDir;
    }

    private KeyPair keys() {
        KeyPair k = keys;
        if (k == null) {
            synchronized (this) {
                k = keys;
                if (k == null) {
                    k = fromSeed(jp.tokuten.platform.ServiceKeys.load(
                            configured, "TOKUTEN_SIGNING_KEY", embedded, dataDir, "certificate-signing.key"));
                    keys = k;
                }
            }
        }
        return k;
    }

    /** The Ed25519 key pair whose private key is {@code seed} (RFC 8032: the private key is the seed). */
    static KeyPair fromSeed(byte[] seed) {
        try {
            var generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    byte[] sign(String statement) {
        try {
            var s = Signature.getInstance("Ed25519");
            s.initSign(keys().getPrivate());
            s.update(statement.getBytes(StandardCharsets.UTF_8));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign", e);
        }
    }

    boolean verify(String statement, byte[] signature) {
        return verify(keys().getPublic(), statement, signature);
    }

    static boolean verify(PublicKey key, String statement, byte[] signature) {
        try {
            var s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(statement.getBytes(StandardCharsets.UTF_8));
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    String keyId() {
        return keyId(keys().getPublic());
    }

    /** The public key as X.509 SubjectPublicKeyInfo, base64 (what {@code openssl pkey -pubin} reads as DER). */
    String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keys().getPublic().getEncoded());
    }

    static PublicKey publicKey(byte[] x509) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    }

    static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands the key generator the seed as its "random" private key bytes. */
    private static final class SeedRandom extends SecureRandom {
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("Ed25519 asked for " + bytes.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
