package jp.tokuten.lottery.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import jp.tokuten.lottery.PointChances;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** An entrant's points spent on a closed-draw course for one chance in its draw (decision 119). */
@RestController
class PointChanceApiController {

    private final PointChances chances;

    PointChanceApiController(PointChances chances) {
        this.chances = chances;
    }

    @Schema(name = "NewPointChance")
    record Body(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            UUID entrantId) {}

    @Schema(name = "PointChance")
    record Resource(
            UUID id,
            UUID courseId,
            UUID entrantId,

            @Schema(description = "Points spent: the course's pointsNeeded")
            int points,

            @Schema(description = "The entrant's balance of the campaign after the spend")
            long balance,

            Instant createdAt) {}

    @Operation(
            summary = "Spend an entrant's points on a closed-draw course for one chance in its draw",
            description = "409 insufficient_points (the balance never goes below zero), points_not_accepted,"
                    + " not_closed_draw, already_drawn, entrant_blocked; 422 invalid_entrant_id; 404 not_found.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/courses/{id}/point-chances", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Resource> take(
            @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = Body.class)))
                    @RequestBody
                    JsonNode body) {
        UUID course = CourseJson.id(id);
        UUID entrantId = CourseJson.entrantId(body);
        var taken = chances.take(course, entrantId);
        return ResponseEntity.created(URI.create("/api/v1/courses/" + course + "/point-chances/" + taken.id()))
                .body(new Resource(
                        taken.id(),
                        taken.courseId(),
                        taken.entrantId(),
                        taken.points(),
                        taken.balance(),
                        taken.createdAt()));
    }
}
