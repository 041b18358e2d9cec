package jp.tokuten.lottery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.lottery.DrawAlgorithm.Chance;
import jp.tokuten.receipts.ApprovedEntries;
import jp.tokuten.rewards.AwardView;
import jp.tokuten.rewards.Awards;
import jp.tokuten.rewards.EntrantNotices;
import jp.tokuten.rewards.NewAward;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closed draws (クローズド抽選) of the bound tenant's courses, verifiable by anyone (docs/draws.md): created with a
 * secret seed whose SHA-256 is published at once, run once after the campaign's period over the approved
 * entries' chances (entrants blocked left out), each winner's prize taken from the course's stock and handed
 * to {@code rewards} in the same transaction; re-draws of lapsed wins published the same way.
 */
@Service
public class Draws {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private static final String SELECT = """
            select d.*, c.name as course_name from lottery.draws d
              join lottery.courses c on c.tenant_id = d.tenant_id and c.id = d.course_id""";

    private final JdbcClient jdbc;
    private final Courses courses;
    private final Campaigns campaigns;
    private final ApprovedEntries entries;
    private final PointChances pointChances;
    private final Awards awards;
    private final EntrantNotices entrantNotices;
    private final AuditTrail audit;
    private final Clock clock;

    Draws(
            JdbcClient jdbc,
            Courses courses,
            Campaigns campaigns,
            ApprovedEntries entries,
            PointChances pointChances,
            Awards awards,
            EntrantNotices entrantNotices,
            AuditTrail audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.courses = courses;
        this.campaigns = campaigns;
        this.entries = entries;
        this.pointChances = pointChances;
        this.awards = awards;
        this.entrantNotices = entrantNotices;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates the draw of a closed-draw course and commits to its seed: {@code winnersWanted} is the course's
     * stock left, {@code maxWinsPerEntrant} the course's cap, both fixed now. One draw per course. Refusals
     * 404 {@code not_found} (campaign), 422 {@code invalid_course_id}, 409 {@code wrong_campaign},
     * {@code not_closed_draw}, {@code no_stock}, {@code draw_exists}.
     */
    @Transactional
    public DrawView create(UUID campaignId, UUID courseId, boolean redrawOnLapse) {
        campaigns.find(campaignId).orElseThrow(() -> new ProblemException(404, "not_found"));
        CourseView course = courses.find(courseId)
                .orElseThrow(() -> new ProblemException(422, "invalid_course_id").with("field", "courseId"));
        if (!course.campaignId().equals(campaignId)) {
            throw new ProblemException(409, "wrong_campaign").detail("draws.problem.course_of_other_campaign");
        }
        if (course.mechanic() != Mechanic.CLOSED_DRAW) {
            throw new ProblemException(409, "not_closed_draw");
        }
        boolean drawn = jdbc.sql(
                        "select exists (select 1 from lottery.draws where course_id = :course and redraw_of is null)")
                .param("course", courseId)
                .query(Boolean.class)
                .single();
        if (drawn) {
            throw new ProblemException(409, "draw_exists");
        }
        long wanted = course.remaining();
        if (wanted < 1) {
            throw new ProblemException(409, "no_stock");
        }
        UUID id = TimeOrderedIds.next(clock);
        byte[] seed = DrawAlgorithm.newSeed();
        String commitment = DrawAlgorithm.commitment(seed);
        int inserted = jdbc.sql("""
                        insert into lottery.draws (id, campaign_id, course_id, seed_secret, commitment, winners_wanted,
                            max_wins_per_entrant, redraw_on_lapse, created_at)
                        values (:id, :campaign, :course, :seed, :commitment, :wanted, :cap, :redraw, :now)
                        on conflict (tenant_id, course_id) where redraw_of is null do nothing""")
                .param("id", id)
                .param("campaign", campaignId)
                .param("course", courseId)
                .param("seed", seed)
                .param("commitment", commitment)
                .param("wanted", (int) Math.min(wanted, 10_000_000))
                .param("cap", course.maxWinsPerEntrant())
                .param("redraw", redrawOnLapse)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        if (inserted == 0) {
            throw new ProblemException(409, "draw_exists");
        }
        audit.record(
                "lottery.draw_created",
                null,
                Map.of("draw", id, "campaign", campaignId, "course", courseId, "commitment", commitment));
        return require(id);
    }

    /**
     * Runs a draw, once: the list of chances (pseudonyms), the winners by {@link DrawAlgorithm}, for each winner
     * a unit of stock (prizes in the course's order), a win counted for the entrant and an award granted,
     * then the seed revealed. A first draw runs only after the campaign's period (its entry period and upload
     * grace) and when no entry is still undecided. Refusals 404 {@code not_found}, 409 {@code already_drawn},
     * {@code campaign_not_ended}, {@code entries_undecided}, {@code stock_below_draw}.
     */
    @Transactional
    public DrawView run(UUID drawId) {
        Row draw = jdbc.sql("select * from lottery.draws where id = :id for update")
                .param("id", drawId)
                .query(Draws::row)
                .optional()
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        if (draw.drawn()) {
            throw new ProblemException(409, "already_drawn").detail("draws.problem.already_drawn");
        }
        CourseView course = courses.require(draw.courseId());
        List<Ticket> tickets;
        List<UUID> prizes;
        if (draw.redrawOf() == null) {
            CampaignView campaign = campaigns.require(draw.campaignId());
            LocalDate today = LocalDate.now(clock.withZone(TOKYO));
            LocalDate lastDay = campaign.entryPeriod().to().plusDays(campaign.uploadGraceDays());
            if (!today.isAfter(lastDay)) {
                throw new ProblemException(409, "campaign_not_ended", lastDay.toString())
                        .with("lastDay", lastDay.toString());
            }
            if (course.pointsNeeded() == null && entries.undecided(draw.campaignId()) > 0) {
                throw new ProblemException(409, "entries_undecided");
            }
            if (course.remaining() < draw.wanted()) {
                throw new ProblemException(409, "stock_below_draw");
            }
            tickets =
                    course.pointsNeeded() == null ? firstTickets(course, draw.campaignId()) : pointTickets(course.id());
            prizes = null;
        } else {
            tickets = remainingTickets(draw.redrawOf(), course);
            prizes = jdbc.sql("""
                            select prize_id from lottery.draw_lapses where redraw_id = :draw
                             order by lapsed_at, award_id""").param("draw", drawId).query(UUID.class).list();
        }
        List<Chance> list = tickets.stream().map(Ticket::chance).toList();
        List<String> won = DrawAlgorithm.winners(draw.seed(), list, draw.wanted(), draw.maxWins());
        insertChances(drawId, tickets);

        Map<String, Ticket> byChance = new HashMap<>();
        tickets.forEach(t -> byChance.put(t.chance().id(), t));
        Map<UUID, PrizeView> prizeById = new HashMap<>();
        course.prizes().forEach(p -> prizeById.put(p.id(), p));
        int rank = 0;
        for (String chance : won) {
            Ticket ticket = byChance.get(chance);
            UUID prizeId = prizes == null ? takeUnit(course.id()) : prizes.get(rank);
            rank++;
            countWin(course, ticket.entrantId());
            PrizeView prize = prizeById.get(prizeId);
            AwardView award =
                    awards.grant(Wins.award(course, prize, ticket.entrantId(), ticket.entryId(), NewAward.Source.DRAW));
            jdbc.sql("""
                            insert into lottery.draw_winners (draw_id, rank, chance, entry_id, entrant_id, prize_id, award_id)
                            values (:draw, :rank, :chance, :entry, :entrant, :prize, :award)""")
                    .param("draw", drawId)
                    .param("rank", rank)
                    .param("chance", chance)
                    .param("entry", ticket.entryId())
                    .param("entrant", ticket.entrantId())
                    .param("prize", prizeId)
                    .param("award", award.id())
                    .update();
        }
        if (draw.redrawOf() == null) {
            // everyone with a chance who did not win is told so by e-mail (decision 151)
            var losers = new java.util.LinkedHashSet<UUID>();
            tickets.forEach(t -> losers.add(t.entrantId()));
            won.forEach(chance -> losers.remove(byChance.get(chance).entrantId()));
            entrantNotices.notWon(draw.campaignId(), drawId, losers);
        }
        String digest = DrawAlgorithm.entriesDigest(list);
        int updated = jdbc.sql("""
                        update lottery.draws set status = 'drawn', drawn_at = :now, chances = :chances,
                               entries_digest = :digest
                         where id = :id and status = 'committed'""")
                .param("now", Timestamp.from(clock.instant()))
                .param("chances", list.size())
                .param("digest", digest)
                .param("id", drawId)
                .update();
        if (updated != 1) {
            throw new ProblemException(409, "already_drawn").detail("draws.problem.already_drawn");
        }
        audit.record(
                "lottery.draw_run",
                null,
                Map.of("draw", drawId, "chances", list.size(), "winners", won.size(), "entriesDigest", digest));
        return require(drawId);
    }

    /**
     * Creates a re-draw of the lapsed wins of {@code drawId}'s first draw not re-drawn yet, committing to a new
     * seed; {@link #run} draws it over the chances left. Refusals 404 {@code not_found}, 409
     * {@code nothing_to_redraw}.
     */
    @Transactional
    public DrawView redraw(UUID drawId) {
        Row draw = jdbc.sql("select * from lottery.draws where id = :id")
                .param("id", drawId)
                .query(Draws::row)
                .optional()
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        UUID first = draw.redrawOf() == null ? draw.id() : draw.redrawOf();
        Row root = draw.redrawOf() == null ? draw : require(first, Draws::row);
        UUID id = TimeOrderedIds.next(clock);
        byte[] seed = DrawAlgorithm.newSeed();
        String commitment = DrawAlgorithm.commitment(seed);
        jdbc.sql("""
                        insert into lottery.draws (id, campaign_id, course_id, redraw_of, seed_secret, commitment,
                            winners_wanted, max_wins_per_entrant, redraw_on_lapse, created_at)
                        values (:id, :campaign, :course, :first, :seed, :commitment, 0, 1, :redraw, :now)""")
                .param("id", id)
                .param("campaign", root.campaignId())
                .param("course", root.courseId())
                .param("first", first)
                .param("seed", seed)
                .param("commitment", commitment)
                .param("redraw", root.redrawOnLapse())
                .param("now", Timestamp.from(clock.instant()))
                .update();
        // claims the lapses not re-drawn yet in one statement, so two re-draws at once cannot both take one
        int claimed = jdbc.sql("""
                        update lottery.draw_lapses set redraw_id = :id
                         where first_draw = :first and redraw_id is null""").param("id", id).param("first", first).update();
        if (claimed == 0) {
            throw new ProblemException(409, "nothing_to_redraw");
        }
        jdbc.sql("update lottery.draws set winners_wanted = :n where id = :id")
                .param("n", claimed)
                .param("id", id)
                .update();
        audit.record(
                "lottery.redraw_created",
                null,
                Map.of("draw", id, "redrawOf", first, "lapses", claimed, "commitment", commitment));
        return require(id);
    }

    /**
     * Records that a draw's award lapsed (rewards' {@code AwardLapsed}), once; answers the first draw when the
     * award was a draw's and was not recorded before, and whether that draw re-draws lapsed wins.
     */
    @Transactional
    public Optional<Lapse> lapsed(UUID awardId) {
        return jdbc.sql("""
                        insert into lottery.draw_lapses (award_id, draw_id, first_draw, entrant_id, prize_id, lapsed_at)
                        select w.award_id, w.draw_id, coalesce(d.redraw_of, d.id), w.entrant_id, w.prize_id, :now
                          from lottery.draw_winners w
                          join lottery.draws d on d.tenant_id = w.tenant_id and d.id = w.draw_id
                         where w.award_id = :award
                        on conflict (tenant_id, award_id) do nothing
                        returning first_draw""")
                .param("award", awardId)
                .param("now", Timestamp.from(clock.instant()))
                .query(UUID.class)
                .optional()
                .map(first -> new Lapse(first, require(first, Draws::row).redrawOnLapse()));
    }

    /** A lapse recorded: the first draw it belongs to and whether that draw re-draws lapsed wins by itself. */
    public record Lapse(UUID firstDraw, boolean redrawOnLapse) {}

    @Transactional(readOnly = true)
    public Optional<DrawView> find(UUID id) {
        return jdbc.sql(SELECT + " where d.id = :id")
                .param("id", id)
                .query(this::view)
                .optional();
    }

    @Transactional(readOnly = true)
    public DrawView require(UUID id) {
        return find(id).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    /** The draws of a campaign, first draws and their re-draws, oldest first; 404 {@code not_found} for no campaign. */
    @Transactional(readOnly = true)
    public List<DrawView> ofCampaign(UUID campaignId) {
        campaigns.find(campaignId).orElseThrow(() -> new ProblemException(404, "not_found"));
        return jdbc.sql(SELECT + " where d.campaign_id = :campaign order by d.created_at, d.id")
                .param("campaign", campaignId)
                .query(this::view)
                .list();
    }

    /** The public record of a draw (docs/draws.md): nothing personal, the seed and the list only once drawn. */
    @Transactional(readOnly = true)
    public Optional<PublishedDraw> published(UUID id) {
        return find(id).map(d -> {
            if (!d.drawn()) {
                return new PublishedDraw(
                        DrawAlgorithm.VERSION,
                        d.id(),
                        d.redrawOf(),
                        d.campaignId(),
                        d.courseName(),
                        d.status(),
                        d.createdAt(),
                        d.commitment(),
                        d.winnersWanted(),
                        d.maxWinsPerEntrant(),
                        d.redrawOnLapse(),
                        null,
                        null,
                        null,
                        null,
                        null);
            }
            List<Chance> list = jdbc.sql("""
                            select chance, entrant from lottery.draw_chances where draw_id = :id order by position""")
                    .param("id", id)
                    .query((rs, i) -> new Chance(rs.getString("chance"), rs.getString("entrant")))
                    .list();
            return new PublishedDraw(
                    DrawAlgorithm.VERSION,
                    d.id(),
                    d.redrawOf(),
                    d.campaignId(),
                    d.courseName(),
                    d.status(),
                    d.createdAt(),
                    d.commitment(),
                    d.winnersWanted(),
                    d.maxWinsPerEntrant(),
                    d.redrawOnLapse(),
                    d.drawnAt(),
                    d.seed(),
                    d.entriesDigest(),
                    list,
                    d.winners().stream().map(DrawView.Winner::chance).toList());
        });
    }

    /** One chance of a list with the entry and entrant it stands for (never published). */
    record Ticket(Chance chance, @Nullable UUID entryId, UUID entrantId) {}

    /** A first draw's chances: per entry, per receipt or per entrant, with fresh pseudonyms. */
    /**
     * The chances of a first draw: one per approved entry, per receipt or per entrant. A course with a least
     * receipt amount ({@code minTotalYen}) counts an entry (per entry, per receipt) only when its receipts
     * total at least that, and an entrant (per entrant) when their approved entries do together (decision
     * 150).
     */
    private List<Ticket> firstTickets(CourseView course, UUID campaignId) {
        ChancesPer per = course.chancesPer();
        Long min = course.minTotalYen();
        var approved = entries.of(campaignId);
        var totals = new HashMap<UUID, Long>();
        approved.forEach(e -> totals.merge(e.entrantId(), e.totalYen(), Long::sum));
        var entrants = new HashMap<UUID, String>();
        var tickets = new ArrayList<Ticket>();
        var seenEntrants = new LinkedHashMap<UUID, Boolean>();
        for (var entry : approved) {
            long counted = per == ChancesPer.ENTRANT ? totals.get(entry.entrantId()) : entry.totalYen();
            if (min != null && counted < min) {
                continue;
            }
            String entrant = entrants.computeIfAbsent(entry.entrantId(), e -> DrawAlgorithm.newPseudonym());
            int count = switch (per) {
                case ENTRY -> 1;
                case RECEIPT -> Math.max(1, entry.receipts());
                case ENTRANT -> seenEntrants.putIfAbsent(entry.entrantId(), true) == null ? 1 : 0;
            };
            for (int i = 0; i < count; i++) {
                tickets.add(new Ticket(
                        new Chance(DrawAlgorithm.newPseudonym(), entrant), entry.entryId(), entry.entrantId()));
            }
        }
        return tickets;
    }

    /** A points course's chances: one per chance bought (decision 119), in order, entrants blocked left out. */
    private List<Ticket> pointTickets(UUID courseId) {
        List<UUID> buyers = pointChances.entrantsOf(courseId);
        var blocked = entries.blocked(buyers.stream().distinct().toList());
        var pseudonyms = new HashMap<UUID, String>();
        return buyers.stream()
                .filter(b -> !blocked.contains(b))
                .map(b -> new Ticket(
                        new Chance(
                                DrawAlgorithm.newPseudonym(),
                                pseudonyms.computeIfAbsent(b, e -> DrawAlgorithm.newPseudonym())),
                        null,
                        b))
                .toList();
    }

    /**
     * A re-draw's chances: the first draw's list, in order, without the chances that won (in it or a re-draw),
     * the chances of lapsed winners, of entrants holding the course's cap of wins and of entrants blocked since.
     */
    private List<Ticket> remainingTickets(UUID first, CourseView course) {
        var tickets = jdbc.sql("""
                        select c.chance, c.entrant, c.entry_id, c.entrant_id from lottery.draw_chances c
                         where c.draw_id = :first
                           and c.chance not in (
                               select w.chance from lottery.draw_winners w
                                 join lottery.draws d on d.tenant_id = w.tenant_id and d.id = w.draw_id
                                where d.id = :first or d.redraw_of = :first)
                           and c.entrant_id not in (select l.entrant_id from lottery.draw_lapses l where l.first_draw = :first)
                           and c.entrant_id not in (
                               select w.entrant_id from lottery.entrant_wins w
                                where w.course_id = :course and w.wins >= :cap)
                         order by c.position""")
                .param("first", first)
                .param("course", course.id())
                .param("cap", course.maxWinsPerEntrant())
                .query((rs, i) -> new Ticket(
                        new Chance(rs.getString("chance"), rs.getString("entrant")),
                        rs.getObject("entry_id", UUID.class),
                        rs.getObject("entrant_id", UUID.class)))
                .list();
        var blocked = entries.blocked(
                tickets.stream().map(Ticket::entrantId).distinct().toList());
        return tickets.stream().filter(t -> !blocked.contains(t.entrantId())).toList();
    }

    /** The list in one statement (arrays unnested with their positions). */
    private void insertChances(UUID drawId, List<Ticket> tickets) {
        if (tickets.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into lottery.draw_chances (draw_id, position, chance, entrant, entry_id, entrant_id)
                        select :draw, t.n - 1, t.chance, t.entrant, t.entry, t.entrant_id
                          from unnest(:chances::text[], :entrants::text[], :entries::uuid[], :entrantIds::uuid[])
                               with ordinality as t(chance, entrant, entry, entrant_id, n)""")
                .param("draw", drawId)
                .param("chances", tickets.stream().map(t -> t.chance().id()).toArray(String[]::new))
                .param(
                        "entrants",
                        tickets.stream().map(t -> t.chance().entrant()).toArray(String[]::new))
                .param("entries", tickets.stream().map(Ticket::entryId).toArray(UUID[]::new))
                .param("entrantIds", tickets.stream().map(Ticket::entrantId).toArray(UUID[]::new))
                .update();
    }

    /** One unit of the course's stock, from its first prize (in the course's order) with units left. */
    private UUID takeUnit(UUID courseId) {
        return jdbc.sql("""
                        with pick as materialized (
                            select s.stripe from lottery.stock_stripes s
                              join lottery.prizes p on p.tenant_id = s.tenant_id and p.id = s.prize_id
                             where s.course_id = :course and s.remaining > 0
                             order by p.position, s.stripe
                             limit 1 for update of s)
                        update lottery.stock_stripes s set remaining = s.remaining - 1
                          from pick where s.course_id = :course and s.stripe = pick.stripe
                        returning s.prize_id""")
                .param("course", courseId)
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> new ProblemException(409, "stock_below_draw"));
    }

    /** The entrant's win of the course, counted only while below the course's cap (the draw already keeps it). */
    private void countWin(CourseView course, UUID entrantId) {
        int counted = jdbc.sql("""
                        insert into lottery.entrant_wins (course_id, entrant_id, wins) values (:course, :entrant, 1)
                        on conflict (tenant_id, course_id, entrant_id)
                        do update set wins = entrant_wins.wins + 1 where entrant_wins.wins < :cap""")
                .param("course", course.id())
                .param("entrant", entrantId)
                .param("cap", course.maxWinsPerEntrant())
                .update();
        if (counted != 1) {
            throw new ProblemException(409, "entrant_cap_reached");
        }
    }

    record Row(
            UUID id,
            UUID campaignId,
            UUID courseId,
            @Nullable UUID redrawOf,
            byte[] seed,
            int wanted,
            int maxWins,
            boolean redrawOnLapse,
            boolean drawn) {}

    static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getObject("campaign_id", UUID.class),
                rs.getObject("course_id", UUID.class),
                rs.getObject("redraw_of", UUID.class),
                rs.getBytes("seed_secret"),
                rs.getInt("winners_wanted"),
                rs.getInt("max_wins_per_entrant"),
                rs.getBoolean("redraw_on_lapse"),
                rs.getString("status").equals("drawn"));
    }

    private <T> T require(UUID id, org.springframework.jdbc.core.RowMapper<T> mapper) {
        return jdbc.sql("select * from lottery.draws where id = :id")
                .param("id", id)
                .query(mapper)
                .optional()
                .orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    private DrawView view(ResultSet rs, int i) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        boolean drawn = rs.getString("status").equals("drawn");
        List<DrawView.Winner> winners = drawn
                ? jdbc.sql("""
                                select w.*, p.name as prize_name from lottery.draw_winners w
                                  join lottery.prizes p on p.tenant_id = w.tenant_id and p.id = w.prize_id
                                 where w.draw_id = :id order by w.rank""")
                        .param("id", id)
                        .query((r, n) -> new DrawView.Winner(
                                r.getInt("rank"),
                                r.getString("chance"),
                                r.getObject("entry_id", UUID.class),
                                r.getObject("entrant_id", UUID.class),
                                r.getObject("prize_id", UUID.class),
                                r.getString("prize_name"),
                                r.getObject("award_id", UUID.class)))
                        .list()
                : List.of();
        Timestamp drawnAt = rs.getTimestamp("drawn_at");
        return new DrawView(
                id,
                rs.getObject("campaign_id", UUID.class),
                rs.getObject("course_id", UUID.class),
                rs.getString("course_name"),
                rs.getObject("redraw_of", UUID.class),
                rs.getString("status"),
                rs.getString("commitment"),
                drawn ? DrawAlgorithm.hex(rs.getBytes("seed_secret")) : null,
                rs.getString("entries_digest"),
                drawn ? rs.getInt("chances") : null,
                rs.getInt("winners_wanted"),
                rs.getInt("max_wins_per_entrant"),
                rs.getBoolean("redraw_on_lapse"),
                rs.getTimestamp("created_at").toInstant(),
                drawnAt == null ? null : drawnAt.toInstant(),
                winners);
    }
}
