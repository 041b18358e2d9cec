package jp.tokuten.ops.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.ops.MaintenanceWindow;
import jp.tokuten.ops.MaintenanceWindows;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/operator/maintenance-windows}: operators schedule, list and cancel maintenance windows.
 * Operator tokens only (the operator API chain). A planned window must start at least 7 days ahead (422
 * {@code notice_too_short}); {@code "emergency": true} may start at once.
 */
@RestController
@Tag(name = "Operator: maintenance")
class MaintenanceWindowApiController {

    private final MaintenanceWindows windows;

    MaintenanceWindowApiController(MaintenanceWindows windows) {
        this.windows = windows;
    }

    /** A window as the API shows it. */
    record WindowJson(
            UUID id,
            Instant startsAt,
            Instant endsAt,
            String title,
            boolean emergency,
            Instant createdAt,
            @Nullable Instant cancelledAt) {
        static WindowJson of(MaintenanceWindow w) {
            return new WindowJson(
                    w.id(), w.startsAt(), w.endsAt(), w.title(), w.emergency(), w.createdAt(), w.cancelledAt());
        }
    }

    @Operation(
            summary = "Schedule a maintenance window",
            description = "startsAt, endsAt: ISO-8601 instants (with Z or an offset); title; emergency (default false)."
                    + " 422 notice_too_short when a planned window starts less than 7 days ahead; 422 invalid_window"
                    + " for a missing or bad time or title, an end not after the start or already past, or more"
                    + " than 72 hours. While the window is on, consumer and admin pages and the tenant API answer"
                    + " 503 with Retry-After; the operator API, health and /status keep working.")
    @PostMapping(path = "/api/v1/operator/maintenance-windows", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WindowJson> schedule(
            @AuthenticationPrincipal OperatorPrincipal operator, @RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw new ProblemException(422, "invalid_window");
        }
        var emergency = body.get("emergency");
        if (emergency != null && !emergency.isNull() && !emergency.isBoolean()) {
            throw new ProblemException(422, "invalid_window").with("field", "emergency");
        }
        var title = body.get("title");
        var w = windows.schedule(
                instant(body, "startsAt"),
                instant(body, "endsAt"),
                title != null && title.isString() ? title.asString() : null,
                emergency != null && emergency.asBoolean(false),
                operator.operatorId());
        return ResponseEntity.created(URI.create("/api/v1/operator/maintenance-windows/" + w.id()))
                .body(WindowJson.of(w));
    }

    @Operation(summary = "Maintenance windows, the latest start first")
    @GetMapping("/api/v1/operator/maintenance-windows")
    List<WindowJson> list() {
        return windows.list(200).stream().map(WindowJson::of).toList();
    }

    @Operation(summary = "One maintenance window")
    @GetMapping("/api/v1/operator/maintenance-windows/{id}")
    WindowJson get(@PathVariable String id) {
        return windows.find(id(id)).map(WindowJson::of).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    @Operation(
            summary = "Cancel a maintenance window (also one that is on)",
            description = "404 not_found when unknown, already cancelled or ended.")
    @DeleteMapping("/api/v1/operator/maintenance-windows/{id}")
    WindowJson cancel(@PathVariable String id) {
        return WindowJson.of(windows.cancel(id(id)));
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "not_found");
        }
    }

    private static @Nullable Instant instant(JsonNode body, String field) {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new ProblemException(422, "invalid_window").with("field", field);
        }
        try {
            return OffsetDateTime.parse(node.asString()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ProblemException(422, "invalid_window").with("field", field);
        }
    }
}
