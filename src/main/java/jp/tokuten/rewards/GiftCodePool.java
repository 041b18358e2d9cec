package jp.tokuten.rewards;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A gift-code pool: its codes not yet handed out ({@code remaining}), those handed out ({@code taken}), and the
 * count below which the tenant's admins are alerted ({@code lowThreshold}; 0: never).
 */
public record GiftCodePool(
        UUID id,
        String name,
        @Nullable UUID campaignId,
        int lowThreshold,
        long remaining,
        long taken,
        Instant createdAt) {

    /** Whether fewer codes are left than the threshold. */
    public boolean low() {
        return remaining < lowThreshold;
    }
}
