package jp.tokuten.lottery.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import jp.tokuten.lottery.InstantWins;
import jp.tokuten.lottery.PlayView;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Instant win for the tenant's automation: an approved entry plays a course of its campaign (editors). */
@RestController
class PlayApiController {

    private final InstantWins instantWins;

    PlayApiController(InstantWins instantWins) {
        this.instantWins = instantWins;
    }

    @Schema(name = "PlayBody")
    record Body(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            UUID courseId) {}

    @Schema(name = "Play")
    record Play(
            @Schema(allowableValues = {"win", "lose"}) String result,

            @Schema(description = "the prize won; null for a loss") @Nullable
            Prize prize,

            UUID entryId,
            UUID courseId,

            @Schema(description = "the award rewards made of the win; null for a loss") @Nullable
            UUID awardId,

            Instant playedAt) {
        static Play of(PlayView p) {
            var prize = p.prize();
            return new Play(
                    p.result(),
                    prize == null
                            ? null
                            : new Prize(prize.id(), prize.name(), prize.kind().code(), prize.valueYen()),
                    p.entryId(),
                    p.courseId(),
                    p.awardId(),
                    p.playedAt());
        }
    }

    @Schema(name = "PlayPrize")
    record Prize(UUID id, String name, String kind, long valueYen) {}

    @Operation(
            summary = "An approved entry plays an instant-win course of its campaign",
            description = "Decided on the server and recorded before it is answered: the same answer when repeated."
                    + " 409 entry_not_approved, wrong_campaign, not_instant_win, entrant_blocked,"
                    + " insufficient_points; 404 not_found; 422 invalid_course_id.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/entries/{id}/play", consumes = MediaType.APPLICATION_JSON_VALUE)
    Play play(
            @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true) @RequestBody @Nullable
                    JsonNode body) {
        UUID entry = CourseJson.id(id);
        JsonNode course = body == null || !body.isObject() ? null : body.get("courseId");
        UUID courseId = course != null && course.isString() ? CourseJson.uuid(course.stringValue()) : null;
        if (courseId == null) {
            throw new ProblemException(422, "invalid_course_id").with("field", "courseId");
        }
        return Play.of(instantWins.play(entry, courseId));
    }
}
