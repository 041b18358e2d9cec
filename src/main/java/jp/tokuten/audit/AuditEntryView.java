package jp.tokuten.audit;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * One audit entry as a tenant sees it. A change entry names the table, operation and row key, with the
 * old and new values as JSON text (an update carries only the changed columns; secrets read
 * {@code "[masked]"}); a meaning entry names the action, reason and details. {@code position} is the
 * entry's place in the tenant's chain, null until it is sealed. Entries with the same {@code transactionId}
 * were written by one transaction (one action of a person, e.g. ten recovery codes at once).
 */
public record AuditEntryView(
        long id,
        OffsetDateTime recordedAt,
        String kind,
        @Nullable String tableName,
        @Nullable String operation,
        @Nullable String rowKey,
        @Nullable String oldValues,
        @Nullable String newValues,
        @Nullable String action,
        @Nullable String reason,
        @Nullable String details,
        @Nullable String actor,
        @Nullable String requestId,
        @Nullable Long position,
        long transactionId) {}
