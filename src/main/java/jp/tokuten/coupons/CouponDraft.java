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
 * A coupon's settings as an editor sets them. Validity is a fixed period ({@code validFrom}–{@code validTo},
 * days in Japan, both included) or {@code validDays} days from acquisition (the day of acquisition is the
 * first). Empty {@code weekdays} and no hours: any day and time. {@code perHolderCap} and {@code totalCap}
 * null: no cap. Empty {@code stores}: every store. {@code budget} (yen) closes the coupon when spent, each
 * use taking {@code valuePerUse} (the amount off, for ¥ off).
 */
public record CouponDraft(
        @Nullable String title,
        @Nullable String description,
        @Nullable String terms,
        @Nullable Benefit benefit,
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
        Acquisition acquisition,
        boolean anonymous,
        int reversalWindowMinutes,
        boolean reversalRestores,
        @Nullable Instant applyFrom,
        @Nullable Instant applyUntil,
        @Nullable Integer winners) {

    /** The settings without a lottery window (first come, first served, or a window set later). */
    public CouponDraft(
            @Nullable String title,
            @Nullable String description,
            @Nullable String terms,
            @Nullable Benefit benefit,
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
            Acquisition acquisition,
            boolean anonymous,
            int reversalWindowMinutes,
            boolean reversalRestores) {
        this(
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
                null,
                null,
                null);
    }

    /** First come, first served; or apply in a window and be drawn after (抽選). */
    public enum Acquisition {
        FIRST_COME,
        LOTTERY;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static @Nullable Acquisition parse(@Nullable String wire) {
            for (Acquisition a : values()) {
                if (a.wire().equals(wire)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** Default reversal window: an hour after the use. */
    public static final int DEFAULT_REVERSAL_WINDOW_MINUTES = 60;

    /** A single-use coupon with the given title and benefit, valid for {@code days} days, every other setting default. */
    public static CouponDraft simple(String title, Benefit benefit, int days) {
        return new CouponDraft(
                title,
                "",
                "",
                benefit,
                null,
                null,
                days,
                Set.of(),
                null,
                null,
                null,
                null,
                1,
                null,
                null,
                List.of(),
                Acquisition.FIRST_COME,
                false,
                DEFAULT_REVERSAL_WINDOW_MINUTES,
                true);
    }

    public CouponDraft withCaps(@Nullable Integer total, @Nullable Integer perHolder, int uses) {
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
                total,
                perHolder,
                uses,
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

    public CouponDraft withPeriod(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable Integer days) {
        return new CouponDraft(
                title,
                description,
                terms,
                benefit,
                from,
                to,
                days,
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

    public CouponDraft withWindows(Set<DayOfWeek> days, @Nullable LocalTime from, @Nullable LocalTime to) {
        return new CouponDraft(
                title,
                description,
                terms,
                benefit,
                validFrom,
                validTo,
                validDays,
                days,
                from,
                to,
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

    public CouponDraft withStores(List<UUID> storeIds) {
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
                storeIds,
                acquisition,
                anonymous,
                reversalWindowMinutes,
                reversalRestores,
                applyFrom,
                applyUntil,
                winners);
    }

    public CouponDraft withBudget(@Nullable Long yen, @Nullable Long perUse) {
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
                yen,
                perUse,
                stores,
                acquisition,
                anonymous,
                reversalWindowMinutes,
                reversalRestores,
                applyFrom,
                applyUntil,
                winners);
    }

    public CouponDraft withReversal(int windowMinutes, boolean restores) {
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
                windowMinutes,
                restores,
                applyFrom,
                applyUntil,
                winners);
    }

    public CouponDraft withAcquisition(Acquisition how, boolean allowAnonymous) {
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
                how,
                allowAnonymous,
                reversalWindowMinutes,
                reversalRestores,
                applyFrom,
                applyUntil,
                winners);
    }

    /**
     * An acquisition lottery (抽選): holders apply from {@code from} (null: from publication) until
     * {@code until} (null: until the draw); {@code count} winners are drawn after (null: as many as the total
     * cap, or every applicant without one).
     */
    public CouponDraft withLottery(@Nullable Instant from, @Nullable Instant until, @Nullable Integer count) {
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
                Acquisition.LOTTERY,
                anonymous,
                reversalWindowMinutes,
                reversalRestores,
                from,
                until,
                count);
    }
}
