package jp.tokuten.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import jp.tokuten.shared.PageAttributes;
import org.springframework.stereotype.Component;

/**
 * Puts the next maintenance window (on now, or the soonest announced) in the model of every page as
 * {@code maintenanceNotice}; the admin and consumer layouts show it as a banner
 * ({@code fragments/maintenance :: notice}).
 */
@Component
class MaintenanceNotices implements PageAttributes {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

    /** A window as a page shows it: times in Japan time, whether it is on. */
    record Notice(String title, String startsAt, String endsAt, boolean on, boolean emergency) {
        static Notice of(MaintenanceWindow w, Instant now) {
            return new Notice(
                    w.title(),
                    WHEN.format(w.startsAt().atZone(TOKYO)),
                    WHEN.format(w.endsAt().atZone(TOKYO)),
                    w.isOn(now),
                    w.emergency());
        }
    }

    private final MaintenanceWindows windows;
    private final java.time.Clock clock;

    MaintenanceNotices(MaintenanceWindows windows, java.time.Clock clock) {
        this.windows = windows;
        this.clock = clock;
    }

    @Override
    public void addTo(HttpServletRequest request, Map<String, Object> model) {
        var upcoming = windows.upcoming();
        if (!upcoming.isEmpty()) {
            model.put("maintenanceNotice", Notice.of(upcoming.getFirst(), clock.instant()));
        }
    }
}
