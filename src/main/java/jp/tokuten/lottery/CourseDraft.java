package jp.tokuten.lottery;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A course (コース, e.g. A賞) as set.
 *
 * @param pointsNeeded points an entrant spends for one chance (null: none)
 * @param minTotalYen the least receipt total of an entry that may take a chance (null: any)
 * @param maxWinsPerEntrant how many times one entrant may win this course
 * @param winChance a fixed chance per instant-win play in (0, 1]; null paces the chance so the stock lasts the
 *     campaign's period (decision 114)
 */
public record CourseDraft(
        String name,
        Mechanic mechanic,
        List<PrizeDraft> prizes,
        @Nullable Integer pointsNeeded,
        @Nullable Long minTotalYen,
        ChancesPer chancesPer,
        int maxWinsPerEntrant,
        @Nullable Double winChance) {

    /** An instant-win course of these prizes, one chance per entry, one win per entrant, paced. */
    public static CourseDraft instantWin(String name, List<PrizeDraft> prizes) {
        return new CourseDraft(name, Mechanic.INSTANT_WIN, prizes, null, null, ChancesPer.ENTRY, 1, null);
    }

    public CourseDraft withWinChance(@Nullable Double chance) {
        return new CourseDraft(
                name, mechanic, prizes, pointsNeeded, minTotalYen, chancesPer, maxWinsPerEntrant, chance);
    }

    public CourseDraft withMaxWinsPerEntrant(int max) {
        return new CourseDraft(name, mechanic, prizes, pointsNeeded, minTotalYen, chancesPer, max, winChance);
    }
}
