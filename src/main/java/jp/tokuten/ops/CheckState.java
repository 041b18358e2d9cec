package jp.tokuten.ops;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A monitoring check as of its last run: {@code since} is when it entered its status, {@code threshold} says in
 * words when it fails, {@code makesIncident} whether its failing means the service is down (web, database).
 * {@code lastRunAt} and {@code since} are null before the first run.
 */
public record CheckState(
        String name,
        CheckStatus status,
        @Nullable Instant since,
        @Nullable Instant lastRunAt,
        String detail,
        String threshold,
        boolean makesIncident) {}
