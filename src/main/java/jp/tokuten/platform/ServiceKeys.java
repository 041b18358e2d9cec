package jp.tokuten.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A 32-byte service key: from configuration (base64), or, for the embedded demo only, generated once into
 * a file of the data directory readable by the owner alone (decisions 142, 143). Outside the embedded demo a
 * missing key is an error that names the variable to set.
 */
public final class ServiceKeys {

    private ServiceKeys() {}

    /**
     * The key configured as {@code configured} (base64 of 32 bytes, named {@code variable} in messages), or
     * with none and an embedded database the one in {@code <dataDir>/keys/<fileName>}, generated on first use.
     */
    public static byte[] load(String configured, String variable, boolean embedded, Path dataDir, String fileName) {
        if (!configured.isBlank()) {
            return decode(configured.strip(), variable);
        }
        if (!embedded) {
            throw new IllegalStateException(variable + " is not set: base64 of 32 random bytes is required"
                    + " outside the embedded demo (openssl rand -base64 32)");
        }
        Path file = dataDir.resolve("keys").resolve(fileName);
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(
                    file,
                    Base64.getEncoder().encodeToString(key) + "\n",
                    StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own protection has to do
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("The key file " + file + " cannot be read or written", e);
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(source + " must be base64 of exactly 32 bytes, not " + key.length);
        }
        return key;
    }
}
