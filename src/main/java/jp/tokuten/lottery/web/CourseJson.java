package jp.tokuten.lottery.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.tokuten.lottery.ChancesPer;
import jp.tokuten.lottery.CourseDraft;
import jp.tokuten.lottery.CourseView;
import jp.tokuten.lottery.Mechanic;
import jp.tokuten.lottery.PrizeDraft;
import jp.tokuten.lottery.PrizeKind;
import jp.tokuten.lottery.PrizeView;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The course JSON of the API (issue 13's contract), read strictly by hand as campaigns and coupons do
 * (decision 065): a wrong type or a missing required member is 422 {@code invalid_course} naming the
 * {@code field}.
 */
final class CourseJson {

    private CourseJson() {}

    @Schema(name = "CourseBody", description = "A course of a campaign with its prizes (PUT replaces it whole).")
    record Body(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 100)
            String name,

            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    allowableValues = {"instant_win", "closed_draw", "everyone"})
            String mechanic,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "1 to 50 prizes, in order")
            List<PrizeBody> prizes,

            @Schema(description = "points an entrant spends for one chance; null or missing: none") @Nullable
            Integer pointsNeeded,

            @Schema(description = "least receipt total (yen) of an entry taking a chance; null: any") @Nullable
            Long minTotalYen,

            @Schema(
                    allowableValues = {"entry", "receipt", "entrant"},
                    description = "what one chance is; default entry")
            @Nullable
            String chancesPer,

            @Schema(description = "wins one entrant may have of this course; default 1") @Nullable
            Integer maxWinsPerEntrant,

            @Schema(
                    description = "instant win: a fixed chance per play in (0, 1]; null or missing: paced so the"
                            + " stock lasts the campaign's period")
            @Nullable
            Double winChance) {}

    record PrizeBody(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 100)
            String name,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "how many exist")
            int stock,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            long valueYen,

            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    allowableValues = {"physical", "gift_code", "coupon", "payout"})
            String kind,

            @Schema(description = "gift_code: the pool the codes come from") @Nullable
            UUID giftCodePoolId,

            @Schema(description = "coupon: the coupon issued to the winner") @Nullable
            UUID couponId,

            @Schema(description = "payout: yen paid out; default valueYen") @Nullable
            Long payoutYen) {}

    @Schema(name = "Course")
    record Resource(
            UUID id,
            UUID campaignId,
            String name,
            String mechanic,
            List<Prize> prizes,
            @Nullable Integer pointsNeeded,
            @Nullable Long minTotalYen,
            String chancesPer,
            int maxWinsPerEntrant,
            @Nullable Double winChance,
            @Schema(description = "stock of all prizes") long stock,
            @Schema(description = "stock not yet won") long remaining,
            Instant createdAt,
            Instant updatedAt,

            @Schema(
                    description = "in the answer to a course's creation only: where the campaign's prizes exceed"
                            + " the limits of the Premiums and Representations Act (warnings; the course is"
                            + " saved)")
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Nullable
            List<LegalWarning> warnings) {}

    /** A warning of the legal caps: a stable code, the course and prize it is about, and its wording. */
    @Schema(name = "LegalWarning")
    record LegalWarning(
            @Schema(
                    description =
                            "prize_over_limit | total_over_limit | transaction_value_missing | expected_sales_missing")
            String code,

            String course,
            @Nullable String prize,

            @Schema(description = "the warning in the caller's language")
            String message) {}

    @Schema(name = "Prize")
    record Prize(
            UUID id,
            String name,
            int stock,
            int remaining,
            long valueYen,
            String kind,
            @Nullable UUID giftCodePoolId,
            @Nullable UUID couponId,
            @Nullable Long payoutYen) {
        static Prize of(PrizeView p) {
            return new Prize(
                    p.id(),
                    p.name(),
                    p.stock(),
                    p.remaining(),
                    p.valueYen(),
                    p.kind().code(),
                    p.giftCodePoolId(),
                    p.couponId(),
                    p.payoutYen());
        }
    }

    static Resource resource(CourseView c) {
        return new Resource(
                c.id(),
                c.campaignId(),
                c.name(),
                c.mechanic().code(),
                c.prizes().stream().map(Prize::of).toList(),
                c.pointsNeeded(),
                c.minTotalYen(),
                c.chancesPer().code(),
                c.maxWinsPerEntrant(),
                c.winChance(),
                c.stock(),
                c.remaining(),
                c.createdAt(),
                c.updatedAt(),
                null);
    }

    /** The course as created, with the legal caps' warnings of its campaign's courses. */
    static Resource created(CourseView c, List<LegalWarning> warnings) {
        var r = resource(c);
        return new Resource(
                r.id(),
                r.campaignId(),
                r.name(),
                r.mechanic(),
                r.prizes(),
                r.pointsNeeded(),
                r.minTotalYen(),
                r.chancesPer(),
                r.maxWinsPerEntrant(),
                r.winChance(),
                r.stock(),
                r.remaining(),
                r.createdAt(),
                r.updatedAt(),
                warnings);
    }

    static CourseDraft draft(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("body");
        }
        String name = string(body, "name", "name");
        if (name.isBlank()) {
            throw invalid("name");
        }
        Mechanic mechanic = Mechanic.of(string(body, "mechanic", "mechanic")).orElseThrow(() -> invalid("mechanic"));
        String per = string(body, "chancesPer", "chancesPer");
        ChancesPer chancesPer =
                per.isEmpty() ? ChancesPer.ENTRY : ChancesPer.of(per).orElseThrow(() -> invalid("chancesPer"));
        JsonNode list = body.get("prizes");
        if (absent(list) || !list.isArray()) {
            throw invalid("prizes");
        }
        var prizes = new ArrayList<PrizeDraft>();
        for (int i = 0; i < list.size(); i++) {
            prizes.add(prize(list.get(i), "prizes[" + i + "]."));
        }
        Integer maxWins = intOrNull(body.get("maxWinsPerEntrant"), "maxWinsPerEntrant");
        return new CourseDraft(
                name,
                mechanic,
                prizes,
                intOrNull(body.get("pointsNeeded"), "pointsNeeded"),
                longOrNull(body.get("minTotalYen"), "minTotalYen"),
                chancesPer,
                maxWins == null ? 1 : maxWins,
                doubleOrNull(body.get("winChance"), "winChance"));
    }

    private static PrizeDraft prize(JsonNode p, String at) {
        if (!p.isObject()) {
            throw invalid(at.substring(0, at.length() - 1));
        }
        String name = string(p, "name", at + "name");
        if (name.isBlank()) {
            throw invalid(at + "name");
        }
        Integer stock = intOrNull(p.get("stock"), at + "stock");
        if (stock == null) {
            throw invalid(at + "stock");
        }
        Long value = longOrNull(p.get("valueYen"), at + "valueYen");
        if (value == null) {
            throw invalid(at + "valueYen");
        }
        PrizeKind kind = PrizeKind.of(string(p, "kind", at + "kind")).orElseThrow(() -> invalid(at + "kind"));
        return new PrizeDraft(
                name,
                stock,
                value,
                kind,
                uuidOrNull(p.get("giftCodePoolId"), at + "giftCodePoolId"),
                uuidOrNull(p.get("couponId"), at + "couponId"),
                longOrNull(p.get("payoutYen"), at + "payoutYen"));
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

    private static @Nullable Double doubleOrNull(@Nullable JsonNode node, String at) {
        if (absent(node)) {
            return null;
        }
        if (!node.isNumber()) {
            throw invalid(at);
        }
        return node.doubleValue();
    }

    private static @Nullable UUID uuidOrNull(@Nullable JsonNode node, String at) {
        if (absent(node)) {
            return null;
        }
        UUID id = node.isString() ? uuid(node.stringValue()) : null;
        if (id == null) {
            throw invalid(at);
        }
        return id;
    }

    static @Nullable UUID uuid(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A path id: anything but a UUID is 404 {@code not_found}, as an unknown one. */
    static UUID id(String text) {
        UUID id = uuid(text);
        if (id == null) {
            throw new ProblemException(404, "not_found");
        }
        return id;
    }

    static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_course", field).with("field", field);
    }

    /** The {@code entrantId} of a body naming an entrant; 422 {@code invalid_entrant_id} when missing or not an id. */
    static UUID entrantId(JsonNode body) {
        JsonNode entrant = body.isObject() ? body.get("entrantId") : null;
        UUID id = entrant != null && entrant.isString() ? uuid(entrant.stringValue()) : null;
        if (id == null) {
            throw new ProblemException(422, "invalid_entrant_id").with("field", "entrantId");
        }
        return id;
    }
}
