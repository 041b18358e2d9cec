package jp.tokuten.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which of the tenant's audit entries to read: a time range (from inclusive, to exclusive), a table,
 * an action and an actor, each optional; {@code beforeId} pages backwards from the newest entry.
 */
public record AuditFilter(
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable String tableName,
        @Nullable String action,
        @Nullable String actor,
        @Nullable Long beforeId) {

    public static AuditFilter all() {
        return new AuditFilter(null, null, null, null, null, null);
    }
}
