package jp.tokuten.ops;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An incident: the service was down. {@code causes} are the checks that failed; {@code resolvedAt} is null
 * while it is open. Updates oldest first.
 */
public record IncidentView(
        UUID id,
        List<String> causes,
        Instant openedAt,
        @Nullable Instant resolvedAt,
        List<Update> updates) {

    public boolean open() {
        return resolvedAt == null;
    }

    /**
     * An update: {@code kind} {@code opened} or {@code resolved} (written by tokuten, no message) or {@code
     * update} (an operator's message).
     */
    public record Update(
            UUID id,
            Instant postedAt,
            String kind,
            @Nullable String message) {}
}
