package jp.tokuten.coupons;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;

/** A draft checked: every refusal is 422 {@code invalid_coupon} naming the {@code field} at fault. */
record CouponFields(
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
        @Nullable Instant applyFrom,
        @Nullable Instant applyUntil,
        @Nullable Integer winners) {

    static final int MAX_STORES = 5000;

    static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_coupon", field).with("field", field);
    }

    static CouponFields of(CouponDraft d) {
        String title = text(d.title(), 100, "title");
        if (title.isEmpty()) {
            throw invalid("title");
        }
        Benefit b = d.benefit();
        if (b == null) {
            throw invalid("benefit");
        }
        String benefitText = text(b.text(), 200, "benefit.text");
        Long amount = null;
        Integer percent = null;
        switch (b.type()) {
            case AMOUNT_OFF -> {
                if (b.amount() == null || b.amount() < 1 || b.amount() > 10_000_000) {
                    throw invalid("benefit.amount");
                }
                amount = b.amount();
            }
            case PERCENT_OFF -> {
                if (b.percent() == null || b.percent() < 1 || b.percent() > 100) {
                    throw invalid("benefit.percent");
                }
                percent = b.percent();
            }
            case FREE_ITEM, GIFT, TEXT -> {
                if (benefitText.isEmpty()) {
                    throw invalid("benefit.text");
                }
            }
        }
        if (d.validDays() != null) {
            if (d.validFrom() != null || d.validTo() != null) {
                throw invalid("validity");
            }
            if (d.validDays() < 1 || d.validDays() > 3650) {
                throw invalid("validity.days");
            }
        } else {
            if (d.validFrom() == null) {
                throw invalid("validity.from");
            }
            if (d.validTo() == null) {
                throw invalid("validity.to");
            }
            if (d.validTo().isBefore(d.validFrom())) {
                throw invalid("validity.to");
            }
        }
        if ((d.hoursFrom() == null) != (d.hoursTo() == null)) {
            throw invalid(d.hoursFrom() == null ? "hours.from" : "hours.to");
        }
        if (d.hoursFrom() != null && !d.hoursFrom().isBefore(d.hoursTo())) {
            throw invalid("hours.to");
        }
        Set<DayOfWeek> weekdays = d.weekdays().isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(d.weekdays()));
        if (d.totalCap() != null && (d.totalCap() < 1 || d.totalCap() > 100_000_000)) {
            throw invalid("totalCap");
        }
        if (d.perHolderCap() != null && (d.perHolderCap() < 1 || d.perHolderCap() > 1000)) {
            throw invalid("perHolderCap");
        }
        if (d.usesPerCoupon() < 1 || d.usesPerCoupon() > 1000) {
            throw invalid("usesPerCoupon");
        }
        Long valuePerUse = d.valuePerUse();
        if (d.budget() != null) {
            if (d.budget() < 1 || d.budget() > 100_000_000_000L) {
                throw invalid("budget");
            }
            if (valuePerUse == null && amount != null) {
                valuePerUse = amount;
            }
            if (valuePerUse == null) {
                throw invalid("valuePerUse");
            }
        }
        if (valuePerUse != null && (valuePerUse < 1 || valuePerUse > 10_000_000)) {
            throw invalid("valuePerUse");
        }
        if (d.stores().size() > MAX_STORES) {
            throw invalid("stores");
        }
        if (d.reversalWindowMinutes() < 0 || d.reversalWindowMinutes() > 43_200) {
            throw invalid("reversalWindowMinutes");
        }
        Integer winners = d.winners();
        if (d.acquisition() == CouponDraft.Acquisition.LOTTERY) {
            if (d.applyFrom() != null
                    && d.applyUntil() != null
                    && !d.applyFrom().isBefore(d.applyUntil())) {
                throw invalid("applyUntil");
            }
            if (winners == null) {
                winners = d.totalCap();
            }
            if (winners != null && (winners < 1 || (d.totalCap() != null && winners > d.totalCap()))) {
                throw invalid("winners");
            }
        } else if (d.applyFrom() != null || d.applyUntil() != null || d.winners() != null) {
            throw invalid(d.applyFrom() != null ? "applyFrom" : d.applyUntil() != null ? "applyUntil" : "winners");
        }
        return new CouponFields(
                title,
                text(d.description(), 2000, "description"),
                text(d.terms(), 5000, "terms"),
                new Benefit(b.type(), amount, percent, benefitText),
                d.validDays() == null ? d.validFrom() : null,
                d.validDays() == null ? d.validTo() : null,
                d.validDays(),
                weekdays,
                d.hoursFrom(),
                d.hoursTo(),
                d.totalCap(),
                d.perHolderCap(),
                d.usesPerCoupon(),
                d.budget(),
                valuePerUse,
                List.copyOf(new LinkedHashSet<>(d.stores())),
                d.acquisition(),
                d.anonymous(),
                d.reversalWindowMinutes(),
                d.reversalRestores(),
                d.applyFrom(),
                d.applyUntil(),
                winners);
    }

    private static String text(@Nullable String value, int max, String field) {
        String s = value == null ? "" : value.strip();
        if (s.length() > max || s.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
            throw invalid(field);
        }
        return s;
    }
}
