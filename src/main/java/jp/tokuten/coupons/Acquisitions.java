package jp.tokuten.coupons;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Handing out coupons of the bound tenant: a holder acquires one (first come, first served) or is issued
 * one (by the tenant's system, or as a prize), or claims a serial code ({@link #claim}). Each is one transaction of single conditional statements:
 * the holder's count under the per-holder cap (an upsert that only counts up while below the cap), one unit
 * of the total cap from a stripe (an update that only counts down while above zero), and the instance.
 * When any refuses, the transaction rolls back and nothing is taken. Refusals: 404 {@code not_found}, 409
 * {@code coupon_not_published}, {@code coupon_closed}, {@code cap_reached}, {@code holder_cap_reached},
 * {@code acquisition_by_lottery}, {@code expired} (a fixed period that is over), 422 {@code invalid_holder}.
 */
@Service
public class Acquisitions {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /** How often a cap unit is sought again while every stripe with units left is locked by others. */
    private static final int MAX_WAITS = 100;

    private final JdbcClient jdbc;
    private final Coupons coupons;
    private final AuditTrail audit;
    private final HolderReferences holders;
    private final Clock clock;
    private final CouponRateLimits limits;

    Acquisitions(
            JdbcClient jdbc,
            Coupons coupons,
            AuditTrail audit,
            Clock clock,
            HolderReferences holders,
            CouponRateLimits limits) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.holders = holders;
        this.coupons = coupons;
        this.audit = audit;
        this.clock = clock;
    }

    /** A holder takes one instance of a published first-come coupon. */
    @Transactional
    public InstanceView acquire(UUID couponId, String holder) {
        var coupon = published(couponId);
        if (coupon.acquisition() == CouponDraft.Acquisition.LOTTERY) {
            throw new ProblemException(409, "acquisition_by_lottery");
        }
        return hand(coupon, holder, "acquired");
    }

    /**
     * As {@link #acquire(UUID, String)}, with the holder's acquisition counted against its rate limit in the
     * same transaction (see {@link LimitedAcquisitions}, which counts a refused one again on its own). The
     * count, the coupon's settings and the holder (found, or made when new) are one statement, so that an
     * acquisition costs two round trips to the database besides its transaction's (decision 166); the
     * refusals come in the same order as before: over the rate limit, then the coupon's, then the holder's.
     * A holder made for a refused acquisition goes with its rollback.
     */
    @Transactional
    InstanceView acquireCounted(UUID couponId, String holder) {
        String reference = reference(holder);
        var count = limits.holderAcquisition(reference);
        Instant now = clock.instant();
        byte[] lookup = holders.lookup(reference);
        var first = CouponRateLimits.HolderCount.bind(jdbc.sql(COUNTED_START), count)
                .param("lookup", lookup)
                .param("reference", reference)
                .param("id", TimeOrderedIds.next(clock))
                .param("sealed", holders.seal(reference))
                .param("now", Timestamp.from(now))
                .param("coupon", couponId)
                .query((rs, row) -> new CountedStart(
                        (Integer) rs.getObject("counted_hits"),
                        rs.getObject("found_holder", UUID.class),
                        rs.getObject("id") == null ? null : Coupons.map(rs, row)))
                .single();
        if (count != null && first.hits() != null) {
            limits.refuseOverHolderAcquisitions(count, first.hits());
        }
        var coupon = published(Optional.ofNullable(first.coupon()));
        if (coupon.acquisition() == CouponDraft.Acquisition.LOTTERY) {
            throw new ProblemException(409, "acquisition_by_lottery");
        }
        refuseExpired(coupon, now);
        UUID holderId = first.holder() != null
                ? first.holder()
                : find(reference, lookup).orElseThrow();
        return hand(coupon, reference, "acquired", holderId, now);
    }

    /**
     * Common table expressions {@code found} and {@code made}, to follow a {@code with} or another expression's
     * comma: the holder of {@code :reference} found by its keyed hash {@code :lookup} or by a plain row not yet
     * sealed, else made with {@code :id}, {@code :sealed}, {@code :now}; made by another request at the same
     * moment: neither.
     */
    private static final String HOLDER_FOUND_OR_MADE = """
            found as (
                select id from coupons.holders where reference_lookup = :lookup
                union all
                select id from coupons.holders where reference = :reference
                limit 1),
            made as (
                insert into coupons.holders (id, reference_sealed, reference_lookup, created_at)
                select :id, :sealed::bytea, :lookup, :now::timestamptz where not exists (select from found)
                on conflict (tenant_id, reference_lookup) do nothing
                returning id)
            """;

    /** The first statement of a counted acquisition: the holder's count, the holder, the coupon's settings. */
    private static final String COUNTED_START = "with counted as (" + CouponRateLimits.COUNT + "),\n"
            + HOLDER_FOUND_OR_MADE
            + """
            select (select hits from counted) as counted_hits,
                   coalesce((select id from found), (select id from made)) as found_holder,
                   s.*
              from (select 1) one
              left join (""" + Coupons.SETTINGS + " where c.id = :coupon) s on true";

    /** What the first statement of a counted acquisition found: the count, the holder, the coupon. */
    private record CountedStart(
            @Nullable Integer hits,
            @Nullable UUID holder,
            @Nullable CouponView coupon) {}

    /**
     * Issues one instance to a known holder, e.g. as a prize or from the tenant's own system; the caps hold
     * as for an acquisition, and a lottery coupon may be issued this way (its winners are).
     */
    @Transactional
    public InstanceView issue(UUID couponId, String holder) {
        var coupon = published(couponId);
        var instance = hand(coupon, holder, "issued");
        audit.record("coupon.issued", null, Map.of("coupon", couponId, "instance", instance.id()));
        return instance;
    }

    /**
     * A holder claims a serial code (one printed or handed out without a holder) by typing it: it becomes
     * theirs, under the per-holder cap, in one conditional update ({@code where holder_id is null}), so of
     * many claims of one code at once exactly one wins. A wrong code, a code already claimed and a code
     * already used are all 404 {@code not_found}, the same answer. For a coupon valid N days from acquisition,
     * the N days start at the claim. Refusals besides: 409 {@code holder_cap_reached},
     * {@code coupon_closed}, {@code expired}; 422 {@code invalid_holder}.
     */
    @Transactional
    public InstanceView claim(String typedCode, String holder) {
        String reference = reference(holder);
        String code = CouponCodes.normalize(typedCode).orElseThrow(() -> new ProblemException(404, "not_found"));
        Instant now = clock.instant();
        UUID couponId = jdbc.sql("select coupon_id from coupons.instances"
                        + " where code = ? and holder_id is null and uses_left = uses_total")
                .param(code)
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        var coupon = published(couponId);
        if (coupon.validTo() != null && LocalDate.ofInstant(now, TOKYO).isAfter(coupon.validTo())) {
            throw new ProblemException(409, "expired");
        }
        UUID holderId = holderId(reference, now);
        int slot = takeHolderSlot(coupon, holderId);
        Instant until = coupon.validDays() == null
                ? null
                : LocalDate.ofInstant(now, TOKYO)
                        .plusDays(coupon.validDays())
                        .atStartOfDay(TOKYO)
                        .toInstant();
        UUID id = jdbc.sql("""
                update coupons.instances set holder_id = :holder, holder_slot = :slot, claimed_at = :now,
                    valid_from = coalesce(:from, valid_from), valid_until = coalesce(:until, valid_until)
                 where code = :code and holder_id is null and uses_left = uses_total
                returning id""")
                .param("holder", holderId)
                .param("slot", slot)
                .param("now", Timestamp.from(now))
                .param("from", until == null ? null : Timestamp.from(now))
                .param("until", until == null ? null : Timestamp.from(until))
                .param("code", code)
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        audit.record("coupon.serial_claimed", null, Map.of("coupon", couponId, "instance", id));
        return jdbc.sql(Redemptions.INSTANCE + " where i.id = ?")
                .param(id)
                .query(holders::mapInstance)
                .single();
    }

    CouponView published(UUID couponId) {
        return published(coupons.settings(couponId));
    }

    private static CouponView published(Optional<CouponView> settings) {
        var coupon = settings.orElseThrow(() -> new ProblemException(404, "not_found"));
        if (coupon.status() == CouponStatus.DRAFT) {
            throw new ProblemException(409, "coupon_not_published");
        }
        if (coupon.status() == CouponStatus.CLOSED) {
            throw new ProblemException(409, "coupon_closed");
        }
        return coupon;
    }

    private InstanceView hand(CouponView coupon, String holderReference, String source) {
        String reference = reference(holderReference);
        Instant now = clock.instant();
        refuseExpired(coupon, now);
        return hand(coupon, reference, source, holderId(reference, now), now);
    }

    /** 409 {@code expired} when the coupon's fixed period is over. */
    private static void refuseExpired(CouponView coupon, Instant now) {
        if (coupon.validTo() != null && LocalDate.ofInstant(now, TOKYO).isAfter(coupon.validTo())) {
            throw new ProblemException(409, "expired");
        }
    }

    private InstanceView hand(CouponView coupon, String reference, String source, UUID holder, Instant now) {
        Instant from;
        Instant until;
        if (coupon.validDays() != null) {
            from = now;
            until = LocalDate.ofInstant(now, TOKYO)
                    .plusDays(coupon.validDays())
                    .atStartOfDay(TOKYO)
                    .toInstant();
        } else {
            from = coupon.validFrom().atStartOfDay(TOKYO).toInstant();
            until = coupon.validTo().plusDays(1).atStartOfDay(TOKYO).toInstant();
        }
        UUID id = TimeOrderedIds.next(clock);
        String code = CouponCodes.next();
        var taken = takeAll(id, code, coupon, holder, source, from, until, now);
        if (taken.slot() == null) {
            throw new ProblemException(409, "holder_cap_reached");
        }
        if (coupon.totalCap() != null && !taken.unit()) {
            takeCapUnit(coupon.id()); // every stripe with units left was locked by others: wait for one
        }
        if (!taken.inserted()) {
            code = insertInstance(id, coupon, holder, taken.slot(), source, from, until, now);
        }
        return new InstanceView(
                id,
                coupon.id(),
                code,
                holder,
                reference,
                source,
                coupon.usesPerCoupon(),
                coupon.usesPerCoupon(),
                from,
                until,
                now,
                null);
    }

    /** The holder reference as kept: an e-mail address in lower case, else as given (trimmed). */
    static String reference(String holder) {
        String s = holder.strip();
        if (s.isEmpty() || s.length() > 254 || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ProblemException(422, "invalid_holder");
        }
        return s.contains("@") ? s.toLowerCase(Locale.ROOT) : s;
    }

    /** The holder of {@code reference}, made when new: found by its keyed hash, or by a plain row not yet sealed. */
    UUID holderId(String reference, Instant now) {
        byte[] lookup = holders.lookup(reference);
        // found or made in one round trip; made by another request at the same moment: found again
        Optional<UUID> holder = jdbc.sql(
                        "with " + HOLDER_FOUND_OR_MADE + "select id from found union all select id from made")
                .param("lookup", lookup)
                .param("reference", reference)
                .param("id", TimeOrderedIds.next(clock))
                .param("sealed", holders.seal(reference))
                .param("now", Timestamp.from(now))
                .query(UUID.class)
                .optional();
        return holder.orElseGet(() -> find(reference, lookup).orElseThrow());
    }

    private Optional<UUID> find(String reference, byte[] lookup) {
        return jdbc.sql("""
                        select id from coupons.holders where reference_lookup = ?
                        union all
                        select id from coupons.holders where reference = ?
                        limit 1""").params(lookup, reference).query(UUID.class).optional();
    }

    /** What {@link #takeAll} took: the holder's slot (null: at the cap), a unit of the total cap, the instance. */
    private record Taken(@Nullable Integer slot, boolean unit, boolean inserted) {}

    /**
     * The acquisition in one statement (one round trip; decision 153): the holder's slot under the per-holder
     * cap ({@link #takeHolderSlot}), then, only with a slot, a unit of the total cap from a stripe no other
     * acquisition holds locked ({@link #takeCapUnit}'s first step), then, only with both, the instance. Each
     * part is the same conditional statement as on its own. What it could not take is taken by the caller
     * step by step: a unit when every stripe with units left was locked, the instance when its code was taken.
     */
    private Taken takeAll(
            UUID id,
            String code,
            CouponView coupon,
            UUID holder,
            String source,
            Instant from,
            Instant until,
            Instant now) {
        return jdbc.sql("""
                with slot as (
                    insert into coupons.holder_counts (coupon_id, holder_id, taken) values (:coupon, :holder, 1)
                    on conflict (tenant_id, coupon_id, holder_id) do update set taken = holder_counts.taken + 1
                     where :holderCap::int is null or holder_counts.taken < :holderCap::int
                    returning taken),
                pick as materialized (
                    select stripe from coupons.cap_stripes
                     where :capped and coupon_id = :coupon and remaining > 0 and exists (select from slot)
                     order by (stripe + 256 - :start) % 256
                     limit 1 for update skip locked),
                unit as (
                    update coupons.cap_stripes s set remaining = s.remaining - 1
                      from pick
                     where s.coupon_id = :coupon and s.stripe = pick.stripe
                    returning s.stripe),
                made as (
                    insert into coupons.instances (id, coupon_id, code, holder_id, holder_slot, source, uses_total,
                        uses_left, valid_from, valid_until, created_at, claimed_at)
                    select :id, :coupon, :code::text, :holder, slot.taken, :source::text, :uses::int, :uses::int,
                           :from::timestamptz, :until::timestamptz, :now::timestamptz, :now::timestamptz
                      from slot
                     where not :capped or exists (select from unit)
                    on conflict (tenant_id, code) do nothing
                    returning id)
                select (select taken from slot) as slot, exists (select from unit) as unit,
                       exists (select from made) as made""")
                .param("coupon", coupon.id())
                .param("holder", holder)
                .param("holderCap", coupon.perHolderCap())
                .param("capped", coupon.totalCap() != null)
                .param("start", ThreadLocalRandom.current().nextInt(256))
                .param("id", id)
                .param("code", code)
                .param("source", source)
                .param("uses", coupon.usesPerCoupon())
                .param("from", Timestamp.from(from))
                .param("until", Timestamp.from(until))
                .param("now", Timestamp.from(now))
                .query((rs, row) ->
                        new Taken(rs.getObject("slot", Integer.class), rs.getBoolean("unit"), rs.getBoolean("made")))
                .single();
    }

    /** The holder's next slot under the per-holder cap: one upsert that counts up only while below the cap. */
    int takeHolderSlot(CouponView coupon, UUID holder) {
        return jdbc.sql("""
                insert into coupons.holder_counts (coupon_id, holder_id, taken) values (:coupon, :holder, 1)
                on conflict (tenant_id, coupon_id, holder_id) do update set taken = holder_counts.taken + 1
                 where :cap::int is null or holder_counts.taken < :cap::int
                returning taken""")
                .param("coupon", coupon.id())
                .param("holder", holder)
                .param("cap", coupon.perHolderCap())
                .query(Integer.class)
                .optional()
                .orElseThrow(() -> new ProblemException(409, "holder_cap_reached"));
    }

    /**
     * Takes one unit of the total cap. The first statement starts at a random stripe and passes over stripes
     * other acquisitions hold locked ({@code skip locked}), so concurrent acquisitions spread over the
     * stripes instead of queueing on one row. Only when every stripe with units left is locked does it wait
     * for one ({@code takeWaiting}); only when no stripe has a unit left is the answer {@code cap_reached}.
     * Each statement counts down only while above zero, so the cap holds whatever the concurrency.
     */
    private void takeCapUnit(UUID coupon) {
        int start = ThreadLocalRandom.current().nextInt(256);
        var taken = jdbc.sql("""
                with pick as materialized (
                    select stripe from coupons.cap_stripes
                     where coupon_id = :coupon and remaining > 0
                     order by (stripe + 256 - :start) % 256
                     limit 1 for update skip locked)
                update coupons.cap_stripes s set remaining = s.remaining - 1
                  from pick
                 where s.coupon_id = :coupon and s.stripe = pick.stripe
                returning s.stripe""")
                .param("coupon", coupon)
                .param("start", start)
                .query(Integer.class)
                .optional();
        for (int wait = 0; taken.isEmpty() && wait < MAX_WAITS; wait++) {
            taken = jdbc.sql("""
                    update coupons.cap_stripes set remaining = remaining - 1
                     where coupon_id = :coupon and remaining > 0
                       and stripe = (select stripe from coupons.cap_stripes
                                      where coupon_id = :coupon and remaining > 0
                                      order by remaining desc, stripe limit 1)
                    returning stripe""").param("coupon", coupon).query(Integer.class).optional();
            if (taken.isEmpty() && !unitsLeft(coupon)) {
                break;
            }
        }
        if (taken.isEmpty()) {
            throw new ProblemException(409, "cap_reached");
        }
    }

    private boolean unitsLeft(UUID coupon) {
        return jdbc.sql("select exists (select 1 from coupons.cap_stripes where coupon_id = ? and remaining > 0)")
                .param(coupon)
                .query(Boolean.class)
                .single();
    }

    private String insertInstance(
            UUID id,
            CouponView coupon,
            UUID holder,
            int slot,
            String source,
            Instant from,
            Instant until,
            Instant now) {
        for (int attempt = 0; ; attempt++) {
            String code = CouponCodes.next();
            int inserted = jdbc.sql("""
                    insert into coupons.instances (id, coupon_id, code, holder_id, holder_slot, source, uses_total,
                        uses_left, valid_from, valid_until, created_at, claimed_at)
                    values (:id, :coupon, :code, :holder, :slot, :source, :uses, :uses, :from, :until, :now, :now)
                    on conflict (tenant_id, code) do nothing""")
                    .param("id", id)
                    .param("coupon", coupon.id())
                    .param("code", code)
                    .param("holder", holder)
                    .param("slot", slot)
                    .param("source", source)
                    .param("uses", coupon.usesPerCoupon())
                    .param("from", Timestamp.from(from))
                    .param("until", Timestamp.from(until))
                    .param("now", Timestamp.from(now))
                    .update();
            if (inserted == 1) {
                return code;
            }
            if (attempt == 5) {
                throw new IllegalStateException("no free coupon code after 6 draws");
            }
        }
    }
}
