package jp.tokuten.ops.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.ops.Availability;
import jp.tokuten.ops.CheckResult;
import jp.tokuten.ops.CheckState;
import jp.tokuten.ops.IncidentView;
import jp.tokuten.ops.Incidents;
import jp.tokuten.ops.Monitoring;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The operator API of monitoring: the checks' current state and history, monthly availability, incidents and
 * their updates. Operator tokens only (the operator API chain).
 */
@RestController
@Tag(name = "Operator: monitoring")
class MonitoringApiController {

    private final Monitoring monitoring;
    private final Availability availability;
    private final Incidents incidents;
    private final java.time.Clock clock;

    MonitoringApiController(
            Monitoring monitoring, Availability availability, Incidents incidents, java.time.Clock clock) {
        this.clock = clock;
        this.monitoring = monitoring;
        this.availability = availability;
        this.incidents = incidents;
    }

    /** A check as the API shows it. */
    record CheckJson(
            String name,
            String status,
            @Nullable Instant since,
            @Nullable Instant lastRunAt,
            String detail,
            String threshold,
            boolean makesIncident,
            String history) {
        static CheckJson of(CheckState s) {
            return new CheckJson(
                    s.name(),
                    s.status().code(),
                    s.since(),
                    s.lastRunAt(),
                    s.detail(),
                    s.threshold(),
                    s.makesIncident(),
                    "/api/v1/operator/checks?history=" + s.name());
        }
    }

    record ChecksJson(@Nullable Instant lastRunAt, long intervalSeconds, List<CheckJson> checks) {}

    record ResultJson(Instant at, String name, String status, String detail, long tookMillis) {
        static ResultJson of(CheckResult r) {
            return new ResultJson(r.at(), r.name(), r.status().code(), r.detail(), r.tookMillis());
        }
    }

    record HistoryJson(String name, List<ResultJson> results) {}

    @Operation(
            summary = "Monitoring checks: the current state of every check, or one check's history",
            description = "Without parameters: the 19 checks with status (ok, failing, not_applicable), since, "
                    + "lastRunAt, detail, threshold and a history link. With history=<check name>: that check's "
                    + "latest results (limit, default 100, at most 1000); 404 not_found for an unknown check.")
    @GetMapping("/api/v1/operator/checks")
    Object checks(
            @Parameter(description = "a check's name: answer its history instead")
                    @RequestParam(required = false)
                    @Nullable
                    String history,
            @RequestParam(defaultValue = "100") String limit) {
        if (history == null) {
            return new ChecksJson(
                    monitoring.lastRun().orElse(null),
                    monitoring.interval().toSeconds(),
                    monitoring.states().stream().map(CheckJson::of).toList());
        }
        if (!monitoring.names().contains(history)) {
            throw new ProblemException(404, "not_found");
        }
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new ProblemException(400, "invalid_request").with("parameter", "limit");
        }
        if (n < 1 || n > 1000) {
            throw new ProblemException(400, "invalid_request").with("parameter", "limit");
        }
        return new HistoryJson(
                history,
                monitoring.history(history, n).stream().map(ResultJson::of).toList());
    }

    record OutageJson(Instant from, Instant to, long seconds, boolean counted) {}

    record MonthJson(
            String month,
            @Nullable Double percent,
            long measuredSeconds,
            long downtimeSeconds,
            List<OutageJson> outages) {
        static MonthJson of(Availability.Month m) {
            return new MonthJson(
                    m.month().toString(),
                    m.percent(),
                    m.measured().toSeconds(),
                    m.downtime().toSeconds(),
                    m.outages().stream()
                            .map(o ->
                                    new OutageJson(o.from(), o.to(), o.length().toSeconds(), o.counted()))
                            .toList());
        }
    }

    @Operation(
            summary = "Monthly availability",
            description = "month=YYYY-MM (Japan time) for one month, else this month and the five before. Outages of"
                    + " 5 minutes or more count; 400 invalid_request for a bad month.")
    @GetMapping("/api/v1/operator/availability")
    List<MonthJson> availability(@RequestParam(required = false) @Nullable String month) {
        if (month == null) {
            return availability.recent(6).stream().map(MonthJson::of).toList();
        }
        try {
            return List.of(MonthJson.of(availability.month(YearMonth.parse(month))));
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "invalid_request").with("parameter", "month");
        }
    }

    @Operation(summary = "Incidents of the last 90 days and any still open, the latest first")
    @GetMapping("/api/v1/operator/incidents")
    List<IncidentView> incidents() {
        return incidents.since(clock.instant().minus(java.time.Duration.ofDays(90)), 200);
    }

    @Operation(summary = "One incident with its updates")
    @GetMapping("/api/v1/operator/incidents/{id}")
    IncidentView incident(@PathVariable String id) {
        return incidents.find(id(id)).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    @Operation(
            summary = "Post an update to an incident",
            description = "{\"message\": text of 1–2000 characters}, shown on the public status page. 422"
                    + " invalid_incident_update for a missing, empty or too long message; 404 not_found.")
    @PostMapping(path = "/api/v1/operator/incidents/{id}/updates", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IncidentView.Update> update(
            @AuthenticationPrincipal OperatorPrincipal operator, @PathVariable String id, @RequestBody JsonNode body) {
        UUID incident = id(id);
        var message = body.isObject() ? body.get("message") : null;
        if (message == null || !message.isString()) {
            throw new ProblemException(422, "invalid_incident_update", Incidents.MAX_MESSAGE)
                    .with("maxLength", Incidents.MAX_MESSAGE);
        }
        var update = incidents.post(incident, message.asString(), operator.operatorId());
        return ResponseEntity.status(201).body(update);
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "not_found");
        }
    }
}
