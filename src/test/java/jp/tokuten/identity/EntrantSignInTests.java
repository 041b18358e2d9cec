package jp.tokuten.identity;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TestMailServer;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.EntrantSignIn.StartOutcome;
import jp.tokuten.identity.EntrantSignIn.VerifyOutcome;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Entrant sign-in by e-mailed one-time code: right, wrong, expired, too many attempts, throttled. */
@TokutenTest
class EntrantSignInTests {

    private static final Pattern CODE = Pattern.compile("(?m)^\\D*([0-9]{6})\\s*$");

    @Autowired
    EntrantSignIn signIn;

    @Autowired
    EntrantSessions sessions;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    jp.tokuten.privacy.PersonalData personalData;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    TenantView tenant;
    String email;

    @BeforeEach
    void tenant() {
        tenant = TenantFixtures.aTenant(tenants, "signin");
        email = "shopper-" + System.nanoTime() + "@example.jp";
    }

    /** The code in the last mail that reached this address, as the entrant reads it. */
    static String mailedCode(String email) throws Exception {
        String code = null;
        for (MimeMessage m : TestMailServer.server().getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(email)) {
                var matcher = CODE.matcher((String) m.getContent());
                if (matcher.find()) {
                    code = matcher.group(1);
                }
            }
        }
        assertThat(code).as("code mailed to " + email).isNotNull();
        return code;
    }

    <T> T as(Supplier<T> work) {
        return binder.callAs(tenant.id(), work);
    }

    long stored(String sql, Object... args) {
        return as(() -> tx.execute(s -> jdbc.queryForObject(sql, Long.class, args)));
    }

    /** The keyed hash the codes of an address are found by (the address itself is stored sealed). */
    byte[] lookup(String address) {
        return as(() -> personalData.lookupHash(address));
    }

    @Test
    void theMailedCodeSignsTheEntrantInOnceAndIsKeptOnlyAsADigest() throws Exception {
        assertThat(as(() -> signIn.start(email, "198.51.100.1")).outcome()).isEqualTo(StartOutcome.SENT);
        String code = mailedCode(email);
        assertThat(stored(
                        "select count(*) from identity.entrant_codes where email_lookup = ? and email is null"
                                + " and position(convert_to(?, 'UTF8') in email_sealed) = 0"
                                + " and length(code_sha256) = 32 and position(convert_to(?, 'UTF8') in code_sha256) = 0",
                        lookup(email),
                        email,
                        code))
                .isEqualTo(1);

        var verified = as(() -> signIn.verify(email.toUpperCase(java.util.Locale.ROOT), code));
        assertThat(verified.outcome()).isEqualTo(VerifyOutcome.VERIFIED);
        assertThat(verified.entrant()).isNotNull();
        assertThat(verified.entrant().email()).isEqualTo(email);
        // used once: the same code again finds no open code
        assertThat(as(() -> signIn.verify(email, code)).outcome()).isEqualTo(VerifyOutcome.EXPIRED);

        String token = as(() -> sessions.open(verified.entrant().id()));
        assertThat(as(() -> sessions.entrant(token)).orElseThrow().id())
                .isEqualTo(verified.entrant().id());
        // another tenant does not know the session
        TenantView other = TenantFixtures.aTenant(tenants, "signin-other");
        assertThat(binder.callAs(other.id(), () -> sessions.entrant(token))).isEmpty();
        as(() -> {
            sessions.close(token);
            return null;
        });
        assertThat(as(() -> sessions.entrant(token))).isEmpty();
    }

    @Test
    void aWrongCodeIsRefusedAndTheRightOneStillWorks() throws Exception {
        as(() -> signIn.start(email, "198.51.100.2"));
        String code = mailedCode(email);
        String wrong = code.equals("000000") ? "111111" : "000000";
        assertThat(as(() -> signIn.verify(email, wrong)).outcome()).isEqualTo(VerifyOutcome.WRONG);
        assertThat(as(() -> signIn.verify(email, "12ab")).outcome()).isEqualTo(VerifyOutcome.WRONG);
        assertThat(as(() -> signIn.verify(email, code)).outcome()).isEqualTo(VerifyOutcome.VERIFIED);
    }

    @Test
    void anExpiredCodeIsRefused() throws Exception {
        as(() -> signIn.start(email, "198.51.100.3"));
        String code = mailedCode(email);
        as(() -> tx.execute(s -> jdbc.update(
                "update identity.entrant_codes set expires_at = now() - interval '1 second'"
                        + " where email_lookup = ?",
                lookup(email))));
        assertThat(as(() -> signIn.verify(email, code)).outcome()).isEqualTo(VerifyOutcome.EXPIRED);
        assertThat(stored("select count(*) from identity.entrants where email_lookup = ?", lookup(email)))
                .isZero();
    }

    @Test
    void afterTooManyAttemptsEvenTheRightCodeIsRefused() throws Exception {
        as(() -> signIn.start(email, "198.51.100.4"));
        String code = mailedCode(email);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < EmailCodeSignIn.MAX_ATTEMPTS; i++) {
            assertThat(as(() -> signIn.verify(email, wrong)).outcome()).isEqualTo(VerifyOutcome.WRONG);
        }
        assertThat(as(() -> signIn.verify(email, code)).outcome()).isEqualTo(VerifyOutcome.TOO_MANY_ATTEMPTS);
        // a new code starts again
        as(() -> signIn.start(email, "198.51.100.4"));
        String fresh = mailedCode(email);
        assertThat(as(() -> signIn.verify(email, fresh)).outcome()).isEqualTo(VerifyOutcome.VERIFIED);
    }

    @Test
    void concurrentGuessesNeverGetMoreThanTheAttemptsAllowed() throws Exception {
        as(() -> signIn.start(email, "198.51.100.5"));
        String code = mailedCode(email);
        List<Future<EntrantSignIn.Verification>> guesses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 40; i++) {
                String guess = String.format("%06d", (Integer.parseInt(code) + 1 + i) % 1_000_000);
                guesses.add(pool.submit(() -> as(() -> signIn.verify(email, guess))));
            }
        }
        long wrong = 0;
        for (var g : guesses) {
            if (g.get().outcome() == VerifyOutcome.WRONG) {
                wrong++;
            }
        }
        assertThat(wrong).isEqualTo(EmailCodeSignIn.MAX_ATTEMPTS);
        assertThat(stored("select max(attempts) from identity.entrant_codes where email_lookup = ?", lookup(email)))
                .isEqualTo(EmailCodeSignIn.MAX_ATTEMPTS);
    }

    @Test
    void codesAreThrottledPerAddressAndPerClient() {
        for (int i = 0; i < EmailCodeSignIn.PER_EMAIL_PER_HOUR; i++) {
            assertThat(as(() -> signIn.start(email, "198.51.100.6")).outcome()).isEqualTo(StartOutcome.SENT);
        }
        assertThat(as(() -> signIn.start(email, "198.51.100.7")).outcome()).isEqualTo(StartOutcome.THROTTLED);

        String client = "198.51.100.8";
        for (int i = 0; i < EmailCodeSignIn.PER_CLIENT_PER_HOUR; i++) {
            String each = "many-" + i + "-" + System.nanoTime() + "@example.jp";
            assertThat(as(() -> signIn.start(each, client)).outcome()).isEqualTo(StartOutcome.SENT);
        }
        assertThat(as(() -> signIn.start("one-more-" + System.nanoTime() + "@example.jp", client))
                        .outcome())
                .isEqualTo(StartOutcome.THROTTLED);
    }

    @Test
    void concurrentRequestsForOneAddressNeverGetMoreCodesThanTheThrottleAllows() throws Exception {
        List<Future<EntrantSignIn.Started>> requests = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 30; i++) {
                String client = "198.51.100." + (100 + i);
                requests.add(pool.submit(() -> as(() -> signIn.start(email, client))));
            }
        }
        long sent = 0;
        for (var r : requests) {
            if (r.get().outcome() == StartOutcome.SENT) {
                sent++;
            }
        }
        assertThat(sent).isEqualTo(EmailCodeSignIn.PER_EMAIL_PER_HOUR);
        assertThat(stored("select count(*) from identity.entrant_codes where email_lookup = ?", lookup(email)))
                .isEqualTo(EmailCodeSignIn.PER_EMAIL_PER_HOUR);
    }

    @Test
    void notAnAddressStoresNothing() {
        for (String bad : List.of("", "no-at-sign", "a@b", "two@@example.jp", "space @example.jp")) {
            assertThat(as(() -> signIn.start(bad, "198.51.100.9")).outcome()).isEqualTo(StartOutcome.INVALID_EMAIL);
        }
        assertThat(stored("select count(*) from identity.entrant_codes")).isZero();
    }
}
