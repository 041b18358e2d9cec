package jp.tokuten.lottery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bound tenant's courses (コース: A賞, B賞 …) of a campaign and their prizes. Creating a course splits each
 * prize's stock over stripes ({@code tokuten.lottery.stripes} per prize, 16 by default, never more than the
 * stock); changing a prize's stock moves what is left by the difference, never below what has been won.
 * Refusals: 422 {@code invalid_course} with the {@code field} at fault, 404 {@code not_found} (an unknown
 * campaign or course, another tenant's alike), 409 {@code stock_below_won} (with {@code field}),
 * {@code prize_won} (a prize taken out of a course after it was won), {@code course_played} (the mechanic
 * changed after plays).
 */
@Service
public class Courses {

    /** Most prizes one course has. */
    public static final int MAX_PRIZES = 50;

    /** Most courses one campaign has. */
    public static final int MAX_COURSES = 50;

    private static final int MAX_STRIPES = 1024;

    private final JdbcClient jdbc;
    private final Campaigns campaigns;
    private final AuditTrail audit;
    private final Clock clock;
    private final int stripes;

    Courses(
            JdbcClient jdbc,
            Campaigns campaigns,
            AuditTrail audit,
            Clock clock,
            @Value("${tokuten.lottery.stripes:16}") int stripes) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.audit = audit;
        this.clock = clock;
        this.stripes = Math.max(1, Math.min(16, stripes));
    }

    /** Adds a course, after the campaign's others, with its prizes and their stock. */
    @Transactional
    public CourseView create(UUID campaignId, CourseDraft draft) {
        TenantBinder.required();
        check(draft);
        campaigns.find(campaignId).orElseThrow(() -> new ProblemException(404, "not_found"));
        int count = jdbc.sql("select count(*) from lottery.courses where campaign_id = ?")
                .param(campaignId)
                .query(Integer.class)
                .single();
        if (count >= MAX_COURSES) {
            throw new ProblemException(422, "invalid_course").with("field", "campaign");
        }
        UUID id = TimeOrderedIds.next(clock);
        Instant now = clock.instant();
        jdbc.sql("""
                insert into lottery.courses (id, campaign_id, name, mechanic, points_needed, min_total_yen,
                    chances_per, max_wins_per_entrant, win_chance, position, created_at, updated_at)
                values (:id, :campaign, :name, :mechanic, :points, :minTotal, :chancesPer, :maxWins, :chance,
                    (select coalesce(max(position) + 1, 0) from lottery.courses where campaign_id = :campaign),
                    :now, :now)""")
                .param("id", id)
                .param("campaign", campaignId)
                .param("name", draft.name().strip())
                .param("mechanic", draft.mechanic().code())
                .param("points", draft.pointsNeeded())
                .param("minTotal", draft.minTotalYen())
                .param("chancesPer", draft.chancesPer().code())
                .param("maxWins", draft.maxWinsPerEntrant())
                .param("chance", draft.winChance())
                .param("now", Timestamp.from(now))
                .update();
        for (int i = 0; i < draft.prizes().size(); i++) {
            insertPrize(id, i, draft.prizes().get(i), now);
        }
        audit.record(
                "lottery.course_created",
                null,
                Map.of(
                        "campaign",
                        campaignId,
                        "course",
                        id,
                        "name",
                        draft.name().strip()));
        return require(id);
    }

    /**
     * Changes a course: its settings, and its prizes by position (a prize at a position that was not there is
     * added; one no longer listed is taken out, unless it has been won). A prize's stock may rise or fall,
     * never below what has been won of it; the mechanic may change only before the first play.
     */
    @Transactional
    public CourseView update(UUID courseId, CourseDraft draft) {
        check(draft);
        CourseView current = require(courseId);
        Instant now = clock.instant();
        if (current.mechanic() != draft.mechanic() && played(courseId)) {
            throw new ProblemException(409, "course_played").with("field", "mechanic");
        }
        jdbc.sql("""
                update lottery.courses set name = :name, mechanic = :mechanic, points_needed = :points,
                    min_total_yen = :minTotal, chances_per = :chancesPer, max_wins_per_entrant = :maxWins,
                    win_chance = :chance, updated_at = :now
                 where id = :id""")
                .param("id", courseId)
                .param("name", draft.name().strip())
                .param("mechanic", draft.mechanic().code())
                .param("points", draft.pointsNeeded())
                .param("minTotal", draft.minTotalYen())
                .param("chancesPer", draft.chancesPer().code())
                .param("maxWins", draft.maxWinsPerEntrant())
                .param("chance", draft.winChance())
                .param("now", Timestamp.from(now))
                .update();
        List<PrizeView> prizes = current.prizes();
        for (int i = 0; i < draft.prizes().size(); i++) {
            PrizeDraft p = draft.prizes().get(i);
            if (i < prizes.size()) {
                updatePrize(prizes.get(i), i, p, now);
            } else {
                insertPrize(courseId, i, p, now);
            }
        }
        for (int i = draft.prizes().size(); i < prizes.size(); i++) {
            PrizeView gone = prizes.get(i);
            if (gone.remaining() != gone.stock() || won(gone.id())) {
                throw new ProblemException(409, "prize_won").with("field", "prizes[" + i + "]");
            }
            jdbc.sql("delete from lottery.prizes where id = ?").param(gone.id()).update();
        }
        audit.record(
                "lottery.course_updated",
                null,
                Map.of("course", courseId, "name", draft.name().strip()));
        return require(courseId);
    }

    @Transactional(readOnly = true)
    public Optional<CourseView> find(UUID id) {
        return jdbc.sql(SELECT + " where c.id = ?").param(id).query(this::map).optional();
    }

    /** The course, or 404 {@code not_found}. */
    @Transactional(readOnly = true)
    public CourseView require(UUID id) {
        return find(id).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    /** A campaign's courses in order (404 {@code not_found} when the campaign is unknown). */
    @Transactional(readOnly = true)
    public List<CourseView> list(UUID campaignId) {
        campaigns.find(campaignId).orElseThrow(() -> new ProblemException(404, "not_found"));
        return jdbc.sql(SELECT + " where c.campaign_id = ? order by c.position, c.id")
                .param(campaignId)
                .query(this::map)
                .list();
    }

    private static final String SELECT = "select c.* from lottery.courses c";

    private CourseView map(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        double chance = rs.getDouble("win_chance");
        Double winChance = rs.wasNull() ? null : chance;
        return new CourseView(
                id,
                rs.getObject("campaign_id", UUID.class),
                rs.getString("name"),
                Mechanic.of(rs.getString("mechanic")).orElseThrow(),
                prizes(id),
                (Integer) rs.getObject("points_needed"),
                (Long) rs.getObject("min_total_yen"),
                ChancesPer.of(rs.getString("chances_per")).orElseThrow(),
                rs.getInt("max_wins_per_entrant"),
                winChance,
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private List<PrizeView> prizes(UUID course) {
        return jdbc.sql("""
                select p.*, (select coalesce(sum(s.remaining), 0) from lottery.stock_stripes s
                              where s.prize_id = p.id) as remaining
                  from lottery.prizes p where p.course_id = ? order by p.position""")
                .param(course)
                .query((rs, n) -> new PrizeView(
                        rs.getObject("id", UUID.class),
                        course,
                        rs.getString("name"),
                        rs.getInt("stock"),
                        rs.getInt("remaining"),
                        rs.getLong("value_yen"),
                        PrizeKind.of(rs.getString("kind")).orElseThrow(),
                        rs.getObject("gift_code_pool_id", UUID.class),
                        rs.getObject("coupon_id", UUID.class),
                        (Long) rs.getObject("payout_yen")))
                .list();
    }

    private boolean played(UUID course) {
        return jdbc.sql("select exists (select 1 from lottery.plays where course_id = ?)")
                .param(course)
                .query(Boolean.class)
                .single();
    }

    private boolean won(UUID prize) {
        return jdbc.sql("select exists (select 1 from lottery.plays where prize_id = ?)")
                .param(prize)
                .query(Boolean.class)
                .single();
    }

    private void insertPrize(UUID course, int position, PrizeDraft p, Instant now) {
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("""
                insert into lottery.prizes (id, course_id, position, name, stock, value_yen, kind,
                    gift_code_pool_id, coupon_id, payout_yen, created_at, updated_at)
                values (:id, :course, :position, :name, :stock, :value, :kind, :pool, :coupon, :payout, :now, :now)""")
                .paramSource(prizeParams(p)
                        .addValue("id", id)
                        .addValue("course", course)
                        .addValue("position", position)
                        .addValue("now", Timestamp.from(now)))
                .update();
        int n = Math.max(1, Math.min(stripes, p.stock()));
        int first = jdbc.sql("""
                update lottery.courses set stripe_count = stripe_count + :n where id = :course
                returning stripe_count - :n""")
                .param("n", n)
                .param("course", course)
                .query(Integer.class)
                .single();
        if (first + n > MAX_STRIPES) {
            throw new ProblemException(422, "invalid_course").with("field", "prizes");
        }
        jdbc.sql("""
                insert into lottery.stock_stripes (course_id, stripe, prize_id, remaining)
                select :course, :first + s, :prize, :stock / :n + case when s < :stock % :n then 1 else 0 end
                  from generate_series(0, :n - 1) s""")
                .param("course", course)
                .param("first", first)
                .param("prize", id)
                .param("stock", p.stock())
                .param("n", n)
                .update();
    }

    /**
     * Changes a prize; a change of stock moves the units left by the difference, with the prize's stripes
     * locked so that no win takes a unit meanwhile, and refuses to go below what has been won.
     */
    private void updatePrize(PrizeView current, int position, PrizeDraft p, Instant now) {
        jdbc.sql("""
                update lottery.prizes set name = :name, stock = :stock, value_yen = :value, kind = :kind,
                    gift_code_pool_id = :pool, coupon_id = :coupon, payout_yen = :payout, updated_at = :now
                 where id = :id""")
                .paramSource(prizeParams(p).addValue("id", current.id()).addValue("now", Timestamp.from(now)))
                .update();
        if (p.stock() == current.stock()) {
            return;
        }
        List<Integer> locked =
                jdbc.sql("""
                select stripe from lottery.stock_stripes where prize_id = ? order by stripe for update""").param(current.id()).query(Integer.class).list();
        long left = jdbc.sql("select coalesce(sum(remaining), 0) from lottery.stock_stripes where prize_id = ?")
                .param(current.id())
                .query(Long.class)
                .single();
        long leftAfter = left + p.stock() - current.stock();
        if (leftAfter < 0) {
            throw new ProblemException(409, "stock_below_won").with("field", "prizes[" + position + "].stock");
        }
        int n = locked.size();
        for (int i = 0; i < n; i++) {
            long share = leftAfter / n + (i < leftAfter % n ? 1 : 0);
            jdbc.sql("update lottery.stock_stripes set remaining = ? where course_id = ? and stripe = ?")
                    .params(share, current.courseId(), locked.get(i))
                    .update();
        }
    }

    private static org.springframework.jdbc.core.namedparam.MapSqlParameterSource prizeParams(PrizeDraft p) {
        Long payout = p.kind() == PrizeKind.PAYOUT ? (p.payoutYen() != null ? p.payoutYen() : p.valueYen()) : null;
        return new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("name", p.name().strip())
                .addValue("stock", p.stock())
                .addValue("value", p.valueYen())
                .addValue("kind", p.kind().code())
                .addValue("pool", p.kind() == PrizeKind.GIFT_CODE ? p.giftCodePoolId() : null)
                .addValue("coupon", p.kind() == PrizeKind.COUPON ? p.couponId() : null)
                .addValue("payout", payout);
    }

    static void check(CourseDraft d) {
        if (d.name().isBlank() || d.name().strip().length() > 100) {
            throw invalid("name");
        }
        if (d.pointsNeeded() != null && (d.pointsNeeded() < 1 || d.pointsNeeded() > 100_000_000)) {
            throw invalid("pointsNeeded");
        }
        if (d.minTotalYen() != null && (d.minTotalYen() < 1 || d.minTotalYen() > 100_000_000)) {
            throw invalid("minTotalYen");
        }
        if (d.maxWinsPerEntrant() < 1 || d.maxWinsPerEntrant() > 1000) {
            throw invalid("maxWinsPerEntrant");
        }
        Double chance = d.winChance();
        if (chance != null && (chance.isNaN() || chance <= 0 || chance > 1)) {
            throw invalid("winChance");
        }
        if (d.prizes().isEmpty() || d.prizes().size() > MAX_PRIZES) {
            throw invalid("prizes");
        }
        for (int i = 0; i < d.prizes().size(); i++) {
            PrizeDraft p = d.prizes().get(i);
            String at = "prizes[" + i + "].";
            if (p.name().isBlank() || p.name().strip().length() > 100) {
                throw invalid(at + "name");
            }
            if (p.stock() < 0 || p.stock() > 10_000_000) {
                throw invalid(at + "stock");
            }
            if (p.valueYen() < 0 || p.valueYen() > 100_000_000) {
                throw invalid(at + "valueYen");
            }
            if (p.kind() == PrizeKind.GIFT_CODE && p.giftCodePoolId() == null) {
                throw invalid(at + "giftCodePoolId");
            }
            if (p.kind() == PrizeKind.COUPON && p.couponId() == null) {
                throw invalid(at + "couponId");
            }
            Long payout = p.payoutYen();
            if (p.kind() == PrizeKind.PAYOUT
                    && (payout == null ? p.valueYen() < 1 : payout < 1 || payout > 100_000_000)) {
                throw invalid(at + "payoutYen");
            }
        }
    }

    static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_course", field).with("field", field);
    }
}
