package jp.tokuten.identity;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.QrCodes;
import jp.tokuten.shared.Secrets;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The second factor of operators and tenant users: TOTP authenticator apps (RFC 6238) and one-time
 * recovery codes. A TOTP code is accepted once; a recovery code once.
 */
@Service
public class SecondFactors {

    static final String ISSUER = "tokuten";
    static final int RECOVERY_CODES = 10;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Clock clock;

    SecondFactors(JdbcClient jdbc, TransactionTemplate tx, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
    }

    /** An authenticator being set up: the secret lives in the person's session until confirmed. */
    public record Enrolment(byte[] secret, String base32Secret, String otpauthUri, String qrCodeDataUri)
            implements java.io.Serializable {}

    public Enrolment startEnrolment(AccountRef account) {
        byte[] secret = Totp.newSecret();
        String uri = Totp.otpauthUri(ISSUER, account.email(), secret);
        return new Enrolment(secret, Totp.base32(secret), uri, qrCode(uri));
    }

    public boolean isEnrolled(AccountRef account) {
        return inAccountScope(
                account,
                () -> jdbc.sql("select totp_enabled_at is not null from " + table(account) + " where id = ?")
                        .param(account.id())
                        .query(Boolean.class)
                        .optional()
                        .orElse(false));
    }

    /**
     * Confirms the enrolment with a code from the authenticator and returns new recovery codes (shown
     * once).
     *
     * @return the recovery codes, or null when the code is wrong
     */
    public @Nullable List<String> confirmEnrolment(AccountRef account, Enrolment enrolment, String code) {
        var step = Totp.verify(enrolment.secret(), code, clock.instant(), 0);
        if (step.isEmpty()) {
            return null;
        }
        return inAccountScope(account, () -> {
            jdbc.sql("update " + table(account)
                            + " set totp_secret = ?, totp_enabled_at = ?, totp_last_step = ? where id = ?")
                    .params(enrolment.secret(), Timestamp.from(clock.instant()), step.getAsLong(), account.id())
                    .update();
            audit.record("second_factor.enrolled", null, Map.of("account", account.id()));
            return newRecoveryCodes(account);
        });
    }

    /** Checks a TOTP code or, failing that, an unused recovery code, using it up. */
    public boolean verify(AccountRef account, String presented) {
        return inAccountScope(account, () -> {
            var stored = jdbc.sql("select totp_secret, totp_last_step from " + table(account)
                            + " where id = ? and totp_enabled_at is not null for update")
                    .param(account.id())
                    .query((rs, row) -> Map.entry(rs.getBytes(1), rs.getLong(2)))
                    .optional();
            if (stored.isEmpty()) {
                return false;
            }
            var step = Totp.verify(
                    stored.get().getKey(),
                    presented,
                    clock.instant(),
                    stored.get().getValue());
            if (step.isPresent()) {
                return jdbc.sql("update " + table(account)
                                        + " set totp_last_step = ? where id = ? and totp_last_step < ?")
                                .params(step.getAsLong(), account.id(), step.getAsLong())
                                .update()
                        == 1;
            }
            return useRecoveryCode(account, presented);
        });
    }

    /** How many unused recovery codes the account has left. */
    public int remainingRecoveryCodes(AccountRef account) {
        return inAccountScope(
                account,
                () -> jdbc.sql("select count(*) from " + codesTable(account) + " where " + owner(account)
                                + " = ? and used_at is null")
                        .param(account.id())
                        .query(Integer.class)
                        .single());
    }

    private List<String> newRecoveryCodes(AccountRef account) {
        jdbc.sql("delete from " + codesTable(account) + " where " + owner(account) + " = ?")
                .param(account.id())
                .update();
        var codes = new ArrayList<String>(RECOVERY_CODES);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String raw = Secrets.readablePassword(10).toLowerCase(Locale.ROOT);
            String shown = raw.substring(0, 5) + "-" + raw.substring(5);
            codes.add(shown);
            jdbc.sql("insert into " + codesTable(account) + " (" + owner(account) + ", code_sha256) values (?, ?)")
                    .params(account.id(), Secrets.sha256(normaliseRecoveryCode(shown)))
                    .update();
        }
        return codes;
    }

    private boolean useRecoveryCode(AccountRef account, String presented) {
        String normalised = normaliseRecoveryCode(presented);
        if (normalised.length() != 10) {
            return false;
        }
        return jdbc.sql("update " + codesTable(account) + " set used_at = ? where " + owner(account)
                                + " = ? and code_sha256 = ? and used_at is null")
                        .params(Timestamp.from(clock.instant()), account.id(), Secrets.sha256(normalised))
                        .update()
                == 1;
    }

    static String normaliseRecoveryCode(String presented) {
        return PasswordPolicy.normalise(presented == null ? "" : presented)
                .replaceAll("[\\s-]", "")
                .toLowerCase(Locale.ROOT);
    }

    private <T> T inAccountScope(AccountRef account, Supplier<T> work) {
        if (account.isOperator()) {
            return tx.execute(status -> work.get());
        }
        if (!TenantBinder.current().equals(java.util.Optional.of(account.tenantId()))) {
            throw new IllegalStateException("A tenant user's second factor is used with their tenant bound");
        }
        return tx.execute(status -> work.get());
    }

    private static String table(AccountRef account) {
        return account.isOperator() ? "identity.operators" : "identity.tenant_users";
    }

    private static String codesTable(AccountRef account) {
        return account.isOperator() ? "identity.operator_recovery_codes" : "identity.tenant_user_recovery_codes";
    }

    private static String owner(AccountRef account) {
        return account.isOperator() ? "operator_id" : "user_id";
    }

    private static String qrCode(String content) {
        // ZXing's default error correction (L), as enrolment QR codes were drawn before QrCodes
        return "data:image/png;base64,"
                + Base64.getEncoder().encodeToString(QrCodes.png(content, 240, 2, ErrorCorrectionLevel.L));
    }
}
