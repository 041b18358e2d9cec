package jp.tokuten.campaigns.web;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignImages;
import jp.tokuten.campaigns.CampaignStatus;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/campaigns}: a tenant's system creates, reads, changes and lists campaigns and moves them
 * through draft → open → closed → archived. Editors change, viewers read. Refusals: 422
 * {@code invalid_campaign} with {@code field}, 400 {@code malformed_request} (not JSON, or not an object),
 * 404 {@code not_found} (also another tenant's id), 409 {@code invalid_transition}.
 */
@RestController
class CampaignApiController {

    private final Campaigns campaigns;
    private final CampaignImages images;
    private final Tenants tenants;

    CampaignApiController(Campaigns campaigns, CampaignImages images, Tenants tenants) {
        this.campaigns = campaigns;
        this.images = images;
        this.tenants = tenants;
    }

    /** Creates a draft campaign; dates are ISO {@code yyyy-MM-dd} business days in Asia/Tokyo. */
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/campaigns", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CampaignJson.Resource> create(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = CampaignJson.Body.class)))
                    @RequestBody
                    JsonNode body) {
        var created = campaigns.create(CampaignJson.draft(body, null));
        return ResponseEntity.created(URI.create("/api/v1/campaigns/" + created.id()))
                .body(resource(created));
    }

    /** The bound tenant's campaigns, newest first; {@code status} filters by one status. */
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/campaigns")
    CampaignList list(
            @Schema(allowableValues = {"draft", "open", "closed", "archived"}) @RequestParam(required = false) @Nullable
                    String status) {
        CampaignStatus filter = status == null || status.isBlank() ? null : parseStatus(status);
        String slug = slug();
        return new CampaignList(campaigns.list(filter).stream()
                .map(c -> CampaignJson.resource(c, slug))
                .toList());
    }

    /** A page of campaigns. */
    record CampaignList(List<CampaignJson.Resource> campaigns) {}

    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/campaigns/{id}")
    CampaignJson.Resource get(@PathVariable UUID id) {
        return resource(campaigns.require(id));
    }

    /** Replaces the campaign's settings whole (missing members take their defaults); archived ones cannot change. */
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PutMapping(path = "/api/v1/campaigns/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    CampaignJson.Resource update(
            @PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = CampaignJson.Body.class)))
                    @RequestBody
                    JsonNode body) {
        CampaignView current = campaigns.require(id);
        return resource(campaigns.update(id, CampaignJson.draft(body, current.landingImage())));
    }

    /** Opens a draft or closed campaign for entries. */
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/api/v1/campaigns/{id}/open")
    CampaignJson.Resource open(@PathVariable UUID id) {
        return resource(campaigns.open(id));
    }

    /** Stops an open campaign taking entries. */
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/api/v1/campaigns/{id}/close")
    CampaignJson.Resource close(@PathVariable UUID id) {
        return resource(campaigns.close(id));
    }

    /** Puts a closed campaign away for good. */
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/api/v1/campaigns/{id}/archive")
    CampaignJson.Resource archive(@PathVariable UUID id) {
        return resource(campaigns.archive(id));
    }

    /**
     * Replaces the landing page image: one JPEG or PNG in multipart field {@code image} (at most 5 MB, at least
     * 320×160 px, at most 4,096 px a side), stored without metadata. Refusals: 422
     * {@code invalid_campaign_image} with {@code reason}, the photo intake's codes ({@code not_a_photo} …).
     */
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/campaigns/{id}/image", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    CampaignJson.Resource image(@PathVariable UUID id, @RequestParam("image") MultipartFile image) throws IOException {
        return resource(images.replace(id, image, image.getSize()));
    }

    private CampaignJson.Resource resource(CampaignView c) {
        return CampaignJson.resource(c, slug());
    }

    private String slug() {
        return tenants.findById(TenantBinder.required()).orElseThrow().slug();
    }

    private static CampaignStatus parseStatus(String status) {
        for (var s : CampaignStatus.values()) {
            if (s.code().equals(status.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new ProblemException(400, "invalid_request").with("field", "status");
    }
}
