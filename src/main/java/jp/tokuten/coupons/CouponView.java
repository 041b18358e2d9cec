package jp.tokuten.coupons;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A coupon as read, with its counts: instances {@code issued} (acquired, issued, won or claimed: those with
 * a holder), serial codes generated or imported and not yet claimed ({@code serials}), uses
 * {@code used} (not reversed), uses {@code reversed}, and {@code remaining} under the total cap (null: no
 * cap); {@code budgetRemaining} in yen (null: no budget). A lottery coupon has its application window
 * ({@code applyFrom} null: from publication), its {@code winners} and, once drawn, {@code drawnAt}.
 */
public record CouponView(
        UUID id,
        String title,
        String description,
        String terms,
        Benefit benefit,
        @Nullable LocalDate validFrom,
        @Nullable LocalDate validTo,
        @Nullable Integer validDays,
        Set<DayOfWeek> weekdays,
        @Nullable LocalTime hoursFrom,
        @Nullable LocalTime hoursTo,
        @Nullable Integer totalCap,
        @Nullable Integer perHolderCap,
        int usesPerCoupon,
        @Nullable Long budget,
        @Nullable Long valuePerUse,
        List<UUID> stores,
        CouponDraft.Acquisition acquisition,
        boolean anonymous,
        int reversalWindowMinutes,
        boolean reversalRestores,
        CouponStatus status,
        @Nullable String closedReason,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant publishedAt,
        @Nullable Instant closedAt,
        long issued,
        long used,
        long reversed,
        @Nullable Long remaining,
        @Nullable Long budgetRemaining,
        @Nullable Instant applyFrom,
        @Nullable Instant applyUntil,
        @Nullable Integer winners,
        @Nullable Instant drawnAt,
        long serials) {

    /** Whether the coupon may be used at this store: its list is empty (every store) or names it. */
    public boolean usableAt(@Nullable UUID store) {
        return stores.isEmpty() || (store != null && stores.contains(store));
    }

    /** The settings again, for an edit form. */
    public CouponDraft draft() {
        return new CouponDraft(
                title,
                description,
                terms,
                benefit,
                validFrom,
                validTo,
                validDays,
                weekdays,
                hoursFrom,
                hoursTo,
                totalCap,
                perHolderCap,
                usesPerCoupon,
                budget,
                valuePerUse,
                stores,
                acquisition,
                anonymous,
                reversalWindowMinutes,
                reversalRestores,
                applyFrom,
                applyUntil,
                winners);
    }
}
