package jp.tokuten.coupons;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The acquisition lottery (抽選) of the bound tenant's coupons, for a launch-day rush: holders apply within
 * the coupon's window (one application each), and after it an editor draws the winners once. The draw
 * shuffles the applications with {@link SecureRandom}, takes up to {@code winners} of them, and gives each
 * winner an instance (source {@code lottery}) under the same caps as any acquisition, set-based: the units
 * of the total cap in one statement, the per-holder counts in one, the instances in multi-row inserts.
 */
@Service
public class Lottery {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Coupons coupons;
    private final Acquisitions acquisitions;
    private final CapUnits units;
    private final AuditTrail audit;
    private final Clock clock;

    Lottery(
            JdbcClient jdbc,
            Coupons coupons,
            Acquisitions acquisitions,
            CapUnits units,
            AuditTrail audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.coupons = coupons;
        this.acquisitions = acquisitions;
        this.units = units;
        this.audit = audit;
        this.clock = clock;
    }

    /** An application as recorded. */
    public record Application(UUID couponId, String holder, Instant appliedAt) {}

    /**
     * A holder applies. 409 {@code already_applied}, {@code not_in_application_window} (before, after, or
     * drawn), {@code not_a_lottery}, {@code coupon_not_published}, {@code coupon_closed}; 422
     * {@code invalid_holder}; 404 {@code not_found}.
     */
    @Transactional
    public Application apply(UUID couponId, String holder) {
        String reference = Acquisitions.reference(holder);
        var coupon = lottery(couponId);
        Instant now = clock.instant();
        boolean open = coupon.drawnAt() == null
                && (coupon.applyFrom() == null || !now.isBefore(coupon.applyFrom()))
                && (coupon.applyUntil() == null || now.isBefore(coupon.applyUntil()));
        if (!open) {
            throw new ProblemException(409, "not_in_application_window");
        }
        UUID holderId = acquisitions.holderId(reference, now);
        int added = jdbc.sql("""
                insert into coupons.lottery_applications (coupon_id, holder_id, applied_at)
                select :coupon, :holder, :now
                 where exists (select 1 from coupons.coupons where id = :coupon and drawn_at is null)
                on conflict (tenant_id, coupon_id, holder_id) do nothing""")
                .param("coupon", couponId)
                .param("holder", holderId)
                .param("now", Timestamp.from(now))
                .update();
        if (added == 0) {
            throw new ProblemException(409, "already_applied");
        }
        return new Application(couponId, reference, now);
    }

    /** What a draw did: applications, winners given an instance, the others. */
    public record Draw(UUID couponId, int applications, int won, int lost, Instant drawnAt) {}

    /**
     * Draws the winners, once, after the window (without an end, whenever the editor draws; applications
     * close then): 409 {@code already_drawn}, {@code application_window_open},
     * {@code not_a_lottery}, {@code coupon_not_published}, {@code coupon_closed}; 404 {@code not_found}.
     * Winners are min(winners, applications) (no {@code winners} and no cap: every applicant), fewer only when the total cap has fewer units left (instances
     * issued meanwhile) or a winner's per-holder cap is reached (then the next in the shuffled order wins).
     */
    @Transactional
    public Draw draw(UUID couponId) {
        var coupon = lottery(couponId);
        Instant now = clock.instant();
        if (coupon.applyUntil() != null && now.isBefore(coupon.applyUntil())) {
            throw new ProblemException(409, "application_window_open");
        }
        int marked = jdbc.sql(
                        "update coupons.coupons set drawn_at = ?, updated_at = ? where id = ? and drawn_at is null")
                .params(Timestamp.from(now), Timestamp.from(now), couponId)
                .update();
        if (marked == 0) {
            throw new ProblemException(409, "already_drawn");
        }
        List<UUID> applicants = new ArrayList<>(
                jdbc.sql("select holder_id from coupons.lottery_applications where coupon_id = ? order by holder_id")
                        .param(couponId)
                        .query(UUID.class)
                        .list());
        Collections.shuffle(applicants, RANDOM);
        int wanted = Math.min(applicants.size(), coupon.winners() == null ? applicants.size() : coupon.winners());
        // the per-holder caps first, then the units, in the order acquisitions take them (no deadlock)
        var winners = new ArrayList<UUID>();
        var slots = new java.util.HashMap<UUID, Integer>();
        int next = 0;
        while (winners.size() < wanted && next < applicants.size()) {
            var candidates = applicants.subList(next, Math.min(applicants.size(), next + wanted - winners.size()));
            next += candidates.size();
            // the per-holder cap for every candidate at once: the rows returned are those under it
            var passed = new java.util.HashSet<UUID>();
            jdbc.sql("""
                    insert into coupons.holder_counts (coupon_id, holder_id, taken)
                    select :coupon, h, 1 from unnest(:holders::uuid[]) h
                    on conflict (tenant_id, coupon_id, holder_id) do update set taken = holder_counts.taken + 1
                     where :cap::int is null or holder_counts.taken < :cap::int
                    returning holder_id, taken""")
                    .param("coupon", couponId)
                    .param("holders", candidates.toArray(UUID[]::new))
                    .param("cap", coupon.perHolderCap())
                    .query((rs, row) -> {
                        UUID h = rs.getObject("holder_id", UUID.class);
                        passed.add(h);
                        slots.put(h, rs.getInt("taken"));
                        return null;
                    })
                    .list();
            candidates.stream().filter(passed::contains).forEach(winners::add); // in the shuffled order
        }
        int taken = coupon.totalCap() == null ? winners.size() : units.takeUpTo(couponId, winners.size());
        if (taken < winners.size()) {
            // fewer units left than winners (instances issued meanwhile): the last ones drawn lose
            var excess = winners.subList(taken, winners.size()).toArray(UUID[]::new);
            jdbc.sql("delete from coupons.holder_counts where coupon_id = ? and holder_id = any(?) and taken = 1")
                    .params(couponId, excess)
                    .update();
            jdbc.sql("update coupons.holder_counts set taken = taken - 1 where coupon_id = ? and holder_id = any(?)")
                    .params(couponId, excess)
                    .update();
            winners.subList(taken, winners.size()).clear();
        }
        Instant from;
        Instant until;
        if (coupon.validDays() != null) {
            from = now;
            until = LocalDate.ofInstant(now, Acquisitions.TOKYO)
                    .plusDays(coupon.validDays())
                    .atStartOfDay(Acquisitions.TOKYO)
                    .toInstant();
        } else {
            from = coupon.validFrom().atStartOfDay(Acquisitions.TOKYO).toInstant();
            until = coupon.validTo()
                    .plusDays(1)
                    .atStartOfDay(Acquisitions.TOKYO)
                    .toInstant();
        }
        for (int start = 0; start < winners.size(); start += SerialCodes.BATCH) {
            int end = Math.min(winners.size(), start + SerialCodes.BATCH);
            var batch = winners.subList(start, end);
            issue(coupon, batch, batch.stream().map(slots::get).toList(), from, until, now);
        }
        int lost = jdbc.sql("update coupons.lottery_applications set outcome = 'lost'"
                        + " where coupon_id = ? and outcome is null")
                .param(couponId)
                .update();
        audit.record(
                "coupon.lottery_drawn",
                null,
                Map.of("coupon", couponId, "applications", applicants.size(), "won", winners.size(), "lost", lost));
        return new Draw(couponId, applicants.size(), winners.size(), lost, now);
    }

    /** Inserts the winners' instances (a code drawn twice is drawn again) and marks their applications won. */
    private void issue(
            CouponView coupon, List<UUID> holders, List<Integer> slots, Instant from, Instant until, Instant now) {
        var pendingHolders = new ArrayList<>(holders);
        var pendingSlots = new ArrayList<>(slots);
        while (!pendingHolders.isEmpty()) {
            int n = pendingHolders.size();
            var ids = new UUID[n];
            var codes = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = TimeOrderedIds.next(clock);
                codes[i] = CouponCodes.next();
            }
            var won = new ArrayList<UUID>();
            var instances = new ArrayList<UUID>();
            jdbc.sql("""
                    insert into coupons.instances (id, coupon_id, code, holder_id, holder_slot, source, uses_total,
                        uses_left, valid_from, valid_until, created_at, claimed_at)
                    select w.id, :coupon, w.code, w.holder, w.slot, 'lottery', :uses, :uses, :from, :until, :now, :now
                      from unnest(:ids::uuid[], :codes::text[], :holders::uuid[], :slots::int[]) as w(id, code, holder, slot)
                    on conflict (tenant_id, code) do nothing
                    returning id, holder_id""")
                    .param("coupon", coupon.id())
                    .param("uses", coupon.usesPerCoupon())
                    .param("from", Timestamp.from(from))
                    .param("until", Timestamp.from(until))
                    .param("now", Timestamp.from(now))
                    .param("ids", ids)
                    .param("codes", codes)
                    .param("holders", pendingHolders.toArray(UUID[]::new))
                    .param("slots", pendingSlots.toArray(Integer[]::new))
                    .query((rs, row) -> {
                        instances.add(rs.getObject("id", UUID.class));
                        won.add(rs.getObject("holder_id", UUID.class));
                        return null;
                    })
                    .list();
            jdbc.sql("""
                    update coupons.lottery_applications a set outcome = 'won', instance_id = w.instance
                      from unnest(:holders::uuid[], :instances::uuid[]) as w(holder, instance)
                     where a.coupon_id = :coupon and a.holder_id = w.holder""")
                    .param("coupon", coupon.id())
                    .param("holders", won.toArray(UUID[]::new))
                    .param("instances", instances.toArray(UUID[]::new))
                    .update();
            var done = new java.util.HashSet<>(won);
            var leftHolders = new ArrayList<UUID>();
            var leftSlots = new ArrayList<Integer>();
            for (int i = 0; i < n; i++) {
                if (!done.contains(pendingHolders.get(i))) {
                    leftHolders.add(pendingHolders.get(i));
                    leftSlots.add(pendingSlots.get(i));
                }
            }
            pendingHolders = leftHolders;
            pendingSlots = leftSlots;
        }
    }

    /** How many applied, and after the draw how many won and lost. */
    public record Applications(
            UUID couponId,
            long applications,
            long won,
            long lost,
            @Nullable Instant applyFrom,
            @Nullable Instant applyUntil,
            @Nullable Integer winners,
            @Nullable Instant drawnAt) {}

    /** The coupon's applications counted; 404 {@code not_found}, 409 {@code not_a_lottery}. */
    @Transactional(readOnly = true)
    public Applications applications(UUID couponId) {
        var coupon = coupons.require(couponId);
        if (coupon.acquisition() != CouponDraft.Acquisition.LOTTERY) {
            throw new ProblemException(409, "not_a_lottery");
        }
        return jdbc.sql("""
                select count(*) as n, count(*) filter (where outcome = 'won') as won,
                       count(*) filter (where outcome = 'lost') as lost
                  from coupons.lottery_applications where coupon_id = ?""")
                .param(couponId)
                .query((rs, row) -> new Applications(
                        couponId,
                        rs.getLong("n"),
                        rs.getLong("won"),
                        rs.getLong("lost"),
                        coupon.applyFrom(),
                        coupon.applyUntil(),
                        coupon.winners(),
                        coupon.drawnAt()))
                .single();
    }

    private CouponView lottery(UUID couponId) {
        var coupon = acquisitions.published(couponId);
        if (coupon.acquisition() != CouponDraft.Acquisition.LOTTERY) {
            throw new ProblemException(409, "not_a_lottery");
        }
        return coupon;
    }
}
