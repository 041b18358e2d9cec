package jp.tokuten.lottery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A course as read, with its prizes in order (see {@link CourseDraft} for the settings). */
public record CourseView(
        UUID id,
        UUID campaignId,
        String name,
        Mechanic mechanic,
        List<PrizeView> prizes,
        @Nullable Integer pointsNeeded,
        @Nullable Long minTotalYen,
        ChancesPer chancesPer,
        int maxWinsPerEntrant,
        @Nullable Double winChance,
        Instant createdAt,
        Instant updatedAt) {

    /** The stock of all its prizes together. */
    public long stock() {
        return prizes.stream().mapToLong(PrizeView::stock).sum();
    }

    /** The stock not yet won, of all its prizes together. */
    public long remaining() {
        return prizes.stream().mapToLong(PrizeView::remaining).sum();
    }
}
