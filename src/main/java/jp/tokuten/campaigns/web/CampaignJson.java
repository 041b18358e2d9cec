package jp.tokuten.campaigns.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignDraft;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The campaign JSON of the API, read strictly by hand so that every wrong type, bad date or missing field
 * is answered 422 {@code invalid_campaign} naming the {@code field} (a path such as
 * {@code targetProducts[1].minimumQuantity}), and the defaults of decision 065 apply.
 */
final class CampaignJson {

    private static final DateTimeFormatter ISO_DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    private CampaignJson() {}

    /** The body of {@code POST} and {@code PUT /api/v1/campaigns…}, as documented. */
    @Schema(name = "CampaignBody", description = "A campaign as a tenant's system sets it (PUT replaces it whole).")
    record Body(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200)
            String name,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            PeriodJson purchasePeriod,

            @Schema(description = "default: the purchase period") @Nullable
            PeriodJson entryPeriod,

            @Schema(description = "days entries are still taken after the entry period, 0-60; default 0") @Nullable
            Integer uploadGraceDays,

            @Schema(description = "empty or missing: any product qualifies") @Nullable
            List<ProductJson> targetProducts,

            @Schema(description = "least receipt total in yen (summed over the entry's receipts); default none")
            @Nullable
            Long minimumTotal,

            @Schema(description = "eligible store names; empty or missing: any store") @Nullable
            List<String> stores,

            @Schema(description = "eligible chains; default any") @Nullable
            List<String> chains,

            @Schema(description = "eligible prefectures; default any") @Nullable
            List<String> prefectures,

            @Schema(description = "default: no limit") @Nullable
            LimitJson perEntrantLimit,

            @Schema(description = "receipts one entry may sum, 1-10; default 1") @Nullable
            Integer receiptsPerEntry,

            @Schema(description = "the entry form; default none") @Nullable
            List<FieldJson> formFields,

            @Schema(description = "landing page text; default empty") @Nullable
            String landingText,

            @Schema(description = "terms of entry; default empty") @Nullable
            String terms,

            @Schema(
                    description = "what a fraud signal does: block or review (default)",
                    allowableValues = {"block", "review"})
            @Nullable
            String fraudAction) {}

    /** The campaign as the API answers it. */
    @Schema(name = "Campaign")
    record Resource(
            String id,

            @Schema(allowableValues = {"draft", "open", "closed", "archived"})
            String status,

            String name,
            PeriodJson purchasePeriod,
            PeriodJson entryPeriod,
            int uploadGraceDays,
            List<ProductJson> targetProducts,
            @Nullable Long minimumTotal,
            List<String> stores,
            List<String> chains,
            List<String> prefectures,
            LimitJson perEntrantLimit,
            int receiptsPerEntry,
            List<FieldJson> formFields,
            String landingText,
            String terms,
            String fraudAction,

            @Schema(description = "path of the landing page image, or null") @Nullable
            String image,

            @Schema(description = "path of the landing page's preview link (works before the campaign opens)")
            String preview,

            String createdAt,
            String updatedAt) {}

    record PeriodJson(
            @Schema(type = "string", format = "date", example = "2026-12-01")
            String from,

            @Schema(type = "string", format = "date", example = "2027-01-31")
            String to) {}

    record ProductJson(
            String name,
            List<String> aliases,
            List<String> janCodes,
            @Schema(description = "default 1") int minimumQuantity,
            @Nullable Long minimumAmount) {}

    record LimitJson(@Nullable Integer perDay, @Nullable Integer total) {}

    record FieldJson(
            String key,
            String label,
            boolean required,

            @Schema(allowableValues = {"text", "katakana", "digits", "postal_code", "phone", "email", "year", "choice"})
            String type,

            int maxLength,
            List<String> options) {}

    static Resource resource(CampaignView c, String slug) {
        String base = "/c/" + slug + "/campaigns/" + c.id();
        return new Resource(
                c.id().toString(),
                c.status().code(),
                c.name(),
                period(c.purchasePeriod()),
                period(c.entryPeriod()),
                c.uploadGraceDays(),
                c.targetProducts().stream()
                        .map(p -> new ProductJson(
                                p.name(), p.aliases(), p.janCodes(), p.minimumQuantity(), p.minimumAmount()))
                        .toList(),
                c.minimumTotal(),
                c.stores(),
                c.chains(),
                c.prefectures(),
                new LimitJson(c.perEntrantLimit().perDay(), c.perEntrantLimit().total()),
                c.receiptsPerEntry(),
                c.formFields().stream()
                        .map(f -> new FieldJson(
                                f.key(), f.label(), f.required(), f.type().code(), f.maxLength(), f.options()))
                        .toList(),
                c.landingText(),
                c.terms(),
                c.fraudAction(),
                c.landingImage() == null ? null : base + "/image",
                base + "?preview=" + c.previewToken(),
                c.createdAt().toString(),
                c.updatedAt().toString());
    }

    private static PeriodJson period(CampaignView.Period p) {
        return new PeriodJson(p.from().toString(), p.to().toString());
    }

    /**
     * The draft a body describes; {@code image} is kept as it is (the image changes only through its own
     * upload, so no API call can point the public image at another file).
     */
    static CampaignDraft draft(@Nullable JsonNode body, @Nullable UUID image) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(400, "malformed_request");
        }
        String name = string(body, "name", true, "");
        var purchase = period(body, "purchasePeriod", null);
        var entry = period(body, "entryPeriod", purchase);
        int grace = integer(body, "uploadGraceDays", 0, "uploadGraceDays");
        Long minimumTotal = longOrNull(body.get("minimumTotal"), "minimumTotal");
        var products = new ArrayList<CampaignView.TargetProduct>();
        JsonNode list = array(body, "targetProducts");
        for (int i = 0; list != null && i < list.size(); i++) {
            products.add(product(list.get(i), "targetProducts[" + i + "]"));
        }
        var limitNode = body.get("perEntrantLimit");
        CampaignView.EntrantLimit limit;
        if (absent(limitNode)) {
            limit = new CampaignView.EntrantLimit(null, null);
        } else if (!limitNode.isObject()) {
            throw invalid("perEntrantLimit");
        } else {
            limit = new CampaignView.EntrantLimit(
                    intOrNull(limitNode.get("perDay"), "perEntrantLimit.perDay"),
                    intOrNull(limitNode.get("total"), "perEntrantLimit.total"));
        }
        int receipts = integer(body, "receiptsPerEntry", 1, "receiptsPerEntry");
        String fraudAction = string(body, "fraudAction", false, "");
        var fields = new ArrayList<FormField>();
        JsonNode formList = array(body, "formFields");
        for (int i = 0; formList != null && i < formList.size(); i++) {
            fields.add(field(formList.get(i), "formFields[" + i + "]"));
        }
        return new CampaignDraft(
                name,
                purchase,
                entry,
                grace,
                minimumTotal,
                strings(body, "stores"),
                strings(body, "chains"),
                strings(body, "prefectures"),
                products,
                limit,
                receipts,
                fields,
                string(body, "landingText", false, ""),
                string(body, "terms", false, ""),
                image,
                fraudAction.isEmpty() ? "review" : fraudAction);
    }

    private static CampaignView.TargetProduct product(JsonNode p, String at) {
        if (!p.isObject()) {
            throw invalid(at);
        }
        return new CampaignView.TargetProduct(
                string(p, "name", true, at + ".name"),
                strings(p, "aliases", at + ".aliases"),
                strings(p, "janCodes", at + ".janCodes"),
                integer(p, "minimumQuantity", 1, at + ".minimumQuantity"),
                longOrNull(p.get("minimumAmount"), at + ".minimumAmount"));
    }

    private static FormField field(JsonNode f, String at) {
        if (!f.isObject()) {
            throw invalid(at);
        }
        String key = string(f, "key", true, at + ".key");
        String typeCode = string(f, "type", false, at + ".type");
        FormField.CharType type;
        try {
            type = typeCode.isEmpty()
                    ? FormField.CharType.TEXT
                    : FormField.CharType.valueOf(typeCode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(at + ".type");
        }
        JsonNode required = f.get("required");
        if (!absent(required) && !required.isBoolean()) {
            throw invalid(at + ".required");
        }
        return new FormField(
                key,
                string(f, "label", false, at + ".label"),
                !absent(required) && required.booleanValue(),
                type,
                integer(f, "maxLength", 100, at + ".maxLength"),
                strings(f, "options", at + ".options"));
    }

    private static boolean absent(@Nullable JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** A string member; {@code field} names it in errors (the member's name when empty). */
    private static String string(JsonNode o, String member, boolean required, String field) {
        String at = field.isEmpty() ? member : field;
        JsonNode node = o.get(member);
        if (absent(node)) {
            if (required) {
                throw invalid(at);
            }
            return "";
        }
        if (!node.isString()) {
            throw invalid(at);
        }
        return node.stringValue();
    }

    private static @Nullable JsonNode array(JsonNode o, String member) {
        JsonNode node = o.get(member);
        if (absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            throw invalid(member);
        }
        return node;
    }

    private static List<String> strings(JsonNode o, String member) {
        return strings(o, member, member);
    }

    private static List<String> strings(JsonNode o, String member, String at) {
        JsonNode node = o.get(member);
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(at);
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isString()) {
                throw invalid(at + "[" + i + "]");
            }
            out.add(node.get(i).stringValue().strip());
        }
        return out;
    }

    private static CampaignView.Period period(JsonNode o, String member, CampaignView.@Nullable Period fallback) {
        JsonNode node = o.get(member);
        if (absent(node)) {
            if (fallback != null) {
                return fallback;
            }
            throw invalid(member);
        }
        if (!node.isObject()) {
            throw invalid(member);
        }
        return new CampaignView.Period(date(node.get("from"), member + ".from"), date(node.get("to"), member + ".to"));
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

    private static int integer(JsonNode o, String member, int fallback, String at) {
        Integer value = intOrNull(o.get(member), at);
        return value == null ? fallback : value;
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
        return new ProblemException(422, "invalid_campaign", field).with("field", field);
    }
}
