package jp.tokuten.lottery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.tokuten.lottery.DrawAlgorithm.Chance;
import org.jspecify.annotations.Nullable;

/**
 * The public record of a closed draw, served without sign-in at {@code /c/{slug}/draws/{id}.json} and read
 * by {@code draw verify}: nothing personal, only pseudonyms. Before the run it carries the commitment and
 * the parameters; after it also the seed, the list of chances, its digest and the winners
 * ({@code docs/draws.md}).
 *
 * @param algorithm {@link DrawAlgorithm#VERSION}
 * @param redrawOf the draw this one re-draws lapsed wins of, or null
 * @param campaign the campaign's id
 * @param course the course's name
 * @param status {@code committed} (created, not yet run) or {@code drawn}
 * @param winnersWanted how many winners the draw picks (fixed at creation)
 * @param maxWinsPerEntrant at most this many wins per entrant pseudonym (fixed at creation)
 * @param redrawOnLapse whether a win that lapses is re-drawn by itself (a new draw, {@code redrawOf} this one)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublishedDraw(
        String algorithm,
        UUID id,
        @Nullable UUID redrawOf,
        UUID campaign,
        String course,
        String status,
        Instant createdAt,
        String commitment,
        int winnersWanted,
        int maxWinsPerEntrant,
        boolean redrawOnLapse,
        @Nullable Instant drawnAt,
        @Nullable String seed,
        @Nullable String entriesDigest,
        @Nullable List<Chance> entries,
        @Nullable List<String> winners) {}
