package jp.tokuten.lottery;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An instant-win play as recorded: {@code win} with the prize won (and the award {@code rewards} made of
 * it), or {@code lose}; {@code chance} is the chance it was played at.
 */
public record PlayView(
        UUID id,
        @Nullable UUID entryId,
        UUID courseId,
        UUID entrantId,
        boolean won,
        @Nullable PrizeView prize,
        @Nullable UUID awardId,
        double chance,
        Instant playedAt) {

    /** {@code win} or {@code lose}, as the API says it. */
    public String result() {
        return won ? "win" : "lose";
    }
}
