package jp.tokuten.jobs;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.tenancy.TenantId;
import org.jspecify.annotations.Nullable;

/** A job as handlers and the operator console see it. */
public record JobView(
        UUID id,
        @Nullable TenantId tenant,
        String type,
        Map<String, Object> payload,
        String status,
        int attempts,
        int maxAttempts,
        Instant runAt,
        @Nullable String lastError,
        Instant createdAt) {}
