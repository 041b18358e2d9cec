package jp.tokuten.coupons.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import jp.tokuten.coupons.Benefit;
import jp.tokuten.coupons.CouponDraft;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.coupons.InstanceView;
import jp.tokuten.coupons.Redemption;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The coupon JSON of the API, read strictly by hand (as campaigns do, decision 065): a wrong type, a bad
 * date or a missing required member is 422 {@code invalid_coupon} naming the {@code field}.
 */
final class CouponJson {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter ISO_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter HOURS =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private CouponJson() {}

    @Schema(name = "CouponBody", description = "A coupon as a tenant's system sets it (PUT replaces it whole).")
    record Body(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 100)
            String title,

            @Schema(maxLength = 2000) @Nullable String description,

            @Schema(description = "terms of use", maxLength = 5000) @Nullable
            String terms,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            BenefitJson benefit,

            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "{\"from\",\"to\"} (yyyy-MM-dd, Japan, both included) or {\"days\"} from"
                            + " acquisition, the day of acquisition the first")
            ValidityJson validity,

            @Schema(description = "days it may be used (mon…sun); missing or empty: every day") @Nullable
            List<String> weekdays,

            @Schema(description = "hours it may be used, HH:mm in Japan, to excluded") @Nullable
            HoursJson hours,

            @Schema(description = "null or missing: no cap") @Nullable
            Integer totalCap,

            @Schema(description = "null or missing: no per-holder cap") @Nullable
            Integer perHolderCap,

            @Schema(description = "1 (default): single use; N: a multi-use ticket of N uses") @Nullable
            Integer usesPerCoupon,

            @Schema(description = "stores where usable; empty or missing: every store") @Nullable
            List<UUID> stores,

            @Schema(
                    allowableValues = {"first_come", "lottery"},
                    description = "default first_come")
            @Nullable
            String acquisition,

            @Schema(description = "yen; when spent the coupon closes") @Nullable
            Long budget,

            @Schema(description = "yen a use takes from the budget; default the amount off") @Nullable
            Long valuePerUse,

            @Schema(description = "acquired without an identity; default false") @Nullable
            Boolean anonymous,

            @Schema(description = "minutes after a use it may be reversed; default 60") @Nullable
            Integer reversalWindowMinutes,

            @Schema(description = "whether a reversal gives the use back; default true") @Nullable
            Boolean reversalRestores,

            @Schema(description = "lottery only: when applications open (ISO 8601 with offset); null: at publication")
            @Nullable
            OffsetDateTime applyFrom,

            @Schema(description = "lottery only: when applications close (null: at the draw); the draw comes after")
            @Nullable
            OffsetDateTime applyUntil,

            @Schema(description = "lottery only: how many are drawn; default the total cap") @Nullable
            Integer winners) {}

    record BenefitJson(
            @Schema(allowableValues = {"amount_off", "percent_off", "free_item", "gift", "text"})
            String type,

            @Schema(description = "yen off, for amount_off") @Nullable
            Long amount,

            @Schema(description = "percent off, for percent_off") @Nullable
            Integer percent,

            @Schema(description = "the item, the gift or the text") @Nullable
            String text) {
        static BenefitJson of(Benefit b) {
            return new BenefitJson(b.type().wire(), b.amount(), b.percent(), b.text());
        }
    }

    record ValidityJson(
            @Nullable LocalDate from,
            @Nullable LocalDate to,
            @Nullable Integer days) {}

    record HoursJson(String from, String to) {}

    @Schema(name = "Coupon")
    record Resource(
            UUID id,
            String status,
            String title,
            String description,
            String terms,
            BenefitJson benefit,
            ValidityJson validity,
            List<String> weekdays,
            @Nullable HoursJson hours,
            @Nullable Integer totalCap,
            @Nullable Integer perHolderCap,
            int usesPerCoupon,
            List<UUID> stores,
            String acquisition,
            @Nullable Long budget,
            @Nullable Long valuePerUse,
            @Nullable Long budgetRemaining,
            boolean anonymous,
            int reversalWindowMinutes,
            boolean reversalRestores,
            @Nullable String closedReason,
            @Schema(description = "instances handed out") long issued,

            @Schema(description = "uses, not counting reversed ones")
            long used,

            @Schema(description = "uses reversed") long reversed,

            @Schema(description = "instances left under the total cap; null: no cap") @Nullable
            Long remaining,

            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant publishedAt,
            @Nullable Instant closedAt,

            @Schema(description = "serial codes generated or imported and not yet claimed")
            long serials,

            @Schema(description = "lottery: when applications open; null: at publication") @Nullable
            OffsetDateTime applyFrom,

            @Schema(description = "lottery: when applications close") @Nullable
            OffsetDateTime applyUntil,

            @Schema(description = "lottery: how many are drawn") @Nullable
            Integer winners,

            @Schema(description = "lottery: when it was drawn; null: not yet") @Nullable
            Instant drawnAt) {}

    static Resource resource(CouponView c) {
        return new Resource(
                c.id(),
                c.status().wire(),
                c.title(),
                c.description(),
                c.terms(),
                BenefitJson.of(c.benefit()),
                new ValidityJson(c.validFrom(), c.validTo(), c.validDays()),
                c.weekdays().stream()
                        .sorted()
                        .map(d -> DAYS.get(d.getValue() - 1))
                        .toList(),
                c.hoursFrom() == null || c.hoursTo() == null
                        ? null
                        : new HoursJson(HOURS.format(c.hoursFrom()), HOURS.format(c.hoursTo())),
                c.totalCap(),
                c.perHolderCap(),
                c.usesPerCoupon(),
                c.stores(),
                c.acquisition().wire(),
                c.budget(),
                c.valuePerUse(),
                c.budgetRemaining(),
                c.anonymous(),
                c.reversalWindowMinutes(),
                c.reversalRestores(),
                c.closedReason(),
                c.issued(),
                c.used(),
                c.reversed(),
                c.remaining(),
                c.createdAt(),
                c.updatedAt(),
                c.publishedAt(),
                c.closedAt(),
                c.serials(),
                c.applyFrom() == null ? null : c.applyFrom().atZone(TOKYO).toOffsetDateTime(),
                c.applyUntil() == null ? null : c.applyUntil().atZone(TOKYO).toOffsetDateTime(),
                c.winners(),
                c.drawnAt());
    }

    @Schema(name = "CouponInstance")
    record Instance(
            String code,
            UUID couponId,
            int usesLeft,
            int usesTotal,

            @Schema(description = "the last moment it may be used, Japan time")
            OffsetDateTime validUntil,

            OffsetDateTime validFrom,
            String state) {}

    static Instance instance(InstanceView i, Instant now) {
        return new Instance(
                i.code(),
                i.couponId(),
                i.usesLeft(),
                i.usesTotal(),
                i.validUntil().minusSeconds(1).atZone(TOKYO).toOffsetDateTime(),
                i.validFrom().atZone(TOKYO).toOffsetDateTime(),
                i.state(now).name().toLowerCase(Locale.ROOT));
    }

    @Schema(name = "CouponRedemption")
    record Used(
            String code,
            int usesLeft,
            UUID redemptionId,
            Instant usedAt,
            @Nullable UUID storeId,
            String proof,
            @Nullable Instant reversedAt,
            @Nullable String reversedReason) {
        static Used of(Redemption r) {
            return new Used(
                    r.code(),
                    r.usesLeft(),
                    r.redemptionId(),
                    r.usedAt(),
                    r.storeId(),
                    r.proof(),
                    r.reversedAt(),
                    r.reversedReason());
        }
    }

    static CouponDraft draft(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("body");
        }
        if (string(body, "title", "title").isBlank()) {
            throw invalid("title");
        }
        JsonNode b = body.get("benefit");
        if (absent(b) || !b.isObject()) {
            throw invalid("benefit");
        }
        Benefit.Type type = Benefit.Type.parse(string(b, "type", "benefit.type"));
        if (type == null) {
            throw invalid("benefit.type");
        }
        var benefit = new Benefit(
                type,
                longOrNull(b.get("amount"), "benefit.amount"),
                intOrNull(b.get("percent"), "benefit.percent"),
                string(b, "text", "benefit.text"));
        JsonNode v = body.get("validity");
        if (absent(v) || !v.isObject()) {
            throw invalid("validity");
        }
        Integer days = intOrNull(v.get("days"), "validity.days");
        LocalDate from = absent(v.get("from")) && days != null ? null : date(v.get("from"), "validity.from");
        LocalDate to = absent(v.get("to")) && days != null ? null : date(v.get("to"), "validity.to");
        LocalTime hoursFrom = null;
        LocalTime hoursTo = null;
        JsonNode h = body.get("hours");
        if (!absent(h)) {
            if (!h.isObject()) {
                throw invalid("hours");
            }
            hoursFrom = time(h.get("from"), "hours.from");
            hoursTo = time(h.get("to"), "hours.to");
        }
        String acquisitionText = string(body, "acquisition", "acquisition");
        CouponDraft.Acquisition acquisition = acquisitionText.isEmpty()
                ? CouponDraft.Acquisition.FIRST_COME
                : CouponDraft.Acquisition.parse(acquisitionText);
        if (acquisition == null) {
            throw invalid("acquisition");
        }
        Integer uses = intOrNull(body.get("usesPerCoupon"), "usesPerCoupon");
        Integer window = intOrNull(body.get("reversalWindowMinutes"), "reversalWindowMinutes");
        return new CouponDraft(
                string(body, "title", "title"),
                string(body, "description", "description"),
                string(body, "terms", "terms"),
                benefit,
                from,
                to,
                days,
                weekdays(body.get("weekdays")),
                hoursFrom,
                hoursTo,
                intOrNull(body.get("totalCap"), "totalCap"),
                intOrNull(body.get("perHolderCap"), "perHolderCap"),
                uses == null ? 1 : uses,
                longOrNull(body.get("budget"), "budget"),
                longOrNull(body.get("valuePerUse"), "valuePerUse"),
                uuids(body.get("stores"), "stores"),
                acquisition,
                bool(body.get("anonymous"), false, "anonymous"),
                window == null ? CouponDraft.DEFAULT_REVERSAL_WINDOW_MINUTES : window,
                bool(body.get("reversalRestores"), true, "reversalRestores"),
                moment(body.get("applyFrom"), "applyFrom"),
                moment(body.get("applyUntil"), "applyUntil"),
                intOrNull(body.get("winners"), "winners"));
    }

    /** A string member of an object body, "" when absent; anything but a string is 422 with {@code code}. */
    static String member(@Nullable JsonNode body, String name, String code) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(422, code).with("field", name);
        }
        JsonNode node = body.get(name);
        if (absent(node)) {
            return "";
        }
        if (!node.isString()) {
            throw new ProblemException(422, code).with("field", name);
        }
        return node.stringValue();
    }

    static boolean absent(@Nullable JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String string(JsonNode o, String member, String at) {
        JsonNode node = o.get(member);
        if (absent(node)) {
            return "";
        }
        if (!node.isString()) {
            throw invalid(at);
        }
        return node.stringValue();
    }

    private static Set<DayOfWeek> weekdays(@Nullable JsonNode node) {
        if (absent(node)) {
            return Set.of();
        }
        if (!node.isArray()) {
            throw invalid("weekdays");
        }
        var days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < node.size(); i++) {
            JsonNode d = node.get(i);
            int index = d.isString() ? DAYS.indexOf(d.stringValue().strip().toLowerCase(Locale.ROOT)) : -1;
            if (index < 0) {
                throw invalid("weekdays[" + i + "]");
            }
            days.add(DayOfWeek.of(index + 1));
        }
        return days;
    }

    private static List<UUID> uuids(@Nullable JsonNode node, String at) {
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(at);
        }
        var out = new ArrayList<UUID>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode n = node.get(i);
            UUID id = n.isString() ? parseUuid(n.stringValue()) : null;
            if (id == null) {
                throw invalid(at + "[" + i + "]");
            }
            out.add(id);
        }
        return out;
    }

    static @Nullable UUID parseUuid(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static LocalDate date(@Nullable JsonNode node, String at) {
        if (absent(node) || !node.isString()) {
            throw invalid(at);
        }
        try {
            return LocalDate.parse(node.stringValue(), ISO_DATE);
        } catch (DateTimeParseException e) {
            throw invalid(at);
        }
    }

    /** A moment with its offset ({@code 2026-12-24T10:00:00+09:00}), or null when absent. */
    private static @Nullable Instant moment(@Nullable JsonNode node, String at) {
        if (absent(node)) {
            return null;
        }
        if (!node.isString()) {
            throw invalid(at);
        }
        try {
            return OffsetDateTime.parse(node.stringValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(at);
        }
    }

    private static LocalTime time(@Nullable JsonNode node, String at) {
        if (absent(node) || !node.isString()) {
            throw invalid(at);
        }
        try {
            return LocalTime.parse(node.stringValue(), HOURS);
        } catch (DateTimeParseException e) {
            throw invalid(at);
        }
    }

    private static boolean bool(@Nullable JsonNode node, boolean fallback, String at) {
        if (absent(node)) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw invalid(at);
        }
        return node.booleanValue();
    }

    private static @Nullable Integer intOrNull(@Nullable JsonNode node, String at) {
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid(at);
        }
        return node.intValue();
    }

    private static @Nullable Long longOrNull(@Nullable JsonNode node, String at) {
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(at);
        }
        return node.longValue();
    }

    static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_coupon", field).with("field", field);
    }
}
