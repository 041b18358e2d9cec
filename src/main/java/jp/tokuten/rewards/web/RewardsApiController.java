package jp.tokuten.rewards.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.Entrants;
import jp.tokuten.rewards.GiftCodePool;
import jp.tokuten.rewards.GiftCodePools;
import jp.tokuten.rewards.GiftCodeUpload;
import jp.tokuten.rewards.Points;
import jp.tokuten.rewards.PointsRule;
import jp.tokuten.rewards.RewardSettings;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * The tenant's rewards for its automation: gift-code pools (create, upload codes as CSV, read the remaining
 * count), entrants' points, and a campaign's reward settings (address deadline, points rule). Viewers read;
 * editors create and upload and set.
 */
@RestController
class RewardsApiController {

    /** The largest CSV body taken: 100,000 codes of up to 100 bytes. */
    static final int MAX_CSV_BYTES = 10 * 1024 * 1024;

    private final GiftCodePools pools;
    private final Points points;
    private final RewardSettings settings;
    private final Entrants entrants;
    private final Campaigns campaigns;

    RewardsApiController(
            GiftCodePools pools, Points points, RewardSettings settings, Entrants entrants, Campaigns campaigns) {
        this.pools = pools;
        this.points = points;
        this.settings = settings;
        this.entrants = entrants;
        this.campaigns = campaigns;
    }

    @Schema(name = "GiftCodePool")
    record PoolJson(
            UUID id,
            String name,
            @Nullable UUID campaignId,
            int lowThreshold,
            long remaining,
            long taken,
            boolean low,
            Instant createdAt) {
        static PoolJson of(GiftCodePool p) {
            return new PoolJson(
                    p.id(),
                    p.name(),
                    p.campaignId(),
                    p.lowThreshold(),
                    p.remaining(),
                    p.taken(),
                    p.low(),
                    p.createdAt());
        }
    }

    @Schema(name = "GiftCodePoolBody")
    record PoolBody(
            @Schema(description = "Shown in the console, 1-100 characters", requiredMode = Schema.RequiredMode.REQUIRED)
            String name,

            @Schema(description = "The campaign the pool is for, optional") @Nullable
            UUID campaignId,

            @Schema(description = "Alert the admins when fewer codes than this are left; 0 for never")
            int lowThreshold) {}

    record PoolList(List<PoolJson> pools) {}

    @Schema(name = "GiftCodeUpload")
    record UploadJson(
            int added,
            int duplicates,
            int rejected,
            long remaining,

            @Schema(description = "Line numbers of duplicates (at most 100)")
            List<Integer> duplicateLines,

            @Schema(description = "Line numbers of rejected lines (at most 100)")
            List<Integer> rejectedLines) {
        static UploadJson of(GiftCodeUpload u) {
            return new UploadJson(
                    u.added(), u.duplicates(), u.rejected(), u.remaining(), u.duplicateLines(), u.rejectedLines());
        }
    }

    @Operation(
            summary = "Create a gift-code pool",
            description = "422 invalid_pool names the field at fault (name, campaignId, lowThreshold).")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/gift-code-pools", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PoolJson> createPool(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = PoolBody.class)))
                    @RequestBody
                    JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalidPool("name");
        }
        String name = text(body.get("name"), "name");
        UUID campaign = null;
        JsonNode c = body.get("campaignId");
        if (!absent(c)) {
            campaign = c.isString() ? parseUuid(c.stringValue()) : null;
            if (campaign == null || campaigns.find(campaign).isEmpty()) {
                throw invalidPool("campaignId");
            }
        }
        int threshold = 0;
        JsonNode t = body.get("lowThreshold");
        if (!absent(t)) {
            if (!t.isIntegralNumber() || !t.canConvertToInt()) {
                throw invalidPool("lowThreshold");
            }
            threshold = t.intValue();
        }
        var pool = pools.create(name, campaign, threshold);
        return ResponseEntity.created(URI.create("/api/v1/gift-code-pools/" + pool.id()))
                .body(PoolJson.of(pool));
    }

    @Operation(summary = "List the gift-code pools, with their remaining counts")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/gift-code-pools")
    PoolList listPools() {
        return new PoolList(pools.list().stream().map(PoolJson::of).toList());
    }

    @Operation(summary = "Read a gift-code pool: remaining and taken counts, and whether it is below its threshold")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/gift-code-pools/{id}")
    PoolJson getPool(@PathVariable String id) {
        return PoolJson.of(pools.get(id(id)));
    }

    @Operation(
            summary = "Upload gift codes (CSV body)",
            description = "One code per line in the first column, optional header code; UTF-8 with or without"
                    + " BOM, or Shift_JIS. Duplicates (in the file or already in the pool) and rejected lines"
                    + " (blank, over 200 characters) are counted and named by line number. 422 unreadable_csv.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/gift-code-pools/{id}/codes", consumes = "text/csv")
    UploadJson uploadCsv(@PathVariable String id, @RequestBody byte[] csv) {
        UUID pool = id(id);
        return UploadJson.of(pools.upload(pool, checked(csv)));
    }

    @Operation(summary = "Upload gift codes (multipart form, part file)", description = "As the CSV body.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/gift-code-pools/{id}/codes", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    UploadJson uploadForm(@PathVariable String id, @RequestPart("file") MultipartFile file) throws IOException {
        UUID pool = id(id);
        if (file.getSize() > MAX_CSV_BYTES) {
            throw new ProblemException(422, "unreadable_csv");
        }
        return UploadJson.of(pools.upload(pool, checked(file.getBytes())));
    }

    @Schema(name = "PointsBalance")
    record BalanceJson(UUID campaignId, long balance) {}

    @Schema(name = "PointsLedgerEntry")
    record LedgerJson(
            UUID id,
            UUID campaignId,

            @Schema(description = "Earned (positive) or spent (negative)")
            long points,

            String reason,
            @Nullable UUID entryId,
            Instant createdAt) {}

    @Schema(name = "EntrantPoints")
    record PointsJson(UUID entrantId, List<BalanceJson> balances, List<LedgerJson> ledger) {}

    @Operation(
            summary = "An entrant's points: the balance per campaign and the ledger (newest first, at most 200)",
            description = "404 not_found for an unknown entrant (another tenant's alike).")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/entrants/{id}/points")
    PointsJson entrantPoints(@PathVariable String id) {
        UUID entrant = id(id);
        if (entrants.find(entrant).isEmpty()) {
            throw new ProblemException(404, "not_found");
        }
        return new PointsJson(
                entrant,
                points.balances(entrant).stream()
                        .map(b -> new BalanceJson(b.campaignId(), b.balance()))
                        .toList(),
                points.ledger(entrant, 200).stream()
                        .map(e -> new LedgerJson(
                                e.id(), e.campaignId(), e.points(), e.reason(), e.entryId(), e.createdAt()))
                        .toList());
    }

    @Schema(name = "RewardSettings")
    record SettingsJson(
            UUID campaignId,

            @Schema(description = "Days a winner of a physical prize has to give an address (1-365, default 14)")
            int addressDays,

            @Schema(allowableValues = {"none", "per_yen", "per_product", "per_receipt"})
            String pointsRule,

            @Schema(description = "Points per unit of the rule (1-100000)")
            int pointsPer,

            @Schema(description = "For per_yen: points are given per this many yen of the receipts' total")
            int yenUnit) {
        static SettingsJson of(RewardSettings.Settings s) {
            return new SettingsJson(
                    s.campaignId(),
                    s.addressDays(),
                    s.pointsRule().kind().code(),
                    s.pointsRule().pointsPer(),
                    s.pointsRule().yenUnit());
        }
    }

    @Operation(summary = "Read a campaign's reward settings (the defaults when none are set)")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/campaigns/{id}/reward-settings")
    SettingsJson getSettings(@PathVariable String id) {
        return SettingsJson.of(settings.of(campaign(id)));
    }

    @Operation(
            summary = "Set a campaign's reward settings: address deadline and points rule",
            description = "422 invalid_settings names the field at fault.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PutMapping(path = "/api/v1/campaigns/{id}/reward-settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    SettingsJson putSettings(
            @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = SettingsJson.class)))
                    @RequestBody
                    JsonNode body) {
        UUID campaign = campaign(id);
        if (body == null || !body.isObject()) {
            throw invalidSettings("addressDays");
        }
        var current = settings.of(campaign);
        int days = integer(body.get("addressDays"), current.addressDays(), "addressDays");
        PointsRule.Kind kind = current.pointsRule().kind();
        JsonNode r = body.get("pointsRule");
        if (!absent(r)) {
            kind = r.isString()
                    ? PointsRule.Kind.of(r.stringValue().strip()).orElseThrow(() -> invalidSettings("pointsRule"))
                    : null;
            if (kind == null) {
                throw invalidSettings("pointsRule");
            }
        }
        int per = integer(body.get("pointsPer"), current.pointsRule().pointsPer(), "pointsPer");
        int unit = integer(body.get("yenUnit"), current.pointsRule().yenUnit(), "yenUnit");
        return SettingsJson.of(settings.update(campaign, days, new PointsRule(kind, per, unit)));
    }

    /** A campaign of the bound tenant, else 404 {@code not_found}. */
    private UUID campaign(String id) {
        UUID campaign = id(id);
        if (campaigns.find(campaign).isEmpty()) {
            throw new ProblemException(404, "not_found");
        }
        return campaign;
    }

    private static byte[] checked(byte[] csv) {
        if (csv.length > MAX_CSV_BYTES) {
            throw new ProblemException(422, "unreadable_csv");
        }
        return csv;
    }

    private static int integer(@Nullable JsonNode node, int fallback, String field) {
        if (absent(node)) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalidSettings(field);
        }
        return node.intValue();
    }

    private static String text(@Nullable JsonNode node, String field) {
        if (absent(node)) {
            return "";
        }
        if (!node.isString()) {
            throw invalidPool(field);
        }
        return node.stringValue();
    }

    private static boolean absent(@Nullable JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static UUID id(String text) {
        UUID id = parseUuid(text);
        if (id == null) {
            throw new ProblemException(404, "not_found");
        }
        return id;
    }

    static @Nullable UUID parseUuid(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ProblemException invalidPool(String field) {
        return new ProblemException(422, "invalid_pool", field).with("field", field);
    }

    private static ProblemException invalidSettings(String field) {
        return new ProblemException(422, "invalid_settings", field).with("field", field);
    }
}
