package jp.tokuten.lottery;

import java.sql.Date;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A course's stock against its schedule, for the console's stock dashboard: per day of the campaign's period
 * (Asia/Tokyo), the stock the schedule leaves at the day's end (a straight line from all of it at the start to
 * none at the end, what pacing aims at) and, up to today, the stock actually left.
 */
@Service
public class PacingSchedule {

    private final JdbcClient jdbc;
    private final Courses courses;
    private final Campaigns campaigns;
    private final InstantWins instantWins;
    private final Clock clock;

    PacingSchedule(JdbcClient jdbc, Courses courses, Campaigns campaigns, InstantWins instantWins, Clock clock) {
        this.jdbc = jdbc;
        this.courses = courses;
        this.campaigns = campaigns;
        this.instantWins = instantWins;
        this.clock = clock;
    }

    /** One day: what the schedule leaves at its end, and what was left (null for days to come). */
    public record Day(
            LocalDate day, long scheduledLeft, @Nullable Long actualLeft) {}

    /**
     * A course's dashboard: its days, its wins so far and the chance a play has now (the fixed chance, or the
     * paced one; 0 when nothing is left or the course is not an instant win).
     */
    public record Dashboard(CourseView course, List<Day> days, long wins, double chance) {}

    @Transactional(readOnly = true)
    public Dashboard of(UUID courseId) {
        CourseView course = courses.require(courseId);
        CampaignView campaign = campaigns.require(course.campaignId());
        Instant start = InstantWins.start(campaign);
        Instant end = InstantWins.end(campaign);
        Map<LocalDate, Long> winsPerDay = new HashMap<>();
        jdbc.sql("""
                select (played_at at time zone 'Asia/Tokyo')::date as day, count(*) as wins from lottery.plays
                 where course_id = ? and result = 'win' group by 1""")
                .param(courseId)
                .query((rs, n) -> winsPerDay.put(rs.getObject("day", Date.class).toLocalDate(), rs.getLong("wins")))
                .list();
        long wins = winsPerDay.values().stream().mapToLong(Long::longValue).sum();
        long stock = course.stock();
        LocalDate today = LocalDate.ofInstant(clock.instant(), InstantWins.TOKYO);
        double length = Math.max(1, Duration.between(start, end).toSeconds());
        List<Day> days = new ArrayList<>();
        long won = winsPerDay.entrySet().stream()
                .filter(e -> e.getKey().isBefore(campaign.entryPeriod().from()))
                .mapToLong(Map.Entry::getValue)
                .sum();
        for (LocalDate d = campaign.entryPeriod().from();
                d.atStartOfDay(InstantWins.TOKYO).toInstant().isBefore(end);
                d = d.plusDays(1)) {
            Instant dayEnd = d.plusDays(1).atStartOfDay(InstantWins.TOKYO).toInstant();
            long scheduled =
                    Math.round(stock * Math.max(0, Duration.between(dayEnd, end).toSeconds()) / length);
            won += winsPerDay.getOrDefault(d, 0L);
            days.add(new Day(d, scheduled, d.isAfter(today) ? null : stock - won));
        }
        double chance = 0;
        if (course.mechanic() == Mechanic.INSTANT_WIN && course.remaining() > 0) {
            chance = course.winChance() != null ? course.winChance() : instantWins.pacedChance(course, clock.instant());
        }
        return new Dashboard(course, days, wins, chance);
    }

    /** The dashboards of a campaign's courses, in order. */
    @Transactional(readOnly = true)
    public List<Dashboard> ofCampaign(UUID campaignId) {
        return courses.list(campaignId).stream().map(c -> of(c.id())).toList();
    }
}
