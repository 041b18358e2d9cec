package jp.tokuten.lottery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A closed draw as its tenant sees it: the commitment from creation; the seed, the digest of the list and the
 * winners (with the entries, entrants, prizes and awards they stand for) once run.
 *
 * @param redrawOf the first draw, for a re-draw of lapsed wins
 * @param status {@code committed} or {@code drawn}
 * @param chances how many chances the list had, once drawn
 */
public record DrawView(
        UUID id,
        UUID campaignId,
        UUID courseId,
        String courseName,
        @Nullable UUID redrawOf,
        String status,
        String commitment,
        @Nullable String seed,
        @Nullable String entriesDigest,
        @Nullable Integer chances,
        int winnersWanted,
        int maxWinsPerEntrant,
        boolean redrawOnLapse,
        Instant createdAt,
        @Nullable Instant drawnAt,
        List<Winner> winners) {

    /** A winning chance, in the order drawn ({@code rank} from 1), and what it won. */
    public record Winner(
            int rank,
            String chance,
            @Nullable UUID entryId,
            UUID entrantId,
            UUID prizeId,
            String prizeName,
            UUID awardId) {}

    public boolean drawn() {
        return status.equals("drawn");
    }
}
