package jp.tokuten.receipts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A campaign's approved entries as a closed draw counts them (lottery): each with its entrant and number of
 * receipts, entrants that are blocked left out, oldest approval first. Acts on the bound tenant.
 */
@Service
public class ApprovedEntries {

    private final JdbcClient jdbc;

    ApprovedEntries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * An approved entry of an entrant who is not blocked, with the sum of its receipts' totals (0 when none was
     * read, or when it was approved before totals were kept).
     */
    public record ApprovedEntry(UUID entryId, UUID entrantId, int receipts, Instant approvedAt, long totalYen) {}

    /** The campaign's approved entries of entrants not blocked, by approval time then id. */
    @Transactional(readOnly = true)
    public List<ApprovedEntry> of(UUID campaignId) {
        return jdbc.sql("""
                        select e.id, e.entrant_id, e.judged_at, coalesce(e.total_yen, 0) as total_yen,
                               (select count(*) from receipts.entry_receipts r where r.entry_id = e.id) as receipts
                          from receipts.entries e
                          join identity.entrants n on n.tenant_id = e.tenant_id and n.id = e.entrant_id
                         where e.campaign_id = :campaign and e.status = 'approved' and not n.blocked
                         order by e.judged_at, e.id""")
                .param("campaign", campaignId)
                .query((rs, i) -> new ApprovedEntry(
                        rs.getObject("id", UUID.class),
                        rs.getObject("entrant_id", UUID.class),
                        rs.getInt("receipts"),
                        rs.getTimestamp("judged_at").toInstant(),
                        rs.getLong("total_yen")))
                .list();
    }

    /** How many of the campaign's entries are not decided yet (pending or in review). */
    @Transactional(readOnly = true)
    public long undecided(UUID campaignId) {
        return jdbc.sql("""
                        select count(*) from receipts.entries
                         where campaign_id = :campaign and status in ('pending', 'review')""").param("campaign", campaignId).query(Long.class).single();
    }

    /** The entrants among {@code entrants} who are blocked now. */
    @Transactional(readOnly = true)
    public List<UUID> blocked(List<UUID> entrants) {
        if (entrants.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id from identity.entrants where blocked and id = any(:ids)")
                .param("ids", entrants.toArray(UUID[]::new))
                .query(UUID.class)
                .list();
    }
}
