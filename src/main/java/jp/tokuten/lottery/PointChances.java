package jp.tokuten.lottery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.tokuten.identity.Entrants;
import jp.tokuten.rewards.Points;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Chances in a closed draw bought with points (decision 119): an entrant spends the course's
 * {@code pointsNeeded} from their balance of the campaign ({@code rewards.Points.spend}, one conditional
 * statement: the balance never goes below zero, whatever the concurrency) and gets one chance in the course's
 * draw, in one transaction. A course that needs points draws among these chances only. Acts on the bound
 * tenant.
 */
@Service
public class PointChances {

    private final JdbcClient jdbc;
    private final Courses courses;
    private final Entrants entrants;
    private final Points points;
    private final Clock clock;

    PointChances(JdbcClient jdbc, Courses courses, Entrants entrants, Points points, Clock clock) {
        this.jdbc = jdbc;
        this.courses = courses;
        this.entrants = entrants;
        this.points = points;
        this.clock = clock;
    }

    /** A chance bought: the points spent and the balance left after it. */
    public record PointChance(UUID id, UUID courseId, UUID entrantId, int points, long balance, Instant createdAt) {}

    /**
     * Spends the course's points for one chance in its draw. Refusals 404 {@code not_found} (course),
     * 422 {@code invalid_entrant_id} (no such entrant), 409 {@code not_closed_draw}, {@code points_not_accepted}
     * (the course needs no points), {@code already_drawn}, {@code entrant_blocked}, {@code insufficient_points}.
     */
    @Transactional
    public PointChance take(UUID courseId, UUID entrantId) {
        CourseView course = courses.find(courseId).orElseThrow(() -> new ProblemException(404, "not_found"));
        if (course.mechanic() != Mechanic.CLOSED_DRAW) {
            throw new ProblemException(409, "not_closed_draw");
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
        // a run holds its draw's row for update: a chance bought meanwhile waits and then sees it drawn
        boolean drawn = jdbc.sql("""
                        select status = 'drawn' from lottery.draws
                         where course_id = :course and redraw_of is null for share""")
                .param("course", courseId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
        if (drawn) {
            throw new ProblemException(409, "already_drawn").detail("draws.problem.already_drawn");
        }
        long balance = points.spend(entrantId, course.campaignId(), needed, "draw_chance");
        UUID id = TimeOrderedIds.next(clock);
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into lottery.point_chances (id, course_id, campaign_id, entrant_id, points, created_at)
                        values (:id, :course, :campaign, :entrant, :points, :now)""")
                .param("id", id)
                .param("course", courseId)
                .param("campaign", course.campaignId())
                .param("entrant", entrantId)
                .param("points", needed)
                .param("now", Timestamp.from(now))
                .update();
        return new PointChance(id, courseId, entrantId, needed, balance, now);
    }

    /** A course's chances bought with points, in the order bought: the entrant of each. */
    @Transactional(readOnly = true)
    public List<UUID> entrantsOf(UUID courseId) {
        return jdbc.sql(
                        "select entrant_id from lottery.point_chances where course_id = :course order by created_at, id")
                .param("course", courseId)
                .query(UUID.class)
                .list();
    }

    /** The entrant's points balance of the campaign (what a chance is paid from). */
    @Transactional(readOnly = true)
    public long balance(UUID entrantId, UUID campaignId) {
        return points.balance(entrantId, campaignId);
    }

    /** How many chances the entrant bought in the course. */
    @Transactional(readOnly = true)
    public int countOf(UUID courseId, UUID entrantId) {
        return jdbc.sql(
                        "select count(*) from lottery.point_chances where course_id = :course and entrant_id = :entrant")
                .param("course", courseId)
                .param("entrant", entrantId)
                .query(Integer.class)
                .single();
    }
}
