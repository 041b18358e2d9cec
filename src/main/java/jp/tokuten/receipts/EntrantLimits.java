package jp.tokuten.receipts;

import java.time.LocalDate;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.shared.ProblemException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Per-entrant limits (per business day in Asia/Tokyo, and in total), never exceeded: an entry takes its
 * place in both counters of its entrant with one conditional upsert, at submission, and gives it back when
 * it is rejected (decision 076). Under a burst the counter rows serialise the entrant's submissions, and a
 * submission that finds either counter full is refused with 409 {@code entrant_limit_reached}.
 */
@Component
class EntrantLimits {

    /** Both counters taken, each only while under its limit, in one statement; 2 when both were taken. */
    private static final String TAKE = """
            with total as (
                insert into receipts.entrant_counters as c (campaign_id, entrant_id, day, entries)
                values (:campaign, :entrant, '-infinity', 1)
                on conflict (tenant_id, campaign_id, entrant_id, day)
                do update set entries = c.entries + 1 where c.entries < :total
                returning 1),
            daily as (
                insert into receipts.entrant_counters as c (campaign_id, entrant_id, day, entries)
                values (:campaign, :entrant, :day, 1)
                on conflict (tenant_id, campaign_id, entrant_id, day)
                do update set entries = c.entries + 1 where c.entries < :perDay
                returning 1)
            select (select count(*) from total) + (select count(*) from daily)""";

    private final JdbcClient jdbc;
    private final Campaigns campaigns;

    EntrantLimits(JdbcClient jdbc, Campaigns campaigns) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
    }

    /**
     * Takes a place in the entrant's counters for {@code day}, or throws 409 {@code entrant_limit_reached}
     * (the caller's transaction then rolls back, counters included). The caller records the entry with
     * {@code counted_on = day} in the same transaction.
     */
    void take(CampaignView campaign, UUID entrant, LocalDate day) {
        var limit = campaign.perEntrantLimit();
        long taken = jdbc.sql(TAKE)
                .param("campaign", campaign.id())
                .param("entrant", entrant)
                .param("day", day)
                .param("total", limit.total() == null ? Integer.MAX_VALUE : limit.total())
                .param("perDay", limit.perDay() == null ? Integer.MAX_VALUE : limit.perDay())
                .query(Long.class)
                .single();
        if (taken != 2) {
            throw new ProblemException(409, "entrant_limit_reached");
        }
    }

    /** Gives back a rejected entry's place (once: the entry then holds none). */
    void release(UUID entry) {
        jdbc.sql("""
                        with held as (
                            select campaign_id, entrant_id, counted_on from receipts.entries
                             where id = :entry and counted_on is not null),
                        freed as (
                            update receipts.entries set counted_on = null where id = :entry and counted_on is not null)
                        update receipts.entrant_counters c set entries = c.entries - 1
                          from held h
                         where c.campaign_id = h.campaign_id and c.entrant_id = h.entrant_id
                           and c.day in (h.counted_on, '-infinity') and c.entries > 0""").param("entry", entry).update();
    }

    /**
     * Takes a place again for an entry that holds none and is no longer rejected (a reviewer overturned the
     * rejection), on the day it was sent; 409 {@code entrant_limit_reached} when that would exceed a limit.
     */
    void retake(UUID entry) {
        var held = jdbc.sql("""
                        select campaign_id, entrant_id, (created_at at time zone 'Asia/Tokyo')::date as day
                          from receipts.entries where id = ? and counted_on is null""")
                .param(entry)
                .query((rs, n) -> new Object[] {
                    rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, LocalDate.class)
                })
                .optional();
        if (held.isPresent()) {
            Object[] h = held.get();
            take(campaigns.require((UUID) h[0]), (UUID) h[1], (LocalDate) h[2]);
            jdbc.sql("update receipts.entries set counted_on = ? where id = ?")
                    .params(h[2], entry)
                    .update();
        }
    }
}
