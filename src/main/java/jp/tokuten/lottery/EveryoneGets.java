package jp.tokuten.lottery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.tokuten.identity.Entrants;
import jp.tokuten.receipts.CampaignEntries;
import jp.tokuten.receipts.EntryView;
import jp.tokuten.rewards.AwardView;
import jp.tokuten.rewards.Awards;
import jp.tokuten.rewards.NewAward;
import jp.tokuten.rewards.Points;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Everyone-gets courses (もれなく, ベタ付け; decision 150), on the bound tenant. A course without points needed
 * gives its prize to every approved entry that qualifies, when it is approved ({@link #entryApproved}): one
 * per entry, per receipt or per entrant as the course says, when the receipts total at least the course's
 * {@code minTotalYen}, under the entrant's cap ({@code maxWinsPerEntrant}) and while stock lasts. A course
 * that needs points gives it when an entrant exchanges them ({@link #exchange}). Each gift is a recorded
 * play that won, keyed like an instant-win chance, so an approval seen twice gives nothing twice; stock and
 * cap are the same single conditional statements as the instant win's (docs/modules/lottery.md).
 */
@Service
public class EveryoneGets {

    private static final Logger log = LoggerFactory.getLogger(EveryoneGets.class);

    private final JdbcClient jdbc;
    private final Courses courses;
    private final Stock stock;
    private final CampaignEntries entries;
    private final Entrants entrants;
    private final Awards awards;
    private final Points points;
    private final TransactionTemplate nested;
    private final Clock clock;

    EveryoneGets(
            JdbcClient jdbc,
            Courses courses,
            Stock stock,
            CampaignEntries entries,
            Entrants entrants,
            Awards awards,
            Points points,
            PlatformTransactionManager tx,
            Clock clock) {
        this.jdbc = jdbc;
        this.courses = courses;
        this.stock = stock;
        this.entries = entries;
        this.entrants = entrants;
        this.awards = awards;
        this.points = points;
        this.nested = new TransactionTemplate(tx);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /** What an exchange of points gave: the award and the balance left. */
    public record Exchange(UUID playId, UUID courseId, UUID entrantId, PrizeView prize, UUID awardId, long balance) {}

    /**
     * An entry of the bound tenant was approved: every everyone-gets course of its campaign that needs no
     * points gives what the entry qualifies for and has not been given yet. Runs in the approving
     * transaction; a course out of stock or an entrant at the cap gets nothing (recorded as a loss, so that
     * stock added later does not give it out of order).
     */
    @Transactional
    public List<PlayView> entryApproved(UUID entryId) {
        EntryView entry = entries.find(entryId).orElse(null);
        if (entry == null || !"approved".equals(entry.status())) {
            return List.of();
        }
        if (entrants.find(entry.entrantId()).map(e -> e.blocked()).orElse(true)) {
            return List.of();
        }
        List<PlayView> given = new ArrayList<>();
        for (CourseView course : courses.list(entry.campaignId())) {
            if (course.mechanic() != Mechanic.EVERYONE || course.pointsNeeded() != null) {
                continue;
            }
            Long min = course.minTotalYen();
            if (min != null && Wins.qualifyingTotal(entries, course, entry) < min) {
                continue;
            }
            for (UUID key : keys(course, entry)) {
                lock(course.id(), key);
                if (recorded(course.id(), key)) {
                    continue;
                }
                var win = give(course, entry.entrantId(), entry.id());
                given.add(record(course, key, entry.id(), entry.entrantId(), win, "everyone"));
            }
        }
        return given;
    }

    /**
     * An entrant exchanges points for the prize of an everyone-gets course that needs them: the points spent
     * (the balance never goes below zero), a win counted under the cap and a unit of stock, all or nothing.
     * Refusals 404 {@code not_found}, 409 {@code not_everyone}, {@code points_not_accepted},
     * {@code entrant_blocked}, {@code insufficient_points}, {@code max_wins_reached}, {@code out_of_stock};
     * 422 {@code invalid_entrant_id}.
     */
    @Transactional
    public Exchange exchange(UUID courseId, UUID entrantId) {
        CourseView course = courses.find(courseId).orElseThrow(() -> new ProblemException(404, "not_found"));
        if (course.mechanic() != Mechanic.EVERYONE) {
            throw new ProblemException(409, "not_everyone");
        }
        Integer needed = course.pointsNeeded();
        if (needed == null) {
            throw new ProblemException(409, "points_not_accepted");
        }
        var entrant = entrants.find(entrantId)
                .orElseThrow(() -> new ProblemException(422, "invalid_entrant_id").with("field", "entrantId"));
        if (entrant.blocked()) {
            throw new ProblemException(409, "entrant_blocked");
        }
        long balance = points.spend(entrantId, course.campaignId(), needed, "exchange:" + courseId);
        if (!stock.countWin(course.id(), entrantId, course.maxWinsPerEntrant())) {
            throw new ProblemException(409, "max_wins_reached");
        }
        UUID unit = stock.take(course.id()).orElseThrow(() -> new ProblemException(409, "out_of_stock"));
        PrizeView prize = prize(course, unit);
        AwardView award = awards.grant(Wins.award(course, prize, entrantId, null, NewAward.Source.POINTS));
        var play = record(course, UUID.randomUUID(), null, entrantId, new Win(prize, award.id()), "exchange");
        return new Exchange(play.id(), courseId, entrantId, prize, award.id(), balance);
    }

    private record Win(PrizeView prize, UUID award) {}

    /** Cap, stock, award under a savepoint: any refusal gives back what was taken and gives nothing. */
    private @Nullable Win give(CourseView course, UUID entrantId, UUID entryId) {
        try {
            return nested.execute(status -> {
                if (!stock.countWin(course.id(), entrantId, course.maxWinsPerEntrant())) {
                    return null;
                }
                var unit = stock.take(course.id());
                if (unit.isEmpty()) {
                    status.setRollbackOnly();
                    return null;
                }
                PrizeView prize = prize(course, unit.get());
                var award = awards.grant(Wins.award(course, prize, entrantId, entryId, NewAward.Source.EVERYONE));
                return new Win(prize, award.id());
            });
        } catch (ProblemException refused) {
            log.warn("everyone-gets course {} gave nothing to entry {}: {}", course.id(), entryId, refused.code());
            return null;
        }
    }

    private static PrizeView prize(CourseView course, UUID prizeId) {
        return course.prizes().stream()
                .filter(p -> p.id().equals(prizeId))
                .findFirst()
                .orElseThrow();
    }

    /** The keys of what an entry qualifies for: itself, each of its receipts, or its entrant. */
    private static List<UUID> keys(CourseView course, EntryView entry) {
        return switch (course.chancesPer()) {
            case ENTRY -> List.of(entry.id());
            case RECEIPT -> entry.submissions().isEmpty() ? List.of(entry.id()) : entry.submissions();
            case ENTRANT -> List.of(entry.entrantId());
        };
    }

    private void lock(UUID course, UUID key) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param(course + "/" + key)
                .query((rs, n) -> 1)
                .list();
    }

    private boolean recorded(UUID course, UUID key) {
        return jdbc.sql("select exists (select 1 from lottery.plays where course_id = ? and chance_key = ?)")
                .params(course, key)
                .query(Boolean.class)
                .single();
    }

    private PlayView record(
            CourseView course, UUID key, @Nullable UUID entryId, UUID entrantId, @Nullable Win win, String source) {
        UUID id = TimeOrderedIds.next(clock);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("""
                insert into lottery.plays (id, course_id, chance_key, entry_id, entrant_id, campaign_id, result,
                    prize_id, award_id, chance, played_at, source)
                values (:id, :course, :key, :entry, :entrant, :campaign, :result, :prize, :award, 1, :now, :source)""")
                .param("id", id)
                .param("course", course.id())
                .param("key", key)
                .param("entry", entryId)
                .param("entrant", entrantId)
                .param("campaign", course.campaignId())
                .param("result", win == null ? "lose" : "win")
                .param("prize", win == null ? null : win.prize().id())
                .param("award", win == null ? null : win.award())
                .param("now", Timestamp.from(now))
                .param("source", source)
                .update();
        return new PlayView(
                id,
                entryId,
                course.id(),
                entrantId,
                win != null,
                win == null ? null : win.prize(),
                win == null ? null : win.award(),
                1,
                now);
    }
}
