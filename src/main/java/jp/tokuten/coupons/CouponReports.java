package jp.tokuten.coupons;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the admin console reports of the bound tenant's coupons: a coupon's counts per day and per store, the
 * settlement of a period (uses by store and coupon), a store's uses of a day for its staff. Days are days in
 * Japan. Refusals: 404 {@code not_found} (an unknown coupon), 422 {@code invalid_period} with {@code field}.
 */
@Service
public class CouponReports {

    /** The longest settlement period, in days. */
    public static final int MAX_PERIOD_DAYS = 366;

    /** How many days the per-day charts show at most (the latest ones). */
    public static final int MAX_CHART_DAYS = 92;

    /** One day of a coupon: instances handed out (of which acquired by the holders), uses, reversals. */
    public record DayCounts(LocalDate day, long issued, long acquired, long used, long reversed) {}

    /** A coupon's uses at one store (null: uses that named no store); value in yen, of uses not reversed. */
    public record StoreCounts(@Nullable UUID storeId, long used, long reversed, long value) {}

    /** A coupon's figures for its charts. */
    public record Analytics(List<DayCounts> perDay, List<StoreCounts> byStore) {}

    /**
     * Uses of one coupon at one store made in the period: {@code uses} all of them, {@code reversed} those
     * since reversed, {@code value} the budget value (yen) of those not reversed.
     */
    public record SettlementRow(
            @Nullable UUID storeId, UUID couponId, String couponTitle, long uses, long reversed, long value) {
        public long netUses() {
            return uses - reversed;
        }
    }

    /** One use at a store, for its staff: {@code reversibleUntil} is when its reversal window closes. */
    public record StoreUse(
            UUID redemptionId,
            UUID couponId,
            String couponTitle,
            String code,
            Instant usedAt,
            int usesLeft,
            String proof,
            @Nullable Instant reversedAt,
            @Nullable String reversedReason,
            Instant reversibleUntil) {

        public boolean reversible(Instant now) {
            return reversedAt == null && !now.isAfter(reversibleUntil);
        }
    }

    private final CouponQueries queries;
    private final Coupons coupons;
    private final Clock clock;

    CouponReports(CouponQueries queries, Coupons coupons, Clock clock) {
        this.queries = queries;
        this.coupons = coupons;
        this.clock = clock;
    }

    /** The coupon's counts per day (from its creation, the latest {@link #MAX_CHART_DAYS} days) and per store. */
    @Transactional(readOnly = true)
    public Analytics analytics(UUID couponId) {
        TenantBinder.required();
        var coupon = coupons.require(couponId);
        LocalDate today = LocalDate.ofInstant(clock.instant(), Acquisitions.TOKYO);
        LocalDate created = LocalDate.ofInstant(coupon.createdAt(), Acquisitions.TOKYO);
        LocalDate from = created.isAfter(today) ? today : created;
        if (ChronoUnit.DAYS.between(from, today) >= MAX_CHART_DAYS) {
            from = today.minusDays(MAX_CHART_DAYS - 1);
        }
        return new Analytics(queries.perDay(couponId, from, today), queries.byStore(couponId));
    }

    /**
     * The uses made from {@code from} to {@code to} (days in Japan, both included), by store and coupon, at
     * one store or (null) every store; 422 {@code invalid_period} when {@code to} is before {@code from} or
     * the period is longer than {@link #MAX_PERIOD_DAYS} days.
     */
    @Transactional(readOnly = true)
    public List<SettlementRow> settlement(LocalDate from, LocalDate to, @Nullable UUID store) {
        TenantBinder.required();
        if (to.isBefore(from)) {
            throw new ProblemException(422, "invalid_period").with("field", "to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_PERIOD_DAYS) {
            throw new ProblemException(422, "invalid_period").with("field", "from");
        }
        return queries.settlement(
                from.atStartOfDay(Acquisitions.TOKYO).toInstant(),
                to.plusDays(1).atStartOfDay(Acquisitions.TOKYO).toInstant(),
                store);
    }

    /** The store's uses of the day (in Japan), newest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<StoreUse> usesAt(UUID store, LocalDate day, int limit) {
        TenantBinder.required();
        return queries.usesAt(
                store,
                day.atStartOfDay(Acquisitions.TOKYO).toInstant(),
                day.plusDays(1).atStartOfDay(Acquisitions.TOKYO).toInstant(),
                Math.max(1, Math.min(500, limit)));
    }

    /** Today in Japan, by the application's clock. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), Acquisitions.TOKYO);
    }
}
