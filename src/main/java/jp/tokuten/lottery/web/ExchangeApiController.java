package jp.tokuten.lottery.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.UUID;
import jp.tokuten.lottery.EveryoneGets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** An entrant's points exchanged for the prize of an everyone-gets course (もれなく; decision 150). */
@RestController
class ExchangeApiController {

    private final EveryoneGets everyone;

    ExchangeApiController(EveryoneGets everyone) {
        this.everyone = everyone;
    }

    @Schema(name = "NewExchange")
    record Body(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            UUID entrantId) {}

    @Schema(name = "Exchange")
    record Resource(
            UUID id,
            UUID courseId,
            UUID entrantId,
            UUID prizeId,
            String prize,

            @Schema(description = "The award rewards made of it (its delivery, code or payout follow from it)")
            UUID awardId,

            @Schema(description = "The entrant's balance of the campaign after the exchange")
            long balance) {}

    @Operation(
            summary = "Exchange an entrant's points for the prize of an everyone-gets course",
            description = "Spends the course's pointsNeeded, counts a win under maxWinsPerEntrant and takes a unit"
                    + " of stock, all or nothing. 409 insufficient_points (the balance never goes below zero),"
                    + " max_wins_reached, out_of_stock, points_not_accepted, not_everyone, entrant_blocked;"
                    + " 422 invalid_entrant_id; 404 not_found.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/courses/{id}/exchanges", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Resource> exchange(
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
        var done = everyone.exchange(course, entrantId);
        return ResponseEntity.created(URI.create("/api/v1/courses/" + course + "/exchanges/" + done.playId()))
                .body(new Resource(
                        done.playId(),
                        done.courseId(),
                        done.entrantId(),
                        done.prize().id(),
                        done.prize().name(),
                        done.awardId(),
                        done.balance()));
    }
}
