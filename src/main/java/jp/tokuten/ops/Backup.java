package jp.tokuten.ops;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A backup as operators see it: daily or requested, {@code running}, {@code done} or {@code failed}; when done,
 * where it is, its size and the SHA-256 of its manifest (which holds the SHA-256 of every part).
 */
public record Backup(
        UUID id,
        String kind,
        String status,
        Instant createdAt,
        @Nullable Instant finishedAt,
        @Nullable String location,
        List<String> copies,
        @Nullable Long sizeBytes,
        @Nullable String sha256,
        @Nullable String error) {}
