package jp.tokuten.coupons;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.stores.Stores;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Using coupons of the bound tenant at the counter (消し込み), and undoing a use. A use is one transaction:
 * the instance's {@code uses_left} counted down only while above zero, the budget's value taken only while
 * enough is left, the redemption inserted under its idempotency key. The same key again answers the first
 * use and records nothing, also when the two requests race. Refusals: 404 {@code not_found} (an unknown
 * code and another tenant's code alike), 409 {@code already_used}, {@code expired}, {@code not_yet_valid},
 * {@code outside_hours}, {@code wrong_store}, {@code budget_spent}, {@code stale_token}, {@code wrong_pin},
 * 422 {@code idempotency_key_reused} (the key was used for another coupon), {@code invalid_idempotency_key};
 * reversal: 404 {@code not_found}, 409 {@code already_reversed}, {@code reversal_window_passed}, 422
 * {@code invalid_reason}.
 */
@Service
public class Redemptions {

    private final JdbcClient jdbc;
    private final Coupons coupons;
    private final Stores stores;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final HolderReferences holders;

    Redemptions(
            JdbcClient jdbc,
            Coupons coupons,
            Stores stores,
            AuditTrail audit,
            TransactionTemplate tx,
            Clock clock,
            HolderReferences holders) {
        this.jdbc = jdbc;
        this.holders = holders;
        this.coupons = coupons;
        this.stores = stores;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** What the use's statement did: the uses left after it (null: none was left), whether it was recorded. */
    private record Use(@Nullable Integer left, boolean recorded) {}

    /** Thrown inside the use's transaction when another request holds the key: rolls the use back. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }

    /**
     * Records one use of the instance with this code at this store (null when the coupon is good at every
     * store and the caller names none). With an idempotency key, a retry answers the first use.
     */
    public Redemption redeem(String typedCode, @Nullable UUID storeId, Proof proof, @Nullable String idempotencyKey) {
        TenantBinder.required();
        String code = code(typedCode);
        String key = idempotencyKey == null ? null : checkedKey(idempotencyKey);
        try {
            // A retry is not looked up first: its use is refused (already used, or its key is taken by the
            // first use's row) and rolled back, and the first use is answered below (decision 153).
            return tx.execute(status -> redeemOnce(code, storeId, proof, key));
        } catch (KeyTaken e) {
            return replay(byKey(key).orElseThrow(), code);
        } catch (ProblemException e) {
            if (key != null) {
                var earlier = byKey(key);
                if (earlier.isPresent()) {
                    return replay(earlier.get(), code);
                }
            }
            if (e.code().equals("budget_spent") && e.properties().get("coupon") instanceof UUID coupon) {
                tx.executeWithoutResult(status -> closeSpent(coupon));
            }
            throw e;
        }
    }

    private Redemption redeemOnce(String code, @Nullable UUID storeId, Proof proof, @Nullable String key) {
        // the instance and its coupon's settings in one round trip (decision 166)
        var found = jdbc.sql(INSTANCE_AND_COUPON)
                .param(code)
                .query((rs, row) ->
                        new Found(holders.mapInstance(PrefixedColumns.of(rs, "i_"), row), Coupons.map(rs, row)))
                .optional()
                .orElseThrow(Redemptions::notFound);
        var instance = found.instance();
        var coupon = found.coupon();
        Instant now =
                clock.instant().truncatedTo(ChronoUnit.MICROS); // as the database keeps it: a replay answers alike
        if (instance.usesLeft() == 0) {
            throw new ProblemException(409, "already_used");
        }
        if (now.isBefore(instance.validFrom())) {
            throw new ProblemException(409, "not_yet_valid");
        }
        if (!now.isBefore(instance.validUntil())) {
            throw new ProblemException(409, "expired");
        }
        if ("budget_spent".equals(coupon.closedReason())) {
            throw new ProblemException(409, "budget_spent");
        }
        if (!coupon.usableAt(storeId)
                || (storeId != null && stores.find(storeId).isEmpty())) {
            throw new ProblemException(409, "wrong_store");
        }
        if (!withinHours(coupon, now)) {
            throw new ProblemException(409, "outside_hours");
        }
        checkProof(proof, instance, storeId, now);
        boolean budgeted = coupon.budget() != null && coupon.valuePerUse() != null;
        long value = budgeted ? coupon.valuePerUse() : 0;
        UUID id = TimeOrderedIds.next(clock);
        // the use and its record in one statement: the uses left counted down only while above zero, the
        // redemption inserted only then, and not when its idempotency key is already another use's
        var use = jdbc.sql("""
                with used as (
                    update coupons.instances set uses_left = uses_left - 1
                     where id = :instance and uses_left > 0
                    returning uses_left),
                recorded as (
                    insert into coupons.redemptions (id, instance_id, coupon_id, store_id, proof, idempotency_key,
                        value, uses_left_after, used_at)
                    select :id, :instance, :coupon, :store::uuid, :proof::text, :key::text, :value::bigint,
                           used.uses_left, :at::timestamptz
                      from used
                    on conflict (tenant_id, idempotency_key) do nothing
                    returning id)
                select (select uses_left from used) as uses_left, exists (select from recorded) as recorded""")
                .param("instance", instance.id())
                .param("id", id)
                .param("coupon", coupon.id())
                .param("store", storeId)
                .param("proof", proof.kind().wire())
                .param("key", key)
                .param("value", value)
                .param("at", Timestamp.from(now))
                .query((rs, row) -> new Use(rs.getObject("uses_left", Integer.class), rs.getBoolean("recorded")))
                .single();
        if (use.left() == null) {
            throw new ProblemException(409, "already_used");
        }
        int left = use.left();
        if (!use.recorded()) {
            throw new KeyTaken();
        }
        // the budget last, as a reversal gives it back last (instance, counts, budget): no lock cycle
        if (budgeted) {
            takeBudget(coupon.id(), value);
        }
        // no meaning entry: the redemption's captured insert is the record of the use (V5 migration)
        return new Redemption(
                id, coupon.id(), code, left, now, storeId, proof.kind().wire(), value, null, null);
    }

    private void checkProof(Proof proof, InstanceView instance, @Nullable UUID storeId, Instant now) {
        switch (proof.kind()) {
            case API, STAFF -> {}
            case TOKEN -> {
                if (proof.secret() == null
                        || !RotatingTokens.fresh(tokenKey(instance.couponId()), instance.id(), proof.secret(), now)) {
                    throw new ProblemException(409, "stale_token");
                }
            }
            case PIN -> {
                if (storeId == null || proof.secret() == null || !stores.pinMatches(storeId, proof.secret())) {
                    throw new ProblemException(409, "wrong_pin");
                }
            }
            case STORE_QR -> {
                var store = proof.secret() == null
                        ? null
                        : stores.findByQrToken(proof.secret()).orElse(null);
                if (storeId == null || store == null || !store.id().equals(storeId)) {
                    throw new ProblemException(409, "wrong_store");
                }
            }
        }
    }

    /**
     * Takes the value of one use from the budget: a stripe with enough left, chosen from a random start and
     * passing over locked ones, else waiting for the fullest; none with enough left is {@code budget_spent},
     * after which the coupon is closed.
     */
    private void takeBudget(UUID coupon, long value) {
        int start = ThreadLocalRandom.current().nextInt(256);
        var taken = jdbc.sql("""
                with pick as materialized (
                    select stripe from coupons.budget_stripes
                     where coupon_id = :coupon and remaining >= :v
                     order by (stripe + 256 - :start) % 256
                     limit 1 for update skip locked)
                update coupons.budget_stripes s set remaining = s.remaining - :v
                  from pick
                 where s.coupon_id = :coupon and s.stripe = pick.stripe
                returning s.stripe""")
                .param("coupon", coupon)
                .param("v", value)
                .param("start", start)
                .query(Integer.class)
                .optional();
        for (int wait = 0; taken.isEmpty() && wait < 100; wait++) {
            taken = jdbc.sql("""
                    update coupons.budget_stripes set remaining = remaining - :v
                     where coupon_id = :coupon and remaining >= :v
                       and stripe = (select stripe from coupons.budget_stripes
                                      where coupon_id = :coupon and remaining >= :v
                                      order by remaining desc, stripe limit 1)
                    returning stripe""")
                    .param("coupon", coupon)
                    .param("v", value)
                    .query(Integer.class)
                    .optional();
            if (taken.isEmpty()
                    && !jdbc.sql("select exists (select 1 from coupons.budget_stripes"
                                    + " where coupon_id = ? and remaining >= ?)")
                            .params(coupon, value)
                            .query(Boolean.class)
                            .single()) {
                break;
            }
        }
        if (taken.isEmpty()) {
            throw new ProblemException(409, "budget_spent").with("coupon", coupon);
        }
        boolean enoughLeft = jdbc.sql(
                        "select exists (select 1 from coupons.budget_stripes where coupon_id = ? and remaining >= ?)")
                .params(coupon, value)
                .query(Boolean.class)
                .single();
        if (!enoughLeft) {
            closeSpent(coupon);
        }
    }

    /**
     * Closes the coupon because its budget is spent, in the current transaction; only when no stripe has a
     * use's value left, so a use reversed meanwhile keeps it open.
     */
    private void closeSpent(UUID coupon) {
        Timestamp now = Timestamp.from(clock.instant());
        int closed = jdbc.sql("""
                update coupons.coupons set status = 'closed', closed_reason = 'budget_spent', closed_at = ?,
                    updated_at = ?
                 where id = ? and (status = 'published' or (status = 'closed' and closed_reason = 'closed'))
                   and not exists (select 1 from coupons.budget_stripes b
                                    where b.coupon_id = coupons.id and b.remaining >= coupons.value_per_use)""").params(now, now, coupon).update();
        if (closed == 1) {
            audit.record("coupon.budget_spent", null, Map.of("coupon", coupon));
        }
    }

    private static boolean withinHours(CouponView coupon, Instant now) {
        ZonedDateTime local = now.atZone(Acquisitions.TOKYO);
        if (!coupon.weekdays().isEmpty() && !coupon.weekdays().contains(local.getDayOfWeek())) {
            return false;
        }
        if (coupon.hoursFrom() == null || coupon.hoursTo() == null) {
            return true;
        }
        LocalTime t = local.toLocalTime();
        return !t.isBefore(coupon.hoursFrom()) && t.isBefore(coupon.hoursTo());
    }

    /**
     * Undoes a use within the coupon's reversal window, with a reason; gives the use back to the instance
     * (and its value to the budget) when the coupon says reversals restore.
     */
    @Transactional
    public Redemption reverse(String typedCode, UUID redemptionId, @Nullable String reason) {
        String code = code(typedCode);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500 || why.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
            throw new ProblemException(422, "invalid_reason");
        }
        // the instance first, as a use takes it: a use and a reversal of one instance then queue, never deadlock
        jdbc.sql("select id from coupons.instances where code = ? for update")
                .param(code)
                .query(UUID.class)
                .optional();
        var r = jdbc.sql(REDEMPTION + " where r.id = ? and i.code = ?")
                .params(redemptionId, code)
                .query(Redemptions::mapRedemption)
                .optional()
                .orElseThrow(Redemptions::notFound);
        var coupon = coupons.settings(r.couponId()).orElseThrow(Redemptions::notFound);
        Instant now = clock.instant();
        if (r.reversedAt() != null) {
            throw new ProblemException(409, "already_reversed");
        }
        if (now.isAfter(r.usedAt().plus(Duration.ofMinutes(coupon.reversalWindowMinutes())))) {
            throw new ProblemException(409, "reversal_window_passed");
        }
        var value = jdbc.sql("""
                update coupons.redemptions set reversed_at = ?, reversed_reason = ?, reversal_restored = ?
                 where id = ? and reversed_at is null returning value""")
                .params(Timestamp.from(now), why, coupon.reversalRestores(), redemptionId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new ProblemException(409, "already_reversed"));
        if (coupon.reversalRestores()) {
            jdbc.sql("update coupons.instances set uses_left = uses_left + 1 where code = ? and uses_left < uses_total")
                    .param(code)
                    .update();
            if (value > 0) {
                jdbc.sql("""
                        update coupons.budget_stripes set remaining = remaining + ?
                         where coupon_id = ? and stripe = (select min(stripe) from coupons.budget_stripes where coupon_id = ?)""").params(value, coupon.id(), coupon.id()).update();
                jdbc.sql("update coupons.coupons set status = 'published', closed_reason = null, closed_at = null"
                                + " where id = ? and closed_reason = 'budget_spent'")
                        .param(coupon.id())
                        .update();
            }
        }
        audit.record(
                "coupon.redemption_reversed",
                why,
                Map.of("coupon", coupon.id(), "redemption", redemptionId, "restored", coupon.reversalRestores()));
        return jdbc.sql(REDEMPTION + " where r.id = ?")
                .param(redemptionId)
                .query(Redemptions::mapRedemption)
                .single();
    }

    /** The instance with this code (as typed: any case, width, hyphens), with its latest use. */
    @Transactional(readOnly = true)
    public Optional<InstanceView> instance(String typedCode) {
        return CouponCodes.normalize(typedCode)
                .flatMap(code -> jdbc.sql(INSTANCE + " where i.code = ?")
                        .param(code)
                        .query(holders::mapInstance)
                        .optional());
    }

    /** A holder's instances (e-mail or the tenant's reference), newest first. */
    @Transactional(readOnly = true)
    public List<InstanceView> instancesOf(String holder) {
        String reference = Acquisitions.reference(holder);
        return jdbc.sql(INSTANCE + " where (h.reference_lookup = ? or h.reference = ?) order by i.created_at desc")
                .params(holders.lookup(reference), reference)
                .query(holders::mapInstance)
                .list();
    }

    /** The token the instance's screen shows now, and until when it is current. */
    @Transactional(readOnly = true)
    public Token currentToken(String typedCode) {
        var instance = instance(typedCode).orElseThrow(Redemptions::notFound);
        Instant now = clock.instant();
        long step = RotatingTokens.step(now);
        return new Token(
                RotatingTokens.token(tokenKey(instance.couponId()), instance.id(), step),
                now,
                Instant.ofEpochSecond((step + 1) * RotatingTokens.STEP_SECONDS));
    }

    /** The rotating token shown on a holder's screen, the server's time it was made, and when it changes. */
    public record Token(String value, Instant at, Instant changesAt) {}

    /**
     * Store staff's check of what a holder's screen shows: the instance when the token is the current one
     * (or the one before), else 409 {@code stale_token}; 404 {@code not_found} for an unknown code.
     */
    @Transactional(readOnly = true)
    public InstanceView checkToken(String typedCode, String token) {
        var instance = instance(typedCode).orElseThrow(Redemptions::notFound);
        if (!RotatingTokens.fresh(tokenKey(instance.couponId()), instance.id(), token, clock.instant())) {
            throw new ProblemException(409, "stale_token");
        }
        return instance;
    }

    /** A coupon's uses, oldest first (reversed ones too), for the per-use log and the CSV. */
    @Transactional(readOnly = true)
    public List<Redemption> redemptions(UUID couponId) {
        return jdbc.sql(REDEMPTION + " where r.coupon_id = ? order by r.used_at, r.id")
                .param(couponId)
                .query(Redemptions::mapRedemption)
                .list();
    }

    /** The key the instance's tokens are made with (package-private: for tests that make an old token). */
    byte[] tokenKeyFor(InstanceView instance) {
        return tokenKey(instance.couponId());
    }

    private byte[] tokenKey(UUID coupon) {
        return jdbc.sql("select token_key from coupons.coupons where id = ?")
                .param(coupon)
                .query(byte[].class)
                .single();
    }

    /** The use recorded under this key, read in a transaction of its own (the tenant is set per transaction). */
    private Optional<Redemption> byKey(String key) {
        return Optional.ofNullable(tx.execute(status -> jdbc.sql(REDEMPTION + " where r.idempotency_key = ?")
                .param(key)
                .query(Redemptions::mapRedemption)
                .optional()
                .orElse(null)));
    }

    private static Redemption replay(Redemption earlier, String code) {
        if (!earlier.code().equals(code)) {
            throw new ProblemException(422, "idempotency_key_reused");
        }
        return earlier;
    }

    private static String code(String typed) {
        return CouponCodes.normalize(typed).orElseThrow(Redemptions::notFound);
    }

    private static String checkedKey(String key) {
        String k = key.strip();
        if (k.isEmpty() || k.length() > 200 || k.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new ProblemException(422, "invalid_idempotency_key");
        }
        return k;
    }

    private static ProblemException notFound() {
        return new ProblemException(404, "not_found");
    }

    static final String INSTANCE = """
            select i.*, h.reference, h.reference_sealed,
                   (select r.id from coupons.redemptions r where r.instance_id = i.id and r.reversed_at is null
                     order by r.used_at desc limit 1) as last_id,
                   (select r.store_id from coupons.redemptions r where r.instance_id = i.id and r.reversed_at is null
                     order by r.used_at desc limit 1) as last_store,
                   (select r.used_at from coupons.redemptions r where r.instance_id = i.id and r.reversed_at is null
                     order by r.used_at desc limit 1) as last_at
              from coupons.instances i left join coupons.holders h on h.id = i.holder_id""";

    /** An instance (its columns prefixed {@code i_}, as {@link #INSTANCE} reads them) and its coupon's settings. */
    private static final String INSTANCE_AND_COUPON = """
            select i.id as i_id, i.coupon_id as i_coupon_id, i.code as i_code, i.holder_id as i_holder_id,
                   h.reference as i_reference, h.reference_sealed as i_reference_sealed, i.source as i_source,
                   i.uses_total as i_uses_total, i.uses_left as i_uses_left, i.valid_from as i_valid_from,
                   i.valid_until as i_valid_until, i.created_at as i_created_at,
                   (select r.id from coupons.redemptions r where r.instance_id = i.id and r.reversed_at is null
                     order by r.used_at desc limit 1) as i_last_id,
                   (select r.store_id from coupons.redemptions r where r.instance_id = i.id and r.reversed_at is null
                     order by r.used_at desc limit 1) as i_last_store,
                   (select r.used_at from coupons.redemptions r where r.instance_id = i.id and r.reversed_at is null
                     order by r.used_at desc limit 1) as i_last_at,
                   s.*
              from coupons.instances i left join coupons.holders h on h.id = i.holder_id
              join (""" + Coupons.SETTINGS + """
            ) s on s.id = i.coupon_id
             where i.code = ?""";

    private record Found(InstanceView instance, CouponView coupon) {}

    static final String REDEMPTION = """
            select r.*, i.code from coupons.redemptions r join coupons.instances i on i.id = r.instance_id""";

    static Redemption mapRedemption(ResultSet rs, int row) throws SQLException {
        return new Redemption(
                rs.getObject("id", UUID.class),
                rs.getObject("coupon_id", UUID.class),
                rs.getString("code"),
                rs.getInt("uses_left_after"),
                rs.getTimestamp("used_at").toInstant(),
                rs.getObject("store_id", UUID.class),
                rs.getString("proof"),
                rs.getLong("value"),
                Coupons.instant(rs, "reversed_at"),
                rs.getString("reversed_reason"));
    }
}
