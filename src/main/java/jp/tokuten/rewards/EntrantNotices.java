package jp.tokuten.rewards;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Notices to entrants that are not about an award of theirs (decision 151): after a closed draw, every
 * entrant who had a chance and did not win is told so. Queued in the caller's transaction (the draw's run),
 * once per entrant and draw, and sent by the delivery sweep ({@code DeliverySweep}) with the campaign's
 * {@code not_won} template. Acts on the bound tenant.
 */
@Service
public class EntrantNotices {

    private final JdbcClient jdbc;
    private final Clock clock;

    EntrantNotices(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Queues a "not won" notice of {@code draw} for each of {@code entrants}; returns how many were new. */
    @Transactional
    public int notWon(UUID campaignId, UUID draw, Collection<UUID> entrants) {
        if (entrants.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        insert into rewards.entrant_notices (kind, about, entrant_id, campaign_id, queued_at)
                        select 'not_won', :draw, e, :campaign, :now from unnest(:entrants) as e
                        on conflict do nothing""")
                .param("draw", draw)
                .param("campaign", campaignId)
                .param("now", Timestamp.from(clock.instant()))
                .param("entrants", entrants.toArray(UUID[]::new))
                .update();
    }
}
