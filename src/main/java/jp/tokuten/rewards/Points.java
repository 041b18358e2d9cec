package jp.tokuten.rewards;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Entrants' points (ポイント・スタンプ) in the bound tenant, one balance per entrant and campaign, with a ledger
 * of every change. Each change is one statement that writes the balance and its ledger row together; a spend
 * counts down only while the balance stays at or above zero, so concurrent spends can never overdraw it.
 * Refusals: 409 {@code insufficient_points}, 422 {@code invalid_points} with {@code field}.
 */
@Service
public class Points {

    /** A balance of one campaign. */
    public record Balance(UUID campaignId, long balance) {}

    /** One change of a balance: points earned (positive) or spent (negative), why, and the entry that earned them. */
    public record LedgerEntry(
            UUID id,
            UUID campaignId,
            long points,
            String reason,
            @Nullable UUID entryId,
            Instant createdAt) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    Points(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Adds points to the entrant's balance of the campaign. With an {@code entryId}, an entry earns once: a
     * second call for it adds nothing. The balance after (unchanged when nothing was added).
     *
     * @param reason a short code saying why, e.g. {@code receipt_approved} (1–100 characters)
     */
    @Transactional
    public long earn(UUID entrantId, UUID campaignId, long points, String reason, @Nullable UUID entryId) {
        check(points, reason);
        Instant now = clock.instant();
        if (entryId != null) {
            // an entry credits only from nothing: approved twice, or the event seen twice, adds nothing
            boolean credited = jdbc.sql("""
                            insert into rewards.entry_points (entry_id, entrant_id, campaign_id, credited, updated_at)
                            values (:entry, :entrant, :campaign, :points, :now)
                            on conflict (tenant_id, entry_id) do update
                               set credited = excluded.credited, updated_at = excluded.updated_at
                             where entry_points.credited = 0
                            returning credited""")
                    .param("entry", entryId)
                    .param("entrant", entrantId)
                    .param("campaign", campaignId)
                    .param("points", points)
                    .param("now", Timestamp.from(now))
                    .query(Long.class)
                    .optional()
                    .isPresent();
            if (!credited) {
                return balance(entrantId, campaignId);
            }
        }
        return move(entrantId, campaignId, points, reason.strip(), entryId, now);
    }

    /**
     * Takes back what an entry credited, when its approval is withdrawn (decision 152): at most what the
     * balance holds (points already spent stay spent; the balance never goes below zero), recorded in the
     * ledger as {@code approval_withdrawn}. A second call, or one for an entry that credited nothing, takes
     * nothing. Returns the points taken.
     */
    @Transactional
    public long withdraw(UUID entryId) {
        Instant now = clock.instant();
        var credit = jdbc.sql("""
                        with before as (
                            select entrant_id, campaign_id, credited from rewards.entry_points
                             where entry_id = :entry and credited > 0 for update)
                        update rewards.entry_points p set credited = 0, updated_at = :now
                          from before
                         where p.entry_id = :entry
                        returning before.entrant_id, before.campaign_id, before.credited""")
                .param("entry", entryId)
                .param("now", Timestamp.from(now))
                .query((rs, n) ->
                        new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3)})
                .optional();
        if (credit.isEmpty()) {
            return 0;
        }
        UUID entrant = (UUID) credit.get()[0];
        UUID campaign = (UUID) credit.get()[1];
        long credited = (Long) credit.get()[2];
        long taken = jdbc.sql("""
                        with before as (
                            select balance from rewards.point_balances
                             where entrant_id = :entrant and campaign_id = :campaign for update)
                        update rewards.point_balances p
                           set balance = p.balance - least(before.balance, :credited), updated_at = :now
                          from before
                         where p.entrant_id = :entrant and p.campaign_id = :campaign
                        returning before.balance - p.balance""")
                .param("entrant", entrant)
                .param("campaign", campaign)
                .param("credited", credited)
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .optional()
                .orElse(0L);
        if (taken > 0) {
            jdbc.sql("""
                            insert into rewards.point_ledger (id, entrant_id, campaign_id, points, reason, entry_id, created_at)
                            values (?, ?, ?, ?, 'approval_withdrawn', ?, ?)""")
                    .params(TimeOrderedIds.next(clock), entrant, campaign, -taken, entryId, Timestamp.from(now))
                    .update();
        }
        return taken;
    }

    /** A ledger row and the balance moved by it, in one statement; the balance after. */
    private long move(
            UUID entrantId, UUID campaignId, long points, String reason, @Nullable UUID entryId, Instant now) {
        return jdbc.sql("""
                        with earned as (
                            insert into rewards.point_ledger (id, entrant_id, campaign_id, points, reason, entry_id, created_at)
                            values (:id, :entrant, :campaign, :points, :reason, :entry, :now)
                            returning points)
                        insert into rewards.point_balances (entrant_id, campaign_id, balance, updated_at)
                        select :entrant, :campaign, points, :now from earned
                        on conflict (tenant_id, entrant_id, campaign_id)
                            do update set balance = point_balances.balance + excluded.balance, updated_at = excluded.updated_at
                        returning balance""")
                .param("id", TimeOrderedIds.next(clock))
                .param("entrant", entrantId)
                .param("campaign", campaignId)
                .param("points", points)
                .param("reason", reason)
                .param("entry", entryId)
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
    }

    /**
     * Takes points from the entrant's balance of the campaign, in one conditional statement (the balance
     * counted down only while it stays at or above zero, and the ledger row inserted with it). The balance after.
     *
     * @throws ProblemException 409 {@code insufficient_points} when the balance is smaller
     */
    @Transactional
    public long spend(UUID entrantId, UUID campaignId, long points, String reason) {
        check(points, reason);
        Instant now = clock.instant();
        return jdbc.sql("""
                        with spent as (
                            update rewards.point_balances set balance = balance - :points, updated_at = :now
                             where entrant_id = :entrant and campaign_id = :campaign and balance >= :points
                            returning balance),
                        entry as (
                            insert into rewards.point_ledger (id, entrant_id, campaign_id, points, reason, created_at)
                            select :id, :entrant, :campaign, -:points, :reason, :now from spent)
                        select balance from spent""")
                .param("id", TimeOrderedIds.next(clock))
                .param("entrant", entrantId)
                .param("campaign", campaignId)
                .param("points", points)
                .param("reason", reason.strip())
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new ProblemException(409, "insufficient_points"));
    }

    /** The entrant's balance of the campaign (0 when they have none). */
    @Transactional(readOnly = true)
    public long balance(UUID entrantId, UUID campaignId) {
        return jdbc.sql("select balance from rewards.point_balances where entrant_id = ? and campaign_id = ?")
                .params(entrantId, campaignId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** The entrant's balances, one per campaign they have points in. */
    @Transactional(readOnly = true)
    public List<Balance> balances(UUID entrantId) {
        return jdbc.sql("""
                        select campaign_id, balance from rewards.point_balances
                         where entrant_id = ? order by updated_at desc, campaign_id""")
                .param(entrantId)
                .query((rs, n) -> new Balance(rs.getObject(1, UUID.class), rs.getLong(2)))
                .list();
    }

    /** The entrant's ledger, newest first, at most {@code limit} rows. */
    @Transactional(readOnly = true)
    public List<LedgerEntry> ledger(UUID entrantId, int limit) {
        return jdbc.sql("""
                        select id, campaign_id, points, reason, entry_id, created_at from rewards.point_ledger
                         where entrant_id = ? order by created_at desc, id desc limit ?""")
                .params(entrantId, Math.max(1, Math.min(limit, 1000)))
                .query((rs, n) -> new LedgerEntry(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getObject(5, UUID.class),
                        rs.getTimestamp(6).toInstant()))
                .list();
    }

    private static void check(long points, String reason) {
        if (points < 1 || points > 100_000_000L) {
            throw new ProblemException(422, "invalid_points", "points").with("field", "points");
        }
        String r = reason == null ? "" : reason.strip();
        if (r.isEmpty() || r.length() > 100) {
            throw new ProblemException(422, "invalid_points", "reason").with("field", "reason");
        }
    }
}
