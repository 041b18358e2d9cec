package jp.tokuten.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.Secrets;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Entrants' sessions on a tenant's consumer pages (decision 080), apart from the console sessions: a
 * random token in a cookie of its own, kept here only as its SHA-256, for {@link #LIFETIME}.
 */
@Service
public class EntrantSessions {

    /** How long an entrant stays signed in. */
    public static final Duration LIFETIME = Duration.ofDays(30);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final Entrants entrants;
    private final boolean alwaysSecure;

    EntrantSessions(
            JdbcClient jdbc,
            AuditTrail audit,
            Clock clock,
            SessionProperties properties,
            @Value("${tokuten.mail.base-url:}") String baseUrl,
            Entrants entrants) {
        this.jdbc = jdbc;
        this.entrants = entrants;
        this.audit = audit;
        this.clock = clock;
        this.alwaysSecure = properties.secureCookie() || baseUrl.strip().regionMatches(true, 0, "https://", 0, 8);
    }

    /**
     * Whether the entrants' cookies are marked Secure whatever the request: the same rule as the console's
     * session cookie (decision 048); otherwise they are Secure exactly when the request came over HTTPS.
     */
    public boolean cookiesAlwaysSecure() {
        return alwaysSecure;
    }

    /** Starts a session of the bound tenant's entrant; returns the token for the cookie. */
    @Transactional
    public String open(UUID entrant) {
        TenantBinder.required();
        String token = Secrets.randomToken(32);
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into identity.entrant_sessions (token_sha256, entrant_id, created_at, expires_at)
                        values (?, ?, ?, ?)""")
                .params(Secrets.sha256(token), entrant, Timestamp.from(now), Timestamp.from(now.plus(LIFETIME)))
                .update();
        return token;
    }

    /** The signed-in entrant of the cookie's token, unless the session has expired or the entrant is blocked. */
    @Transactional(readOnly = true)
    public Optional<EntrantView> entrant(@Nullable String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select e.* from identity.entrant_sessions s
                          join identity.entrants e on e.id = s.entrant_id
                         where s.token_sha256 = ? and s.expires_at > ? and not e.blocked""")
                .params(Secrets.sha256(token), Timestamp.from(clock.instant()))
                .query(entrants::view)
                .optional();
    }

    /** Ends the session of this token (signing out). */
    @Transactional
    public void close(@Nullable String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return;
        }
        var entrant = entrant(token);
        int gone = jdbc.sql("delete from identity.entrant_sessions where token_sha256 = ?")
                .param(Secrets.sha256(token))
                .update();
        if (gone > 0 && entrant.isPresent()) {
            audit.record(
                    "entrant.signed_out", null, Map.of("entrant", entrant.get().id()));
        }
    }
}
