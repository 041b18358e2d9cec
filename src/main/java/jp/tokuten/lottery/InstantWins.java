package jp.tokuten.lottery;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.Entrants;
import jp.tokuten.receipts.CampaignEntries;
import jp.tokuten.receipts.EntryView;
import jp.tokuten.rewards.Awards;
import jp.tokuten.rewards.NewAward;
import jp.tokuten.rewards.Points;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Instant win (即時当選): an approved entry plays a course of its campaign and learns at once whether it won.
 * The result is drawn on the server ({@link SecureRandom}) at the course's chance (paced, or fixed) and
 * recorded before it is answered; asking again answers the recorded play (docs/modules/lottery.md). A win
 * takes a unit of stock and counts under the entrant's cap, each one conditional statement, and is handed to
 * {@code rewards} ({@link Awards#grant}) in the same transaction. Refusals: 404 {@code not_found} (an unknown
 * entry or course, another tenant's alike), 409 {@code entry_not_approved}, {@code wrong_campaign},
 * {@code not_instant_win}, {@code entrant_blocked}, {@code insufficient_points}.
 */
@Service
public class InstantWins {

    private static final Logger log = LoggerFactory.getLogger(InstantWins.class);
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /** How long one node reuses a course's paced chance before counting its plays again. */
    static final Duration CHANCE_TTL = Duration.ofSeconds(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Courses courses;
    private final Stock stock;
    private final CampaignEntries entries;
    private final Campaigns campaigns;
    private final Entrants entrants;
    private final Awards awards;
    private final Points points;
    private final TransactionTemplate nested;
    private final Clock clock;
    private final Map<UUID, Paced> paced = new ConcurrentHashMap<>();

    /**
     * What a course's chance was computed from, and the plays this node has made of it since: each play counts
     * itself into the rate, so a burst lowers the chance at once instead of after {@link #CHANCE_TTL}.
     */
    private record Paced(long stockLeft, Instant end, long recent, Duration window, Instant at, AtomicLong since) {
        double chance(Instant now, boolean play) {
            long plays = recent + (play ? since.incrementAndGet() : since.get() + 1);
            return Pacing.chance(stockLeft, Duration.between(now, end), plays, window);
        }
    }

    InstantWins(
            JdbcClient jdbc,
            Courses courses,
            Stock stock,
            CampaignEntries entries,
            Campaigns campaigns,
            Entrants entrants,
            Awards awards,
            Points points,
            TransactionTemplate tx,
            Clock clock) {
        this.jdbc = jdbc;
        this.courses = courses;
        this.stock = stock;
        this.entries = entries;
        this.campaigns = campaigns;
        this.entrants = entrants;
        this.awards = awards;
        this.points = points;
        this.nested = new TransactionTemplate(tx.getTransactionManager());
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    /**
     * The entry plays the course: the recorded play when this chance was played before, else a new one drawn,
     * recorded and (when it wins) handed to {@code rewards}, all in this transaction.
     */
    @Transactional
    public PlayView play(UUID entryId, UUID courseId) {
        TenantBinder.required();
        EntryView entry = entries.find(entryId).orElseThrow(() -> new ProblemException(404, "not_found"));
        CourseView course = courses.require(courseId);
        if (!course.campaignId().equals(entry.campaignId())) {
            throw new ProblemException(409, "wrong_campaign");
        }
        if (course.mechanic() != Mechanic.INSTANT_WIN) {
            throw new ProblemException(409, "not_instant_win");
        }
        UUID key = course.chancesPer() == ChancesPer.ENTRANT ? entry.entrantId() : entry.id();
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param(courseId + "/" + key)
                .query((rs, n) -> 1)
                .list();
        Optional<PlayView> before = recorded(courseId, key);
        if (before.isPresent()) {
            return before.get();
        }
        if (!"approved".equals(entry.status())) {
            throw new ProblemException(409, "entry_not_approved");
        }
        if (entrants.find(entry.entrantId()).map(e -> e.blocked()).orElse(true)) {
            throw new ProblemException(409, "entrant_blocked");
        }
        Long min = course.minTotalYen();
        if (min != null && Wins.qualifyingTotal(entries, course, entry) < min) {
            throw new ProblemException(409, "below_min_total", min).with("minTotalYen", min);
        }
        Integer needed = course.pointsNeeded();
        if (needed != null) {
            points.spend(entry.entrantId(), course.campaignId(), needed, "lottery:" + courseId);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        double chance = course.winChance() != null ? course.winChance() : pacedChance(course, now, true);
        Win win = RANDOM.nextDouble() < chance ? win(course, entry) : null;
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("""
                insert into lottery.plays (id, course_id, chance_key, entry_id, entrant_id, campaign_id, result,
                    prize_id, award_id, chance, played_at)
                values (:id, :course, :key, :entry, :entrant, :campaign, :result, :prize, :award, :chance, :now)""")
                .param("id", id)
                .param("course", courseId)
                .param("key", key)
                .param("entry", entryId)
                .param("entrant", entry.entrantId())
                .param("campaign", course.campaignId())
                .param("result", win == null ? "lose" : "win")
                .param("prize", win == null ? null : win.prize().id())
                .param("award", win == null ? null : win.award())
                .param("chance", chance)
                .param("now", Timestamp.from(now))
                .update();
        return new PlayView(
                id,
                entryId,
                courseId,
                entry.entrantId(),
                win != null,
                win == null ? null : win.prize(),
                win == null ? null : win.award(),
                chance,
                now);
    }

    private record Win(PrizeView prize, UUID award) {}

    /**
     * A draw that won: the entrant's cap, a unit of stock, the award. Under a savepoint, so that when any of
     * them refuses (the cap reached, the stock gone, the award refused: e.g. a gift-code pool empty) what was
     * taken is given back and the play is a loss.
     */
    private @Nullable Win win(CourseView course, EntryView entry) {
        try {
            return nested.execute(status -> {
                if (!stock.countWin(course.id(), entry.entrantId(), course.maxWinsPerEntrant())) {
                    return null;
                }
                Optional<UUID> unit = stock.take(course.id());
                if (unit.isEmpty()) {
                    status.setRollbackOnly();
                    return null;
                }
                PrizeView prize = course.prizes().stream()
                        .filter(p -> p.id().equals(unit.get()))
                        .findFirst()
                        .orElseThrow();
                var award = awards.grant(
                        Wins.award(course, prize, entry.entrantId(), entry.id(), NewAward.Source.INSTANT_WIN));
                return new Win(prize, award.id());
            });
        } catch (ProblemException refused) {
            log.warn("instant win of course {} not awarded, played as a loss: {}", course.id(), refused.code());
            return null;
        }
    }

    /** The play recorded for the entry and course, if it has played. */
    @Transactional(readOnly = true)
    public Optional<PlayView> find(UUID entryId, UUID courseId) {
        EntryView entry = entries.find(entryId).orElseThrow(() -> new ProblemException(404, "not_found"));
        CourseView course = courses.require(courseId);
        UUID key = course.chancesPer() == ChancesPer.ENTRANT ? entry.entrantId() : entry.id();
        return recorded(courseId, key);
    }

    /** The instant-win courses an entry may play, with its play of each when it has played. */
    @Transactional(readOnly = true)
    public List<Chance> chancesOf(UUID entryId) {
        EntryView entry = entries.find(entryId).orElseThrow(() -> new ProblemException(404, "not_found"));
        return courses.list(entry.campaignId()).stream()
                .filter(c -> c.mechanic() == Mechanic.INSTANT_WIN)
                .map(c -> new Chance(
                        c,
                        recorded(c.id(), c.chancesPer() == ChancesPer.ENTRANT ? entry.entrantId() : entry.id())
                                .orElse(null)))
                .toList();
    }

    /** An instant-win course an entry may play, and its play when it has played. */
    public record Chance(CourseView course, @Nullable PlayView play) {}

    private Optional<PlayView> recorded(UUID course, UUID key) {
        return jdbc.sql("select * from lottery.plays where course_id = ? and chance_key = ?")
                .params(course, key)
                .query(this::map)
                .optional();
    }

    private PlayView map(ResultSet rs, int row) throws SQLException {
        UUID prizeId = rs.getObject("prize_id", UUID.class);
        UUID course = rs.getObject("course_id", UUID.class);
        PrizeView prize = prizeId == null
                ? null
                : courses.require(course).prizes().stream()
                        .filter(p -> p.id().equals(prizeId))
                        .findFirst()
                        .orElse(null);
        return new PlayView(
                rs.getObject("id", UUID.class),
                rs.getObject("entry_id", UUID.class),
                course,
                rs.getObject("entrant_id", UUID.class),
                "win".equals(rs.getString("result")),
                prize,
                rs.getObject("award_id", UUID.class),
                rs.getDouble("chance"),
                rs.getTimestamp("played_at").toInstant());
    }

    /**
     * The course's paced chance now (docs/modules/lottery.md, "Pacing"): its stock left, the time left of the
     * campaign's period and the plays of the last day, read at most every {@link #CHANCE_TTL} per node; between
     * reads each play of this node counts itself into the plays (so a launch burst does not play at the chance
     * of the first play for five seconds). {@code play}: this call is a play, and counts.
     */
    double pacedChance(CourseView course, Instant now, boolean play) {
        Paced cached = paced.get(course.id());
        if (cached != null
                && !now.isBefore(cached.at())
                && now.isBefore(cached.at().plus(CHANCE_TTL))) {
            return cached.chance(now, play);
        }
        CampaignView campaign = campaigns.require(course.campaignId());
        Instant since = now.minus(Pacing.RATE_WINDOW);
        var counts = jdbc.sql("""
                select (select min(played_at) from lottery.plays where course_id = :course) as first,
                       (select count(*) from lottery.plays where course_id = :course and played_at > :since) as recent""")
                .param("course", course.id())
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new Object[] {rs.getTimestamp("first"), rs.getLong("recent")})
                .single();
        Instant first = counts[0] == null ? now : ((Timestamp) counts[0]).toInstant();
        var fresh = new Paced(
                stock.left(course.id()),
                end(campaign),
                (Long) counts[1],
                Pacing.window(Duration.between(first, now)),
                now,
                new AtomicLong());
        paced.put(course.id(), fresh);
        return fresh.chance(now, play);
    }

    /** The end of a campaign's period for pacing: the end of its entry period's last day plus the upload grace. */
    static Instant end(CampaignView campaign) {
        return campaign.entryPeriod()
                .to()
                .plusDays(campaign.uploadGraceDays() + 1L)
                .atStartOfDay(TOKYO)
                .toInstant();
    }

    /** The start of a campaign's period for pacing: the start of its entry period's first day. */
    static Instant start(CampaignView campaign) {
        return campaign.entryPeriod().from().atStartOfDay(TOKYO).toInstant();
    }
}
