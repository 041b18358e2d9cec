package jp.tokuten.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Slows down password and code guessing: after a few failures for one account name, or many from one
 * address, each further failure blocks that key for twice as long as the last (up to 15 minutes). It
 * counts names whether or not an account exists, so it tells nothing about which e-mails are known.
 */
@Component
class SignInThrottle {

    static final int FREE_FAILURES_PER_ACCOUNT = 5;
    static final int FREE_FAILURES_PER_ADDRESS = 20;
    static final Duration MAX_BLOCK = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(24);
    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    SignInThrottle(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    static String accountKey(ConsoleAudience audience, String tenant, String email) {
        return "account:" + audience.name() + ":" + tenant.strip().toLowerCase(Locale.ROOT) + ":"
                + email.strip().toLowerCase(Locale.ROOT);
    }

    static String addressKey(String address) {
        return "address:" + address;
    }

    /** Until when either key is blocked, if it is. */
    @Transactional(readOnly = true)
    public Optional<Instant> blockedUntil(String accountKey, String addressKey) {
        Instant now = clock.instant();
        return jdbc.sql("select max(blocked_until) from identity.sign_in_throttle"
                        + " where key_sha256 in (?, ?) and blocked_until > ?")
                .params(Secrets.sha256(accountKey), Secrets.sha256(addressKey), Timestamp.from(now))
                .query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .single();
    }

    /** Records a failure for both keys; kept even when the sign-in's own transaction rolls back. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void failed(String accountKey, String addressKey) {
        record(accountKey, FREE_FAILURES_PER_ACCOUNT);
        record(addressKey, FREE_FAILURES_PER_ADDRESS);
    }

    /** A successful sign-in forgets the account's failures (not the address's). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void succeeded(String accountKey) {
        jdbc.sql("update identity.sign_in_throttle set failures = 0, blocked_until = null where key_sha256 = ?")
                .param(Secrets.sha256(accountKey))
                .update();
    }

    private void record(String key, int free) {
        Instant now = clock.instant();
        int failures = jdbc.sql("""
                insert into identity.sign_in_throttle (key_sha256, failures, last_failure_at)
                values (?, 1, ?)
                on conflict (key_sha256) do update set
                    failures = case when sign_in_throttle.last_failure_at < ? then 1
                                    else sign_in_throttle.failures + 1 end,
                    last_failure_at = excluded.last_failure_at
                returning failures""")
                .params(Secrets.sha256(key), Timestamp.from(now), Timestamp.from(now.minus(FORGET_AFTER)))
                .query(Integer.class)
                .single();
        if (failures > free) {
            Duration block = delayAfter(failures - free);
            jdbc.sql("update identity.sign_in_throttle set blocked_until = ? where key_sha256 = ?")
                    .params(Timestamp.from(now.plus(block)), Secrets.sha256(key))
                    .update();
            audit.record(
                    "sign_in.throttled",
                    "repeated failed sign-ins",
                    java.util.Map.of(
                            "key",
                            key.startsWith("address:") ? key : "account",
                            "failures",
                            failures,
                            "seconds",
                            block.toSeconds()));
            log.warn(
                    "Sign-in throttled for {} s after {} failures ({})",
                    block.toSeconds(),
                    failures,
                    key.startsWith("address:") ? key : "account");
        }
    }

    /** 1 s after the first failure over the free ones, then 2, 4, 8 … up to 15 minutes. */
    static Duration delayAfter(int over) {
        if (over >= 11) {
            return MAX_BLOCK;
        }
        Duration d = Duration.ofSeconds(1L << (over - 1));
        return d.compareTo(MAX_BLOCK) > 0 ? MAX_BLOCK : d;
    }
}
