package jp.tokuten.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.PlanLimit;
import jp.tokuten.tenancy.PlanLimits;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin console sessions of the bound tenant signed in at once, capped by its plan (decision 148). A
 * session takes a seat at its first signed-in request; a seat past the cap ends the tenant's oldest sign-in
 * (its next request goes to the sign-in page, {@code ?ended}). Seats are taken one at a time per tenant (a
 * transaction-scoped advisory lock), so concurrent sign-ins never leave more seats than the cap.
 */
@Component
public class ConsoleSeats {

    /** The session attribute holding the session's seat. */
    static final String ATTRIBUTE = ConsoleSeats.class.getName() + ".SEAT";

    private static final Logger log = LoggerFactory.getLogger(ConsoleSeats.class);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final PlanLimits limits;
    private final SessionProperties sessions;
    private final Clock clock;
    private final org.springframework.transaction.support.TransactionTemplate transaction;

    ConsoleSeats(
            JdbcClient jdbc,
            PlanLimits limits,
            SessionProperties sessions,
            Clock clock,
            org.springframework.transaction.PlatformTransactionManager transactions) {
        this.transaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.jdbc = jdbc;
        this.limits = limits;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Takes a seat for a session of {@code user}, ending the oldest sign-ins past the plan's cap. */
    @Transactional
    UUID take(UUID user) {
        TenantId tenant = TenantBinder.required();
        long cap = limits.cap(PlanLimit.CONSOLE_SESSIONS);
        Instant now = clock.instant();
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('console-seats:' || ?, 0))")
                .param(tenant.toString())
                .query((rs, n) -> 1)
                .list();
        UUID seat = TimeOrderedIds.next(clock);
        jdbc.sql("insert into identity.console_seats (id, user_id, signed_in_at, last_seen_at) values (?, ?, ?, ?)")
                .params(seat, user, Timestamp.from(now), Timestamp.from(now))
                .update();
        int ended = jdbc.sql("""
                        delete from identity.console_seats where last_seen_at < :alive or id in (
                            select id from identity.console_seats where last_seen_at >= :alive
                            order by signed_in_at desc, id desc offset :cap)""")
                .param("alive", Timestamp.from(aliveSince()))
                .param("cap", cap)
                .update();
        if (ended > 0) {
            log.info("Console seat taken past the plan's cap of {}: {} older seat(s) ended or expired", cap, ended);
        }
        return seat;
    }

    /**
     * Whether the seat is still held (not ended by a newer sign-in past the cap, not expired); marks it used
     * at most once a minute.
     */
    @Transactional
    boolean stillHeld(UUID seat) {
        Instant now = clock.instant();
        var lastSeen = jdbc.sql("select last_seen_at from identity.console_seats where id = ?")
                .param(seat)
                .query(Timestamp.class)
                .optional();
        if (lastSeen.isEmpty() || lastSeen.get().toInstant().isBefore(aliveSince())) {
            return false;
        }
        if (lastSeen.get().toInstant().isBefore(now.minus(TOUCH_EVERY))) {
            jdbc.sql("update identity.console_seats set last_seen_at = ? where id = ?")
                    .params(Timestamp.from(now), seat)
                    .update();
        }
        return true;
    }

    /** Gives the seat back (sign-out). */
    @Transactional
    void leave(UUID seat) {
        jdbc.sql("delete from identity.console_seats where id = ?").param(seat).update();
    }

    /** Gives the session's seat back when its user signs out (the admin chain binds the tenant before). */
    public org.springframework.security.web.authentication.logout.LogoutHandler signOut() {
        return (request, response, authentication) -> {
            var session = request.getSession(false);
            if (session != null && session.getAttribute(ATTRIBUTE) instanceof UUID seat) {
                session.removeAttribute(ATTRIBUTE);
                if (TenantBinder.current().isPresent()) {
                    transaction.executeWithoutResult(status -> leave(seat));
                }
            }
        };
    }

    /** The seats the bound tenant uses now. */
    @Transactional(readOnly = true)
    public long inUse() {
        return jdbc.sql("select count(*) from identity.console_seats where last_seen_at >= ?")
                .param(Timestamp.from(aliveSince()))
                .query(Long.class)
                .single();
    }

    /** The seats {@code tenant} uses now, for operators: one number, read without binding the tenant. */
    @Transactional(readOnly = true)
    public long inUseBy(TenantId tenant) {
        return jdbc.sql("select identity.seats_in_use(?, ?)")
                .params(tenant.value(), Timestamp.from(aliveSince()))
                .query(Long.class)
                .single();
    }

    /** Seats last used before this are dead: their session has expired without a sign-out. */
    private Instant aliveSince() {
        return clock.instant().minus(sessions.idleTimeout()).minus(TOUCH_EVERY);
    }
}
