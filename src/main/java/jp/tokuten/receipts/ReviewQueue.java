package jp.tokuten.receipts;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The review workbench's queue and claims (decision 087): the bound tenant's entries in review, oldest
 * first, filtered by campaign, reason code and age, each with the time left before its service level
 * ({@link #SLA}) runs out; and the claim a reviewer takes on an entry while looking at it, so that two
 * reviewers never hold the same entry at once. A claim lasts {@link #CLAIM} and is renewed each time its
 * holder claims it again; an expired claim is free for anyone. Times of claims are the database's.
 */
@Service
public class ReviewQueue {

    /** How long an entry may wait in review before it is overdue. */
    public static final Duration SLA = Duration.ofHours(24);

    /** How long a claim holds an entry without being renewed. */
    public static final Duration CLAIM = Duration.ofMinutes(10);

    /** How many entries one page of the queue shows. */
    public static final int PAGE = 50;

    /**
     * An entry in the queue.
     *
     * @param claimedBy the reviewer who holds it now, null when free
     */
    public record Item(
            UUID entry,
            UUID campaign,
            List<String> reasons,
            Instant submittedAt,
            @Nullable UUID claimedBy,
            @Nullable Instant claimExpiresAt) {

        public Duration age(Instant now) {
            return Duration.between(submittedAt, now);
        }

        public boolean overdue(Instant now) {
            return age(now).compareTo(SLA) > 0;
        }

        /** Time left before the SLA runs out (negative when overdue). */
        public Duration left(Instant now) {
            return SLA.minus(age(now));
        }
    }

    /**
     * What the queue shows.
     *
     * @param olderThan only entries that have waited at least this long, null for all
     */
    public record Filter(
            @Nullable UUID campaign,
            @Nullable String reason,
            @Nullable Duration olderThan) {
        public static final Filter ALL = new Filter(null, null, null);
    }

    /** A claim: who holds the entry and until when. */
    public record Claim(UUID entry, UUID reviewer, Instant expiresAt) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    ReviewQueue(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The entries in review that match the filter, oldest first, at most {@link #PAGE}. */
    @Transactional(readOnly = true)
    public List<Item> list(Filter filter) {
        TenantBinder.required();
        return jdbc.sql("""
                        select e.id, e.campaign_id, e.reasons, e.created_at, c.reviewer_id, c.expires_at
                          from receipts.entries e
                          left join receipts.review_claims c
                                 on c.tenant_id = e.tenant_id and c.entry_id = e.id and c.expires_at > statement_timestamp()
                         where e.status = 'review'
                           and (cast(:campaign as uuid) is null or e.campaign_id = :campaign)
                           and (cast(:reason as text) is null or :reason = any (e.reasons))
                           and (cast(:before as timestamptz) is null or e.created_at <= :before)
                         order by e.created_at, e.id
                         limit :limit""")
                .param("campaign", filter.campaign())
                .param("reason", filter.reason())
                .param(
                        "before",
                        filter.olderThan() == null
                                ? null
                                : Timestamp.from(clock.instant().minus(filter.olderThan())))
                .param("limit", PAGE)
                .query(ReviewQueue::item)
                .list();
    }

    /** How many entries of the bound tenant are in review, and how many of them are overdue. */
    @Transactional(readOnly = true)
    public long[] counts() {
        TenantBinder.required();
        return jdbc.sql("""
                        select count(*) as waiting, count(*) filter (where created_at <= ?) as overdue
                          from receipts.entries where status = 'review'""")
                .param(Timestamp.from(clock.instant().minus(SLA)))
                .query((rs, n) -> new long[] {rs.getLong("waiting"), rs.getLong("overdue")})
                .single();
    }

    /**
     * Takes or renews the reviewer's claim on the entry, in one statement: it succeeds when nobody holds the
     * entry, the claim is the reviewer's own, or the other reviewer's claim has expired.
     *
     * @return the reviewer's claim, or empty when someone else holds the entry (or there is no such entry)
     */
    @Transactional
    public Optional<Claim> claim(UUID entry, UUID reviewer) {
        TenantBinder.required();
        return jdbc.sql("""
                        insert into receipts.review_claims (entry_id, reviewer_id, claimed_at, expires_at)
                        select e.id, :reviewer, statement_timestamp(), statement_timestamp() + make_interval(secs => :seconds)
                          from receipts.entries e where e.id = :entry
                        on conflict (tenant_id, entry_id) do update
                           set reviewer_id = excluded.reviewer_id, claimed_at = excluded.claimed_at,
                               expires_at = excluded.expires_at
                         where receipts.review_claims.reviewer_id = excluded.reviewer_id
                            or receipts.review_claims.expires_at <= statement_timestamp()
                        returning entry_id, reviewer_id, expires_at""")
                .param("entry", entry)
                .param("reviewer", reviewer)
                .param("seconds", (double) CLAIM.toSeconds())
                .query((rs, n) -> new Claim(
                        rs.getObject("entry_id", UUID.class),
                        rs.getObject("reviewer_id", UUID.class),
                        rs.getTimestamp("expires_at").toInstant()))
                .optional();
    }

    /** Who holds the entry now, if anyone. */
    @Transactional(readOnly = true)
    public Optional<Claim> holder(UUID entry) {
        TenantBinder.required();
        return jdbc.sql("""
                        select entry_id, reviewer_id, expires_at from receipts.review_claims
                         where entry_id = ? and expires_at > statement_timestamp()""")
                .param(entry)
                .query((rs, n) -> new Claim(
                        rs.getObject("entry_id", UUID.class),
                        rs.getObject("reviewer_id", UUID.class),
                        rs.getTimestamp("expires_at").toInstant()))
                .optional();
    }

    /** Lets go of the reviewer's claim on the entry (after a decision, or when they leave it). */
    @Transactional
    public void release(UUID entry, UUID reviewer) {
        TenantBinder.required();
        jdbc.sql("delete from receipts.review_claims where entry_id = ? and reviewer_id = ?")
                .params(entry, reviewer)
                .update();
    }

    /**
     * The neighbours of an entry in the queue's order (oldest first) under the filter: the next entry
     * after it that nobody else holds, and the one before it.
     */
    @Transactional(readOnly = true)
    public Neighbours neighbours(UUID entry, UUID reviewer, Filter filter) {
        TenantBinder.required();
        var at = jdbc.sql("select created_at from receipts.entries where id = ?")
                .param(entry)
                .query(Timestamp.class)
                .optional();
        if (at.isEmpty()) {
            return new Neighbours(null, null);
        }
        String common = """
                  from receipts.entries e
                 where e.status = 'review' and e.id <> :entry
                   and (cast(:campaign as uuid) is null or e.campaign_id = :campaign)
                   and (cast(:reason as text) is null or :reason = any (e.reasons))
                   and (cast(:before as timestamptz) is null or e.created_at <= :before)
                   and not exists (select 1 from receipts.review_claims c
                                    where c.tenant_id = e.tenant_id and c.entry_id = e.id
                                      and c.reviewer_id <> :reviewer and c.expires_at > statement_timestamp())
                """;
        UUID next = neighbour(
                "select e.id " + common
                        + " and (e.created_at, e.id) > (:at, :entry) order by e.created_at, e.id limit 1",
                entry,
                reviewer,
                filter,
                at.get());
        UUID previous = neighbour(
                "select e.id " + common
                        + " and (e.created_at, e.id) < (:at, :entry) order by e.created_at desc, e.id desc limit 1",
                entry,
                reviewer,
                filter,
                at.get());
        return new Neighbours(next, previous);
    }

    /** The next and previous entries in the queue, null at either end. */
    public record Neighbours(@Nullable UUID next, @Nullable UUID previous) {}

    private @Nullable UUID neighbour(String sql, UUID entry, UUID reviewer, Filter filter, Timestamp at) {
        return jdbc.sql(sql)
                .param("entry", entry)
                .param("reviewer", reviewer)
                .param("campaign", filter.campaign())
                .param("reason", filter.reason())
                .param(
                        "before",
                        filter.olderThan() == null
                                ? null
                                : Timestamp.from(clock.instant().minus(filter.olderThan())))
                .param("at", at)
                .query(UUID.class)
                .optional()
                .orElse(null);
    }

    private static Item item(ResultSet rs, int row) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new Item(
                rs.getObject("id", UUID.class),
                rs.getObject("campaign_id", UUID.class),
                strings(rs.getArray("reasons")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getObject("reviewer_id", UUID.class),
                expires == null ? null : expires.toInstant());
    }

    private static List<String> strings(@Nullable Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }
}
