package jp.tokuten.ops.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import jp.tokuten.ops.Availability;
import jp.tokuten.ops.IncidentView;
import jp.tokuten.ops.Incidents;
import jp.tokuten.ops.MaintenanceWindow;
import jp.tokuten.ops.MaintenanceWindows;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The public status page {@code /status} (HTML, Japanese or English) and {@code /status.json}: whether the
 * service is up (no open incident), monthly availability, incidents of the last 90 days and announced
 * maintenance. No sign-in; open during maintenance. Shows no check details (they are the operators').
 */
@Controller
class StatusPageController {

    static final Duration HISTORY = Duration.ofDays(90);
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    private final Incidents incidents;
    private final Availability availability;
    private final MaintenanceWindows windows;
    private final Clock clock;

    StatusPageController(Incidents incidents, Availability availability, MaintenanceWindows windows, Clock clock) {
        this.incidents = incidents;
        this.availability = availability;
        this.windows = windows;
        this.clock = clock;
    }

    record MonthJson(String month, @Nullable Double percent) {}

    record UpdateJson(
            Instant postedAt, String kind, @Nullable String message) {}

    record IncidentJson(
            Instant openedAt, @Nullable Instant resolvedAt, List<String> affected, List<UpdateJson> updates) {}

    record MaintenanceJson(Instant startsAt, Instant endsAt, String title, boolean emergency) {}

    record StatusJson(
            String status,
            Instant updatedAt,
            List<MonthJson> availability,
            List<IncidentJson> incidents,
            List<MaintenanceJson> maintenance) {}

    private StatusJson status() {
        Instant now = clock.instant();
        var list = incidents.since(now.minus(HISTORY), 100);
        boolean down = list.stream().anyMatch(IncidentView::open);
        boolean maintenance = windows.current().isPresent();
        return new StatusJson(
                down ? "outage" : maintenance ? "maintenance" : "operational",
                now,
                availability.recent(3).stream()
                        .map(m -> new MonthJson(m.month().toString(), m.percent()))
                        .toList(),
                list.stream()
                        .map(i -> new IncidentJson(
                                i.openedAt(),
                                i.resolvedAt(),
                                i.causes(),
                                i.updates().stream()
                                        .map(u -> new UpdateJson(u.postedAt(), u.kind(), u.message()))
                                        .toList()))
                        .toList(),
                windows.upcoming().stream()
                        .map(StatusPageController::maintenance)
                        .toList());
    }

    private static MaintenanceJson maintenance(MaintenanceWindow w) {
        return new MaintenanceJson(w.startsAt(), w.endsAt(), w.title(), w.emergency());
    }

    @GetMapping("/status.json")
    @ResponseBody
    ResponseEntity<StatusJson> json() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofSeconds(30)).cachePublic())
                .body(status());
    }

    @GetMapping("/status")
    String page(Model model) {
        var s = status();
        model.addAttribute("status", s.status());
        model.addAttribute("updatedAt", when(s.updatedAt()));
        model.addAttribute("months", s.availability());
        model.addAttribute(
                "incidents",
                s.incidents().stream()
                        .map(i -> Map.of(
                                "openedAt", when(i.openedAt()),
                                "resolvedAt", i.resolvedAt() == null ? "" : when(i.resolvedAt()),
                                "open", i.resolvedAt() == null,
                                "affected", String.join(", ", i.affected()),
                                "updates",
                                        i.updates().stream()
                                                .map(u -> Map.of(
                                                        "at", when(u.postedAt()),
                                                        "kind", u.kind(),
                                                        "message", u.message() == null ? "" : u.message()))
                                                .toList()))
                        .toList());
        model.addAttribute(
                "maintenance",
                s.maintenance().stream()
                        .map(m -> Map.of(
                                "title", m.title(),
                                "from", when(m.startsAt()),
                                "to", when(m.endsAt()),
                                "emergency", m.emergency()))
                        .toList());
        return "ops/status";
    }

    private static String when(Instant at) {
        return WHEN.format(at.atZone(TOKYO));
    }
}
