package jp.tokuten.coupons.web;

import java.text.Normalizer;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.tokuten.coupons.Benefit;
import jp.tokuten.coupons.CouponDraft;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;

/**
 * The console's coupon form as typed. {@link #draft()} turns it into a {@link CouponDraft}; a value that is
 * not a number, date, time or id is refused as the service refuses a bad setting: 422 {@code invalid_coupon}
 * naming the same {@code field}, so the page words both alike.
 */
record CouponForm(
        @Nullable String title,
        @Nullable String description,
        @Nullable String terms,
        @Nullable String benefitType,
        @Nullable String amount,
        @Nullable String percent,
        @Nullable String benefitText,
        @Nullable String validity,
        @Nullable String validFrom,
        @Nullable String validTo,
        @Nullable String validDays,
        @Nullable List<String> weekdays,
        @Nullable String hoursFrom,
        @Nullable String hoursTo,
        @Nullable String totalCap,
        @Nullable String perHolderCap,
        @Nullable String usesPerCoupon,
        @Nullable String budget,
        @Nullable String valuePerUse,
        @Nullable List<String> stores,
        @Nullable String acquisition,
        @Nullable String anonymous,
        @Nullable String reversalWindowMinutes,
        @Nullable String reversalRestores) {

    static CouponForm empty() {
        return new CouponForm(
                "",
                "",
                "",
                "amount_off",
                "",
                "",
                "",
                "days",
                "",
                "",
                "30",
                List.of(),
                "",
                "",
                "",
                "",
                "1",
                "",
                "",
                List.of(),
                "first_come",
                null,
                String.valueOf(CouponDraft.DEFAULT_REVERSAL_WINDOW_MINUTES),
                "true");
    }

    static CouponForm of(CouponView c) {
        var b = c.benefit();
        return new CouponForm(
                c.title(),
                c.description(),
                c.terms(),
                b.type().wire(),
                text(b.amount()),
                text(b.percent()),
                b.text(),
                c.validDays() != null ? "days" : "period",
                text(c.validFrom()),
                text(c.validTo()),
                text(c.validDays()),
                c.weekdays().stream()
                        .map(d -> String.valueOf(d.getValue()))
                        .sorted()
                        .toList(),
                c.hoursFrom() == null ? "" : c.hoursFrom().toString(),
                c.hoursTo() == null ? "" : c.hoursTo().toString(),
                text(c.totalCap()),
                text(c.perHolderCap()),
                String.valueOf(c.usesPerCoupon()),
                text(c.budget()),
                text(c.valuePerUse()),
                c.stores().stream().map(UUID::toString).toList(),
                c.acquisition().wire(),
                c.anonymous() ? "true" : null,
                String.valueOf(c.reversalWindowMinutes()),
                c.reversalRestores() ? "true" : null);
    }

    CouponDraft draft() {
        Benefit.Type type = Benefit.Type.parse(benefitType);
        if (type == null) {
            throw invalid("benefit");
        }
        Long yen = type == Benefit.Type.AMOUNT_OFF ? number(amount, "benefit.amount") : null;
        Long pct = type == Benefit.Type.PERCENT_OFF ? number(percent, "benefit.percent") : null;
        var benefit =
                new Benefit(type, yen, pct == null ? null : (int) (long) pct, benefitText == null ? "" : benefitText);
        boolean byDays = "days".equals(validity);
        Long days = byDays ? number(validDays, "validity.days") : null;
        Set<DayOfWeek> onDays = EnumSet.noneOf(DayOfWeek.class);
        for (String d : weekdays == null ? List.<String>of() : weekdays) {
            try {
                onDays.add(DayOfWeek.of(Integer.parseInt(d.strip())));
            } catch (RuntimeException e) {
                throw invalid("weekdays");
            }
        }
        List<UUID> storeIds = new ArrayList<>();
        for (String s : stores == null ? List.<String>of() : stores) {
            if (s.isBlank()) {
                continue;
            }
            UUID id = CouponJson.parseUuid(s.strip());
            if (id == null) {
                throw invalid("stores");
            }
            storeIds.add(id);
        }
        var how = CouponDraft.Acquisition.parse(acquisition);
        if (how == null) {
            throw invalid("acquisition");
        }
        Long uses = number(usesPerCoupon, "usesPerCoupon");
        Long window = number(reversalWindowMinutes, "reversalWindowMinutes");
        return new CouponDraft(
                title,
                description,
                terms,
                benefit,
                byDays ? null : date(validFrom, "validity.from"),
                byDays ? null : date(validTo, "validity.to"),
                days == null ? null : clampInt(days, "validity.days"),
                onDays,
                time(hoursFrom, "hours.from"),
                time(hoursTo, "hours.to"),
                intOrNull(number(totalCap, "totalCap"), "totalCap"),
                intOrNull(number(perHolderCap, "perHolderCap"), "perHolderCap"),
                uses == null ? 1 : clampInt(uses, "usesPerCoupon"),
                number(budget, "budget"),
                number(valuePerUse, "valuePerUse"),
                storeIds,
                how,
                "true".equals(anonymous),
                window == null
                        ? CouponDraft.DEFAULT_REVERSAL_WINDOW_MINUTES
                        : clampInt(window, "reversalWindowMinutes"),
                "true".equals(reversalRestores));
    }

    /**
     * For a published or closed coupon, whose form sends only its texts: the title, description and terms
     * typed, every other setting as it is.
     */
    CouponDraft textsOver(CouponView c) {
        var d = c.draft();
        return new CouponDraft(
                title,
                description,
                terms,
                d.benefit(),
                d.validFrom(),
                d.validTo(),
                d.validDays(),
                d.weekdays(),
                d.hoursFrom(),
                d.hoursTo(),
                d.totalCap(),
                d.perHolderCap(),
                d.usesPerCoupon(),
                d.budget(),
                d.valuePerUse(),
                d.stores(),
                d.acquisition(),
                d.anonymous(),
                d.reversalWindowMinutes(),
                d.reversalRestores(),
                d.applyFrom(),
                d.applyUntil(),
                d.winners());
    }

    /** The texts typed, every other setting as the coupon has it (for a locked coupon's form shown again). */
    CouponForm withSettingsOf(CouponView c) {
        var f = of(c);
        return new CouponForm(
                title,
                description,
                terms,
                f.benefitType,
                f.amount,
                f.percent,
                f.benefitText,
                f.validity,
                f.validFrom,
                f.validTo,
                f.validDays,
                f.weekdays,
                f.hoursFrom,
                f.hoursTo,
                f.totalCap,
                f.perHolderCap,
                f.usesPerCoupon,
                f.budget,
                f.valuePerUse,
                f.stores,
                f.acquisition,
                f.anonymous,
                f.reversalWindowMinutes,
                f.reversalRestores);
    }

    public boolean hasWeekday(int day) {
        return weekdays != null && weekdays.contains(String.valueOf(day));
    }

    public boolean hasStore(UUID store) {
        return stores != null && stores.contains(store.toString());
    }

    static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_coupon", field).with("field", field);
    }

    /** The text folded as people type it on a phone: full-width digits, commas, yen signs and spaces. */
    private static String folded(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC)
                .replace(",", "")
                .replace("¥", "")
                .replace("円", "")
                .strip();
    }

    private static @Nullable Long number(@Nullable String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = folded(s);
        if (!t.matches("-?[0-9]{1,15}")) {
            throw invalid(field);
        }
        return Long.parseLong(t);
    }

    private static int clampInt(long v, String field) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw invalid(field);
        }
        return (int) v;
    }

    private static @Nullable Integer intOrNull(@Nullable Long v, String field) {
        return v == null ? null : clampInt(v, field);
    }

    private static @Nullable LocalDate date(@Nullable String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(folded(s).replace('/', '-'));
        } catch (DateTimeParseException e) {
            throw invalid(field);
        }
    }

    private static @Nullable LocalTime time(@Nullable String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalTime.parse(folded(s));
        } catch (DateTimeParseException e) {
            throw invalid(field);
        }
    }

    private static String text(@Nullable Object o) {
        return o == null ? "" : o.toString();
    }
}
