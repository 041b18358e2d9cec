package jp.tokuten.stores;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A store as read: {@code chain} and {@code branch} are empty when not set; the phone as entered (its
 * digits are what matching compares); the registration number as {@code T} + 13 digits.
 */
public record StoreView(
        UUID id,
        String name,
        String chain,
        String branch,
        @Nullable String prefecture,
        @Nullable String phone,
        @Nullable String registrationNumber,
        Instant createdAt,
        Instant updatedAt) {}
