package jp.tokuten.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import jp.tokuten.access.InvalidAccessSettingsException.Problem;
import jp.tokuten.shared.Secrets;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * HTTP Basic authentication in front of a tenant's consumer pages, which the tenant switches on and off
 * (e.g. a preview before launch). One user name and password per tenant; the password is kept as an
 * Argon2id hash. User name and password are compared after Unicode NFKC normalisation, like the console passwords (full-width input matches).
 */
@Service
public class ConsumerBasicAuth {

    public static final int MAX_USERNAME_LENGTH = 64;
    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final int MAX_PASSWORD_LENGTH = 128;

    /** What a consumer request gets. */
    public enum Verdict {
        /** Basic authentication is off for the tenant. */
        OPEN,
        /** The right credentials were presented. */
        ADMITTED,
        /** No or wrong credentials: answer 401 with a challenge. */
        CHALLENGE,
        /** Too many password checks at once: answer 503, try again. */
        BUSY
    }

    private static final Logger log = LoggerFactory.getLogger(ConsumerBasicAuth.class);
    private static final long REMEMBER_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final int REMEMBER_AT_MOST = 10_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Argon2id is memory-hard on purpose: bound how many checks run at once. */
    private final Semaphore checks =
            new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));
    /** Recently verified credentials (digest of tenant, hash and header → expiry), to spare Argon2 per page. */
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    ConsumerBasicAuth(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    private record Stored(boolean enabled, String username, String passwordHash) {}

    /** The bound tenant's settings. */
    public BasicAuthSettings settings() {
        return stored().map(s -> new BasicAuthSettings(s.enabled(), s.username(), true))
                .orElse(BasicAuthSettings.NONE);
    }

    /**
     * Switches Basic authentication on or off and sets the user name and, when {@code newPassword} is
     * given, the password. Turning it on needs a user name and a password; left empty, the ones kept are used.
     *
     * @throws InvalidAccessSettingsException naming each bad field; nothing saved
     */
    public void update(boolean enabled, @Nullable String username, @Nullable String newPassword, ChangedBy by) {
        TenantId tenant = TenantBinder.required();
        var problems = new ArrayList<Problem>();
        String user = username == null ? "" : Normalizer.normalize(username.strip(), Normalizer.Form.NFKC);
        String password = newPassword == null || newPassword.isEmpty()
                ? null
                : Normalizer.normalize(newPassword, Normalizer.Form.NFKC);
        Optional<Stored> current = stored();
        if (user.isEmpty()) {
            if (current.isEmpty() && (enabled || password != null)) {
                problems.add(new Problem("username", "access.error.username.required", List.of()));
            }
        } else if (user.length() > MAX_USERNAME_LENGTH
                || !user.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != ':')) {
            problems.add(new Problem(
                    "username", "access.error.username.invalid", List.of(String.valueOf(MAX_USERNAME_LENGTH))));
        }
        if (password != null) {
            int length = password.codePointCount(0, password.length());
            if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
                problems.add(new Problem(
                        "password",
                        "access.error.password.length",
                        List.of(String.valueOf(MIN_PASSWORD_LENGTH), String.valueOf(MAX_PASSWORD_LENGTH))));
            } else if (password.codePoints().anyMatch(Character::isISOControl)) {
                problems.add(new Problem("password", "access.error.password.control", List.of()));
            } else if (password.equals(
                    user.isEmpty() ? current.map(Stored::username).orElse("") : user)) {
                problems.add(new Problem("password", "access.error.password.username", List.of()));
            }
        }
        if (password == null && current.isEmpty() && (enabled || !user.isEmpty())) {
            problems.add(new Problem("password", "access.error.password.required", List.of()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidAccessSettingsException(problems);
        }
        if (current.isEmpty() && user.isEmpty()) {
            return; // off, and nothing was ever set: nothing to record
        }
        String hash = password != null
                ? encoder.encode(password)
                : current.orElseThrow().passwordHash();
        String name = user.isEmpty() ? current.orElseThrow().username() : user;
        tx.executeWithoutResult(s -> jdbc.sql("""
                insert into access.consumer_basic_auth (enabled, username, password_hash, updated_at, updated_by)
                values (?, ?, ?, ?, ?)
                on conflict (tenant_id) do update
                   set enabled = excluded.enabled, username = excluded.username,
                       password_hash = excluded.password_hash,
                       updated_at = excluded.updated_at, updated_by = excluded.updated_by""")
                .params(enabled, name, hash, Timestamp.from(clock.instant()), by.toString())
                .update());
        log.info(
                "Consumer Basic authentication of tenant {}: {} switched it {}{}{}",
                tenant,
                by,
                enabled ? "on" : "off",
                current.isEmpty() || !current.get().username().equals(name) ? ", set the user name" : "",
                password != null ? ", set a new password" : "");
    }

    /** Whether a consumer request of the bound tenant with this {@code Authorization} header may pass. */
    public Verdict check(@Nullable String authorization) {
        TenantId tenant = TenantBinder.required();
        Optional<Stored> stored = stored().filter(Stored::enabled);
        if (stored.isEmpty()) {
            return Verdict.OPEN;
        }
        String[] credentials = credentials(authorization);
        if (credentials == null) {
            return Verdict.CHALLENGE;
        }
        String remembered = HexFormat.of()
                .formatHex(Secrets.sha256(tenant + "\n" + stored.get().passwordHash() + "\n" + authorization));
        Long until = verified.get(remembered);
        long now = clock.millis();
        if (until != null && until > now) {
            return Verdict.ADMITTED;
        }
        boolean userMatches = MessageDigest.isEqual(
                credentials[0].getBytes(StandardCharsets.UTF_8),
                stored.get().username().getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches;
        try {
            if (!checks.tryAcquire(5, TimeUnit.SECONDS)) {
                return Verdict.BUSY;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.BUSY;
        }
        try {
            passwordMatches = encoder.matches(credentials[1], stored.get().passwordHash());
        } finally {
            checks.release();
        }
        if (!(userMatches && passwordMatches)) {
            return Verdict.CHALLENGE;
        }
        if (verified.size() >= REMEMBER_AT_MOST) {
            verified.clear();
        }
        verified.put(remembered, now + REMEMBER_MILLIS);
        return Verdict.ADMITTED;
    }

    /** User name and password of a {@code Basic} header (UTF-8, RFC 7617), NFKC-normalised; or null. */
    private static String @Nullable [] credentials(@Nullable String authorization) {
        if (authorization == null
                || authorization.length() < 7
                || authorization.length() > 1024
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        var nfkc = Normalizer.Form.NFKC;
        return new String[] {
            Normalizer.normalize(decoded.substring(0, colon), nfkc),
            Normalizer.normalize(decoded.substring(colon + 1), nfkc)
        };
    }

    private Optional<Stored> stored() {
        TenantBinder.required();
        return tx.execute(s -> jdbc.sql("select enabled, username, password_hash from access.consumer_basic_auth")
                .query(Stored.class)
                .optional());
    }
}
