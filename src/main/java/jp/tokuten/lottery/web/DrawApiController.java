package jp.tokuten.lottery.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.tokuten.lottery.DrawView;
import jp.tokuten.lottery.Draws;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Closed draws for the tenant's automation (docs/draws.md): editors create, run and re-draw; viewers read.
 * The seed appears only once the draw has run.
 */
@RestController
class DrawApiController {

    private final Draws draws;
    private final Tenants tenants;

    DrawApiController(Draws draws, Tenants tenants) {
        this.draws = draws;
        this.tenants = tenants;
    }

    @Schema(name = "NewDraw")
    record Body(
            @Schema(description = "The closed-draw course to draw", requiredMode = Schema.RequiredMode.REQUIRED)
            UUID courseId,

            @Schema(description = "Whether a win that lapses is re-drawn by itself (default true)") @Nullable
            Boolean redrawOnLapse) {}

    @Schema(name = "DrawCreated")
    record Created(
            UUID id,

            @Schema(description = "SHA-256 of the secret seed, 64 hex digits; publish it before the run")
            String commitment,

            String publicRecord) {}

    @Schema(name = "DrawWinner")
    record Winner(
            int rank,

            @Schema(description = "The chance's pseudonym in the public list")
            String chance,

            @Nullable UUID entryId,
            UUID entrantId,
            UUID prizeId,
            String prize,
            UUID awardId) {}

    @Schema(name = "Draw")
    record Resource(
            UUID id,
            UUID campaignId,
            UUID courseId,
            String course,
            @Nullable UUID redrawOf,
            @Schema(description = "committed or drawn") String status,
            String commitment,

            @Schema(description = "The seed, 64 hex digits; only once drawn") @Nullable
            String seed,

            @Schema(description = "SHA-256 of the list of chances; only once drawn") @Nullable
            String entriesDigest,

            @Nullable Integer chances,
            int winnersWanted,
            int maxWinsPerEntrant,
            boolean redrawOnLapse,
            Instant createdAt,
            @Nullable Instant drawnAt,
            List<Winner> winners,

            @Schema(description = "The public record (no sign-in), what draw verify reads")
            String publicRecord) {}

    @Operation(
            summary = "Create the closed draw of a course, committing to a secret seed",
            description = "Only for closed_draw courses (409 not_closed_draw), one per course (409 draw_exists);"
                    + " 422 invalid_course_id, 409 wrong_campaign, no_stock; 404 not_found for an unknown campaign.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/campaigns/{id}/draws", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Created> create(
            @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = Body.class)))
                    @RequestBody
                    JsonNode body) {
        UUID campaign = CourseJson.id(id);
        if (!body.isObject()) {
            throw new ProblemException(422, "invalid_course_id").with("field", "courseId");
        }
        JsonNode courseNode = body.get("courseId");
        UUID course = courseNode != null && courseNode.isString() ? CourseJson.uuid(courseNode.stringValue()) : null;
        if (course == null) {
            throw new ProblemException(422, "invalid_course_id").with("field", "courseId");
        }
        JsonNode redraw = body.get("redrawOnLapse");
        if (redraw != null && !redraw.isNull() && !redraw.isBoolean()) {
            throw new ProblemException(422, "invalid_draw", "redrawOnLapse").with("field", "redrawOnLapse");
        }
        var created = draws.create(campaign, course, redraw == null || redraw.isNull() || redraw.booleanValue());
        return ResponseEntity.created(URI.create("/api/v1/draws/" + created.id()))
                .body(new Created(created.id(), created.commitment(), publicRecord(created.id())));
    }

    @Operation(
            summary = "Run a draw: reveal the seed, publish the list and the winners, grant the prizes",
            description = "Once (409 already_drawn), only after the campaign's period (409 campaign_not_ended)"
                    + " with no entry still undecided (409 entries_undecided) and the stock promised"
                    + " (409 stock_below_draw).")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/api/v1/draws/{id}/run")
    Resource run(@PathVariable String id) {
        return resource(draws.run(CourseJson.id(id)));
    }

    @Operation(
            summary = "Create a re-draw of the lapsed wins of a draw not re-drawn yet (run it with /run)",
            description = "409 nothing_to_redraw when no win of the draw has lapsed since its last re-draw.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/api/v1/draws/{id}/redraws")
    ResponseEntity<Created> redraw(@PathVariable String id) {
        var created = draws.redraw(CourseJson.id(id));
        return ResponseEntity.created(URI.create("/api/v1/draws/" + created.id()))
                .body(new Created(created.id(), created.commitment(), publicRecord(created.id())));
    }

    @Operation(summary = "Read a draw: its commitment, and once run its seed, list digest and winners")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/draws/{id}")
    Resource get(@PathVariable String id) {
        return resource(draws.require(CourseJson.id(id)));
    }

    record DrawList(List<Resource> draws) {}

    @Operation(summary = "List a campaign's draws and re-draws, oldest first")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/campaigns/{id}/draws")
    DrawList list(@PathVariable String id) {
        return new DrawList(
                draws.ofCampaign(CourseJson.id(id)).stream().map(this::resource).toList());
    }

    private Resource resource(DrawView d) {
        return new Resource(
                d.id(),
                d.campaignId(),
                d.courseId(),
                d.courseName(),
                d.redrawOf(),
                d.status(),
                d.commitment(),
                d.seed(),
                d.entriesDigest(),
                d.chances(),
                d.winnersWanted(),
                d.maxWinsPerEntrant(),
                d.redrawOnLapse(),
                d.createdAt(),
                d.drawnAt(),
                d.winners().stream()
                        .map(w -> new Winner(
                                w.rank(),
                                w.chance(),
                                w.entryId(),
                                w.entrantId(),
                                w.prizeId(),
                                w.prizeName(),
                                w.awardId()))
                        .toList(),
                publicRecord(d.id()));
    }

    /** The path of the public record, under the bound tenant's consumer slug. */
    private String publicRecord(UUID draw) {
        return DrawLinks.publicRecord(
                tenants.findById(TenantBinder.required()).orElseThrow().slug(), draw);
    }
}
