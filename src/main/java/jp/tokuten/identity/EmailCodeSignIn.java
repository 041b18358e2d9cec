package jp.tokuten.identity;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.notifications.Mail;
import jp.tokuten.privacy.PersonalData;
import jp.tokuten.shared.Secrets;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Entrant sign-in by a 6-digit code e-mailed to the address (decision 080): valid for {@link #VALIDITY},
 * {@link #MAX_ATTEMPTS} tries, at most {@link #PER_EMAIL_PER_HOUR} codes per address and
 * {@link #PER_CLIENT_PER_HOUR} per client address an hour; only a digest of the code is kept.
 */
@Service
class EmailCodeSignIn implements EntrantSignIn {

    static final Duration VALIDITY = Duration.ofMinutes(10);
    static final int MAX_ATTEMPTS = 5;
    static final int PER_EMAIL_PER_HOUR = 5;
    static final int PER_CLIENT_PER_HOUR = 30;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final Pattern CODE = Pattern.compile("^[0-9]{" + CODE_LENGTH + "}$");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Mail mail;
    private final MessageSource messages;
    private final Tenants tenants;
    private final Entrants entrants;
    private final AuditTrail audit;
    private final PersonalData personalData;
    private final Clock clock;

    EmailCodeSignIn(
            JdbcClient jdbc,
            TransactionTemplate tx,
            Mail mail,
            MessageSource messages,
            Tenants tenants,
            Entrants entrants,
            AuditTrail audit,
            PersonalData personalData,
            Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.mail = mail;
        this.messages = messages;
        this.tenants = tenants;
        this.entrants = entrants;
        this.audit = audit;
        this.personalData = personalData;
        this.clock = clock;
    }

    /** Whether the text is an e-mail address an entrant may sign in with. */
    static boolean isEmail(String email) {
        return email.length() <= 254 && EMAIL.matcher(email).matches();
    }

    @Override
    public Started start(String email, String clientAddress) {
        var tenant = TenantBinder.required();
        String address = email.strip();
        if (!isEmail(address)) {
            return new Started(StartOutcome.INVALID_EMAIL, null);
        }
        String code = String.format(Locale.ROOT, "%06d", RANDOM.nextInt(1_000_000));
        UUID id = TimeOrderedIds.next(clock);
        Instant now = clock.instant();
        // the throttle: requests for the same address or from the same client wait for each other (always
        // the address's lock first, so two never wait in a circle), then one conditional insert counts and
        // inserts, seeing every code committed before it
        Integer inserted = tx.execute(s -> {
            jdbc.sql("select pg_advisory_xact_lock(hashtext('entrant_code:' || :tenant || ':' || lower(:email)))")
                    .param("tenant", tenant.value().toString())
                    .param("email", address)
                    .query((rs, row) -> 1)
                    .list();
            jdbc.sql("select pg_advisory_xact_lock(hashtext('entrant_code_client:' || :tenant || ':' || :address))")
                    .param("tenant", tenant.value().toString())
                    .param("address", clientAddress)
                    .query((rs, row) -> 1)
                    .list();
            return jdbc.sql("""
                            insert into identity.entrant_codes (id, email_sealed, email_lookup, address, code_sha256,
                                created_at, expires_at)
                            select :id, :sealed, :lookup, :address, :digest, :now, :expires
                             where (select count(*) from identity.entrant_codes
                                     where email_lookup = :lookup and created_at > :since) < :perEmail
                               and (select count(*) from identity.entrant_codes
                                     where address = :address and created_at > :since) < :perClient""")
                    .param("id", id)
                    .param("sealed", personalData.seal(address))
                    .param("lookup", personalData.lookupHash(address))
                    .param("address", clientAddress)
                    .param("digest", digest(id, code))
                    .param("now", Timestamp.from(now))
                    .param("expires", Timestamp.from(now.plus(VALIDITY)))
                    .param("since", Timestamp.from(now.minus(Duration.ofHours(1))))
                    .param("perEmail", PER_EMAIL_PER_HOUR)
                    .param("perClient", PER_CLIENT_PER_HOUR)
                    .update();
        });
        if (inserted == null || inserted == 0) {
            return new Started(StartOutcome.THROTTLED, null);
        }
        Locale locale = LocaleContextHolder.getLocale();
        String tenantName =
                tenants.findById(tenant).map(TenantView::displayName).orElse("");
        var outcome = mail.send(
                address,
                messages.getMessage("entrant.mail.code.subject", new Object[] {tenantName}, locale),
                messages.getMessage(
                        "entrant.mail.code.body", new Object[] {tenantName, code, VALIDITY.toMinutes()}, locale));
        return switch (outcome) {
            case SENT -> new Started(StartOutcome.SENT, null);
            case NOT_CONFIGURED -> new Started(StartOutcome.SHOWN, code);
            case FAILED -> new Started(StartOutcome.FAILED, null);
        };
    }

    private record Latest(UUID id, String email, byte[] digest, int attempts, Instant expiresAt) {}

    @Override
    public Verification verify(String email, String code) {
        TenantBinder.required();
        String address = email.strip();
        String typed = code.strip();
        return tx.execute(s -> {
            var latest = jdbc.sql("""
                            select id, email_sealed, code_sha256, attempts, expires_at from identity.entrant_codes
                             where email_lookup = ? and used_at is null
                             order by created_at desc limit 1""")
                    .param(personalData.lookupHash(address))
                    .query((rs, row) -> new Latest(
                            rs.getObject("id", UUID.class),
                            java.util.Objects.requireNonNull(personalData.open(rs.getBytes("email_sealed"))),
                            rs.getBytes("code_sha256"),
                            rs.getInt("attempts"),
                            rs.getTimestamp("expires_at").toInstant()))
                    .optional();
            Instant now = clock.instant();
            if (latest.isEmpty() || !latest.get().expiresAt().isAfter(now)) {
                return new Verification(VerifyOutcome.EXPIRED, null);
            }
            // counts the attempt in one statement, so concurrent guesses never get more than MAX_ATTEMPTS
            int counted = jdbc.sql("""
                            update identity.entrant_codes set attempts = attempts + 1
                             where id = ? and attempts < ? and used_at is null""").params(latest.get().id(), MAX_ATTEMPTS).update();
            if (counted == 0) {
                return new Verification(VerifyOutcome.TOO_MANY_ATTEMPTS, null);
            }
            boolean right = CODE.matcher(typed).matches()
                    && MessageDigest.isEqual(
                            digest(latest.get().id(), typed), latest.get().digest());
            if (!right) {
                return new Verification(VerifyOutcome.WRONG, null);
            }
            int used = jdbc.sql("update identity.entrant_codes set used_at = ? where id = ? and used_at is null")
                    .params(Timestamp.from(now), latest.get().id())
                    .update();
            if (used == 0) {
                return new Verification(VerifyOutcome.EXPIRED, null);
            }
            // the address as the code was sent to it
            EntrantView entrant = entrants.findOrCreateByEmail(latest.get().email());
            audit.record("entrant.signed_in", null, Map.of("entrant", entrant.id(), "method", "email_code"));
            return new Verification(VerifyOutcome.VERIFIED, entrant);
        });
    }

    private static byte[] digest(UUID id, String code) {
        return Secrets.sha256(id + ":" + code);
    }
}
