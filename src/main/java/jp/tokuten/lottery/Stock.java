package jp.tokuten.lottery;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A course's stock and its wins per entrant, each limit one conditional statement (docs/modules/lottery.md,
 * "Stock, never exceeded"). For the instant win and the closed draws; runs in the caller's transaction.
 */
@Component
class Stock {

    /** How often a unit is sought again while every stripe with units left is locked by others. */
    private static final int MAX_WAITS = 100;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    Stock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Left(UUID prize, long remaining, int first, int stripes) {}

    /**
     * Takes one unit of the course's stock: of a prize drawn at random weighted by what is left of each, from
     * a stripe of it chosen from a random start passing over stripes others hold; when that prize has none
     * left by then, from any stripe of the course. Empty when the course has nothing left.
     */
    Optional<UUID> take(UUID course) {
        List<Left> left = jdbc.sql("""
                select prize_id, sum(remaining) as remaining, min(stripe) as first, count(*) as stripes
                  from lottery.stock_stripes where course_id = ? group by prize_id having sum(remaining) > 0
                 order by prize_id""")
                .param(course)
                .query((rs, n) -> new Left(
                        rs.getObject("prize_id", UUID.class),
                        rs.getLong("remaining"),
                        rs.getInt("first"),
                        rs.getInt("stripes")))
                .list();
        long total = left.stream().mapToLong(Left::remaining).sum();
        if (total == 0) {
            return Optional.empty();
        }
        long ticket = RANDOM.nextLong(total);
        Left chosen = left.getLast();
        for (Left l : left) {
            if (ticket < l.remaining()) {
                chosen = l;
                break;
            }
            ticket -= l.remaining();
        }
        int start = chosen.first() + RANDOM.nextInt(chosen.stripes());
        Optional<UUID> taken = jdbc.sql("""
                with pick as materialized (
                    select stripe from lottery.stock_stripes
                     where course_id = :course and prize_id = :prize and remaining > 0
                     order by (stripe + 1024 - :start) % 1024
                     limit 1 for update skip locked)
                update lottery.stock_stripes s set remaining = s.remaining - 1
                  from pick where s.course_id = :course and s.stripe = pick.stripe
                returning s.prize_id""")
                .param("course", course)
                .param("prize", chosen.prize())
                .param("start", start)
                .query(UUID.class)
                .optional();
        if (taken.isPresent()) {
            return taken;
        }
        return takeAny(course);
    }

    /** Any unit of the course: skipping locked stripes first, then waiting for the fullest one. */
    private Optional<UUID> takeAny(UUID course) {
        Optional<UUID> taken = jdbc.sql("""
                with pick as materialized (
                    select stripe from lottery.stock_stripes
                     where course_id = :course and remaining > 0
                     order by (stripe + 1024 - :start) % 1024
                     limit 1 for update skip locked)
                update lottery.stock_stripes s set remaining = s.remaining - 1
                  from pick where s.course_id = :course and s.stripe = pick.stripe
                returning s.prize_id""")
                .param("course", course)
                .param("start", RANDOM.nextInt(1024))
                .query(UUID.class)
                .optional();
        for (int wait = 0; taken.isEmpty() && wait < MAX_WAITS && left(course) > 0; wait++) {
            taken = jdbc.sql("""
                    update lottery.stock_stripes set remaining = remaining - 1
                     where course_id = :course and remaining > 0
                       and stripe = (select stripe from lottery.stock_stripes
                                      where course_id = :course and remaining > 0
                                      order by remaining desc, stripe limit 1)
                    returning prize_id""").param("course", course).query(UUID.class).optional();
        }
        return taken;
    }

    /** What is left of the course's stock, all prizes together. */
    long left(UUID course) {
        return jdbc.sql("select coalesce(sum(remaining), 0) from lottery.stock_stripes where course_id = ?")
                .param(course)
                .query(Long.class)
                .single();
    }

    /**
     * Counts a win of the entrant under the course's cap: one upsert that counts up only while below it;
     * false (and nothing counted) when the entrant has won the cap already.
     */
    boolean countWin(UUID course, UUID entrant, int cap) {
        return jdbc.sql("""
                insert into lottery.entrant_wins (course_id, entrant_id, wins) values (:course, :entrant, 1)
                on conflict (tenant_id, course_id, entrant_id) do update set wins = entrant_wins.wins + 1
                 where entrant_wins.wins < :cap
                returning wins""")
                .param("course", course)
                .param("entrant", entrant)
                .param("cap", cap)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** Gives back a win counted in this transaction (the stock had nothing left for it). */
    void uncountWin(UUID course, UUID entrant) {
        jdbc.sql("update lottery.entrant_wins set wins = wins - 1 where course_id = ? and entrant_id = ? and wins > 0")
                .params(course, entrant)
                .update();
    }
}
