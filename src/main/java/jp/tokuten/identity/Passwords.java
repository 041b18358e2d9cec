package jp.tokuten.identity;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/** Password hashing with Argon2id (memory-hard), and a constant-cost miss for unknown accounts. */
@Component
class Passwords {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final String dummyHash = encoder.encode("tokuten-dummy-password-for-timing");

    /** Hashes the NFKC form, so the same password typed on another keyboard or IME still matches. */
    String hash(String raw) {
        return encoder.encode(PasswordPolicy.normalise(raw));
    }

    boolean matches(String raw, String hash) {
        return encoder.matches(PasswordPolicy.normalise(raw), hash);
    }

    /** Spends the same time as a real check, so a missing account cannot be told by timing. */
    void burnCheck(String raw) {
        encoder.matches(PasswordPolicy.normalise(raw), dummyHash);
    }
}
