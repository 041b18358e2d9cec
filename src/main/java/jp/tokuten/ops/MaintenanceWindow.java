package jp.tokuten.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A scheduled maintenance window; {@code cancelledAt} is set when an operator called it off. */
public record MaintenanceWindow(
        UUID id,
        Instant startsAt,
        Instant endsAt,
        String title,
        boolean emergency,
        Instant createdAt,
        @Nullable Instant cancelledAt) {

    /** Whether the window is on at {@code now}. */
    public boolean isOn(Instant now) {
        return cancelledAt == null && !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    /** What a refused client is told to wait: until the window ends (at least a second). */
    public Duration retryAfter(Instant now) {
        Duration left = Duration.between(now, endsAt);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }
}
