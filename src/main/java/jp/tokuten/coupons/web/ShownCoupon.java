package jp.tokuten.coupons.web;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.tokuten.coupons.Benefit;
import jp.tokuten.coupons.CouponDraft;
import jp.tokuten.coupons.CouponStatus;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.stores.StoreView;
import jp.tokuten.stores.Stores;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;

/**
 * A coupon as a holder's page shows it, worded in the request's language: the benefit in large type, the
 * period, the weekday and hour windows, the stores where it is usable (none named: every store), and how
 * many are left when the coupon has a cap.
 */
record ShownCoupon(
        UUID id,
        String title,
        String benefit,
        @Nullable String benefitNote,
        String description,
        String terms,
        String validity,
        @Nullable String windows,
        List<String> storeNames,
        boolean everyStore,
        @Nullable Long remaining,
        int usesPerCoupon,
        boolean published,
        boolean closed,
        boolean lottery,
        boolean anonymous) {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    static ShownCoupon of(CouponView c, Stores stores, MessageSource messages, Locale locale) {
        List<String> names = c.stores().stream()
                .map(stores::find)
                .flatMap(java.util.Optional::stream)
                .map(StoreView::name)
                .toList();
        Benefit b = c.benefit();
        String big = benefit(b, messages, locale);
        String note = !b.text().isBlank() && !big.equals(b.text()) ? b.text() : null;
        return new ShownCoupon(
                c.id(),
                c.title(),
                big,
                note,
                c.description(),
                c.terms(),
                validity(c, messages, locale),
                windows(c, messages, locale),
                names,
                c.stores().isEmpty(),
                c.remaining(),
                c.usesPerCoupon(),
                c.status() == CouponStatus.PUBLISHED,
                c.status() == CouponStatus.CLOSED,
                c.acquisition() == CouponDraft.Acquisition.LOTTERY,
                c.anonymous());
    }

    static String benefit(Benefit b, MessageSource messages, Locale locale) {
        NumberFormat n = NumberFormat.getIntegerInstance(Locale.JAPAN);
        return switch (b.type()) {
            case AMOUNT_OFF ->
                b.amount() == null
                        ? b.text()
                        : messages.getMessage(
                                "coupon.holder.benefit.amount_off", new Object[] {n.format(b.amount())}, locale);
            case PERCENT_OFF ->
                b.percent() == null
                        ? b.text()
                        : messages.getMessage("coupon.holder.benefit.percent_off", new Object[] {b.percent()}, locale);
            case FREE_ITEM, GIFT, TEXT -> b.text();
        };
    }

    private static String validity(CouponView c, MessageSource messages, Locale locale) {
        if (c.validDays() != null) {
            return messages.getMessage("coupon.holder.validity.days", new Object[] {c.validDays()}, locale);
        }
        return messages.getMessage(
                "coupon.holder.validity.period",
                new Object[] {
                    c.validFrom() == null ? "" : DATE.format(c.validFrom()),
                    c.validTo() == null ? "" : DATE.format(c.validTo())
                },
                locale);
    }

    private static @Nullable String windows(CouponView c, MessageSource messages, Locale locale) {
        String days = c.weekdays().isEmpty() || c.weekdays().size() == 7
                ? null
                : c.weekdays().stream()
                        .sorted()
                        .map(d -> d.getDisplayName(TextStyle.SHORT, locale))
                        .collect(Collectors.joining(locale.getLanguage().equals("ja") ? "・" : ", "));
        String hours = c.hoursFrom() == null || c.hoursTo() == null ? null : c.hoursFrom() + "–" + c.hoursTo();
        if (days == null && hours == null) {
            return null;
        }
        if (days == null) {
            return messages.getMessage("coupon.holder.windows.hours", new Object[] {hours}, locale);
        }
        if (hours == null) {
            return messages.getMessage("coupon.holder.windows.days", new Object[] {days}, locale);
        }
        return messages.getMessage("coupon.holder.windows.both", new Object[] {days, hours}, locale);
    }

    /** A moment as the holder's page shows it, in Japan's time. */
    static String at(Instant instant) {
        return DATE_TIME.format(instant.atZone(TOKYO));
    }

    /** The last day a coupon valid until (excluded) this moment may be used. */
    static String lastDay(Instant validUntil) {
        return DATE.format(validUntil.minusNanos(1).atZone(TOKYO));
    }
}
