package jp.tokuten.coupons;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The read queries of the console's reports: counts per day and per store, the settlement of a period, a
 * store's uses of a day. They read the bound tenant's rows only (row-level security); days are days in Japan.
 */
@Component
class CouponQueries {

    private final JdbcClient jdbc;

    CouponQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every day from {@code from} to {@code to}, also the days with nothing. */
    List<CouponReports.DayCounts> perDay(UUID coupon, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                with days as (
                    select d::date as day from generate_series(:from::date, :to::date, interval '1 day') d),
                handed as (
                    select (claimed_at at time zone 'Asia/Tokyo')::date as day, count(*) as issued,
                           count(*) filter (where source = 'acquired') as acquired
                      from coupons.instances where coupon_id = :coupon and claimed_at is not null group by 1),
                used as (
                    select (used_at at time zone 'Asia/Tokyo')::date as day, count(*) as n
                      from coupons.redemptions where coupon_id = :coupon group by 1),
                reversed as (
                    select (reversed_at at time zone 'Asia/Tokyo')::date as day, count(*) as n
                      from coupons.redemptions where coupon_id = :coupon and reversed_at is not null group by 1)
                select days.day, coalesce(h.issued, 0) as issued, coalesce(h.acquired, 0) as acquired,
                       coalesce(u.n, 0) as used, coalesce(r.n, 0) as reversed
                  from days left join handed h on h.day = days.day left join used u on u.day = days.day
                       left join reversed r on r.day = days.day
                 order by days.day""")
                .param("coupon", coupon)
                .param("from", from)
                .param("to", to)
                .query((rs, n) -> new CouponReports.DayCounts(
                        rs.getObject("day", LocalDate.class),
                        rs.getLong("issued"),
                        rs.getLong("acquired"),
                        rs.getLong("used"),
                        rs.getLong("reversed")))
                .list();
    }

    /** The coupon's uses by store: used (not reversed), reversed, and the budget value of those not reversed. */
    List<CouponReports.StoreCounts> byStore(UUID coupon) {
        return jdbc.sql("""
                select store_id, count(*) filter (where reversed_at is null) as used,
                       count(*) filter (where reversed_at is not null) as reversed,
                       coalesce(sum(value) filter (where reversed_at is null), 0) as value
                  from coupons.redemptions where coupon_id = :coupon
                 group by store_id order by used desc, reversed desc""")
                .param("coupon", coupon)
                .query((rs, n) -> new CouponReports.StoreCounts(
                        rs.getObject("store_id", UUID.class),
                        rs.getLong("used"),
                        rs.getLong("reversed"),
                        rs.getLong("value")))
                .list();
    }

    /** Uses made in {@code [from, until)}, by store and coupon. */
    List<CouponReports.SettlementRow> settlement(Instant from, Instant until, @Nullable UUID store) {
        return jdbc.sql("""
                select r.store_id, r.coupon_id, c.title, count(*) as uses,
                       count(*) filter (where r.reversed_at is not null) as reversed,
                       coalesce(sum(r.value) filter (where r.reversed_at is null), 0) as value
                  from coupons.redemptions r join coupons.coupons c on c.id = r.coupon_id
                 where r.used_at >= :from and r.used_at < :until
                   and (cast(:store as uuid) is null or r.store_id = cast(:store as uuid))
                 group by r.store_id, r.coupon_id, c.title
                 order by r.store_id nulls last, c.title, r.coupon_id""")
                .param("from", Timestamp.from(from))
                .param("until", Timestamp.from(until))
                .param("store", store)
                .query((rs, n) -> new CouponReports.SettlementRow(
                        rs.getObject("store_id", UUID.class),
                        rs.getObject("coupon_id", UUID.class),
                        rs.getString("title"),
                        rs.getLong("uses"),
                        rs.getLong("reversed"),
                        rs.getLong("value")))
                .list();
    }

    /** A store's uses in {@code [from, until)}, newest first, at most {@code limit}. */
    List<CouponReports.StoreUse> usesAt(UUID store, Instant from, Instant until, int limit) {
        return jdbc.sql("""
                select r.id, r.coupon_id, c.title, i.code, r.used_at, r.uses_left_after, r.proof, r.reversed_at,
                       r.reversed_reason, c.reversal_window_minutes
                  from coupons.redemptions r join coupons.instances i on i.id = r.instance_id
                       join coupons.coupons c on c.id = r.coupon_id
                 where r.store_id = :store and r.used_at >= :from and r.used_at < :until
                 order by r.used_at desc, r.id desc limit :limit""")
                .param("store", store)
                .param("from", Timestamp.from(from))
                .param("until", Timestamp.from(until))
                .param("limit", limit)
                .query((rs, n) -> {
                    Instant usedAt = rs.getTimestamp("used_at").toInstant();
                    return new CouponReports.StoreUse(
                            rs.getObject("id", UUID.class),
                            rs.getObject("coupon_id", UUID.class),
                            rs.getString("title"),
                            rs.getString("code"),
                            usedAt,
                            rs.getInt("uses_left_after"),
                            rs.getString("proof"),
                            Coupons.instant(rs, "reversed_at"),
                            rs.getString("reversed_reason"),
                            usedAt.plusSeconds(60L * rs.getInt("reversal_window_minutes")));
                })
                .list();
    }
}
