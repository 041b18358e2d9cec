package jp.tokuten.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.shared.Secrets;
import jp.tokuten.shared.TimeOrderedIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Operator accounts: one per person, signing in with a password or calling the API with a token. */
@Service
public class OperatorAccounts {

    /** Operator API tokens shorter than this are refused: they must not be guessable. */
    static final int MIN_TOKEN_LENGTH = 32;

    private final JdbcClient jdbc;
    private final Passwords passwords;
    private final PasswordPolicy policy;
    private final Clock clock;

    OperatorAccounts(JdbcClient jdbc, Passwords passwords, PasswordPolicy policy, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.policy = policy;
        this.clock = clock;
    }

    record StoredOperator(UUID id, String email, String displayName, String passwordHash, String status) {
        OperatorPrincipal principal() {
            return new OperatorPrincipal(id, email, displayName);
        }

        AccountRef principalAccount() {
            return principal().account();
        }
    }

    @Transactional(readOnly = true)
    public long count() {
        return jdbc.sql("select count(*) from identity.operators")
                .query(Long.class)
                .single();
    }

    @Transactional(readOnly = true)
    public List<OperatorPrincipal> list() {
        return jdbc.sql("select id, email, display_name from identity.operators order by created_at")
                .query((rs, row) -> new OperatorPrincipal(
                        rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("display_name")))
                .list();
    }

    /** Operators always sign in with a second factor, so 8 characters is the floor (800-63B). */
    @Transactional
    OperatorPrincipal create(String email, String displayName, String rawPassword) {
        policy.check(rawPassword, true, List.of(email, displayName));
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("""
                insert into identity.operators (id, email, display_name, password_hash, created_at)
                values (?, ?, ?, ?, ?)""")
                .params(id, email.strip(), displayName, passwords.hash(rawPassword), Timestamp.from(clock.instant()))
                .update();
        return new OperatorPrincipal(id, email.strip(), displayName);
    }

    @Transactional(readOnly = true)
    Optional<StoredOperator> findByEmail(String email) {
        return jdbc.sql("""
                select id, email, display_name, password_hash, status
                  from identity.operators where lower(email) = ?""")
                .param(email.strip().toLowerCase(Locale.ROOT))
                .query(StoredOperator.class)
                .optional();
    }

    /** Adds an API token to the operator unless that token is already known. */
    @Transactional
    void ensureToken(UUID operatorId, String token) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(
                    "An operator API token must have at least " + MIN_TOKEN_LENGTH + " characters");
        }
        jdbc.sql("""
                insert into identity.operator_tokens (id, operator_id, token_sha256, created_at)
                values (?, ?, ?, ?) on conflict (token_sha256) do nothing""")
                .params(TimeOrderedIds.next(clock), operatorId, Secrets.sha256(token), Timestamp.from(clock.instant()))
                .update();
    }

    @Transactional(readOnly = true)
    public boolean isActive(UUID operatorId) {
        return jdbc.sql("select status = 'active' from identity.operators where id = ?")
                .param(operatorId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** The active operator owning {@code token}, recording its use. */
    @Transactional
    public Optional<OperatorPrincipal> authenticateToken(String token) {
        return jdbc.sql("""
                update identity.operator_tokens t set last_used_at = ?
                  from identity.operators o
                 where t.token_sha256 = ? and o.id = t.operator_id and o.status = 'active'
                returning o.id, o.email, o.display_name""")
                .params(Timestamp.from(clock.instant()), Secrets.sha256(token))
                .query((rs, row) -> new OperatorPrincipal(
                        rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("display_name")))
                .optional();
    }

    /** The active operator with this e-mail and password; the same cost whether or not it exists. */
    @Transactional(readOnly = true)
    public Optional<OperatorPrincipal> authenticatePassword(String email, String rawPassword) {
        var found = findByEmail(email);
        if (found.isEmpty()) {
            passwords.burnCheck(rawPassword);
            return Optional.empty();
        }
        var op = found.get();
        boolean ok = passwords.matches(rawPassword, op.passwordHash());
        return ok && op.status().equals("active") ? Optional.of(op.principal()) : Optional.empty();
    }
}
