package jp.tokuten.receipts;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A campaign's figures for its dashboard (decision 086), each one SQL aggregate over the campaign's entries:
 * entries per business day (Asia/Tokyo), how many are in each status, the approval rate of the decided
 * entries, the reason codes given, and the purchases the receipts of approved entries carry, by store and
 * by item name as read.
 */
@Service
public class CampaignAnalytics {

    /** How many stores and items the dashboard lists. */
    public static final int TOP = 10;

    public record DayCount(LocalDate day, long entries) {}

    public record ReasonCount(String code, long entries) {}

    /** A store's or an item's share of the purchases: receipts (or item lines), quantity and yen. */
    public record Purchases(String name, long receipts, long quantity, long amount) {}

    /**
     * @param approvalRate approved ÷ (approved + rejected), null when nothing was decided yet
     */
    public record Figures(
            long entries,
            long pending,
            long approved,
            long rejected,
            long review,
            @Nullable Double approvalRate,
            List<DayCount> perDay,
            List<ReasonCount> reasons,
            List<Purchases> byStore,
            List<Purchases> byItem) {}

    private final Campaigns campaigns;
    private final JdbcClient jdbc;

    CampaignAnalytics(Campaigns campaigns, JdbcClient jdbc) {
        this.campaigns = campaigns;
        this.jdbc = jdbc;
    }

    /** The campaign's figures; 404 {@code not_found} when the bound tenant has no such campaign. */
    @Transactional(readOnly = true)
    public Figures of(UUID campaign) {
        TenantBinder.required();
        campaigns.require(campaign);
        var counts = jdbc.sql("""
                        select count(*) filter (where status = 'pending')  as pending,
                               count(*) filter (where status = 'approved') as approved,
                               count(*) filter (where status = 'rejected') as rejected,
                               count(*) filter (where status = 'review')   as review
                          from receipts.entries where campaign_id = ?""")
                .param(campaign)
                .query((rs, n) -> new long[] {
                    rs.getLong("pending"), rs.getLong("approved"), rs.getLong("rejected"), rs.getLong("review")
                })
                .single();
        List<DayCount> perDay = jdbc.sql("""
                        select (created_at at time zone 'Asia/Tokyo')::date as day, count(*) as entries
                          from receipts.entries where campaign_id = ?
                         group by 1 order by 1""")
                .param(campaign)
                .query((rs, n) -> new DayCount(rs.getObject("day", LocalDate.class), rs.getLong("entries")))
                .list();
        List<ReasonCount> reasons = jdbc.sql("""
                        select reason, count(*) as entries
                          from receipts.entries, unnest(reasons) as reason
                         where campaign_id = ? and status in ('rejected', 'review')
                         group by reason order by entries desc, reason""")
                .param(campaign)
                .query((rs, n) -> new ReasonCount(rs.getString("reason"), rs.getLong("entries")))
                .list();
        List<Purchases> byStore = jdbc.sql("""
                        select coalesce(nullif(s.reading #>> '{store,name}', ''), '') as name,
                               count(*) as receipts, count(*) as quantity,
                               coalesce(sum(case when jsonb_typeof(s.reading -> 'total') = 'number'
                                                 then (s.reading ->> 'total')::numeric end), 0)::bigint as amount
                          from receipts.entries e
                          join receipts.entry_receipts r on r.tenant_id = e.tenant_id and r.entry_id = e.id
                          join receipts.submissions s on s.tenant_id = r.tenant_id and s.id = r.submission_id
                         where e.campaign_id = ? and e.status = 'approved' and s.status = 'read'
                         group by 1 order by amount desc, receipts desc, name limit ?""")
                .params(campaign, TOP)
                .query(CampaignAnalytics::purchases)
                .list();
        List<Purchases> byItem = jdbc.sql("""
                        select coalesce(i ->> 'name', '') as name, count(*) as receipts,
                               coalesce(sum(case when jsonb_typeof(i -> 'quantity') = 'number'
                                                 then (i ->> 'quantity')::numeric else 1 end), 0)::bigint as quantity,
                               coalesce(sum(case when jsonb_typeof(i -> 'amount') = 'number'
                                                 then (i ->> 'amount')::numeric end), 0)::bigint as amount
                          from receipts.entries e
                          join receipts.entry_receipts r on r.tenant_id = e.tenant_id and r.entry_id = e.id
                          join receipts.submissions s on s.tenant_id = r.tenant_id and s.id = r.submission_id
                          cross join lateral jsonb_array_elements(
                                case when jsonb_typeof(s.reading -> 'items') = 'array'
                                     then s.reading -> 'items' else '[]'::jsonb end) as i
                         where e.campaign_id = ? and e.status = 'approved' and s.status = 'read'
                         group by 1 order by amount desc, quantity desc, name limit ?""")
                .params(campaign, TOP)
                .query(CampaignAnalytics::purchases)
                .list();
        long pending = counts[0], approved = counts[1], rejected = counts[2], review = counts[3];
        Double rate = approved + rejected == 0 ? null : (double) approved / (approved + rejected);
        return new Figures(
                pending + approved + rejected + review,
                pending,
                approved,
                rejected,
                review,
                rate,
                perDay,
                reasons,
                byStore,
                byItem);
    }

    private static Purchases purchases(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Purchases(
                rs.getString("name"), rs.getLong("receipts"), rs.getLong("quantity"), rs.getLong("amount"));
    }
}
