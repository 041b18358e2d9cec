package jp.tokuten.coupons;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Many units of a coupon's total cap at once, for serial codes and lottery winners: one statement locks
 * the coupon's stripes, sums what they have left and takes the units stripe by stripe, so the cap holds as
 * it does for single acquisitions (each stripe only counts down while it has units; the check constraint
 * {@code remaining >= 0} stands behind it). Runs in the caller's transaction: a rollback gives them back.
 */
@Component
class CapUnits {

    private static final String TAKE = """
            with locked as materialized (
                select stripe, remaining from coupons.cap_stripes
                 where coupon_id = :coupon order by stripe for update),
            total as (select coalesce(sum(remaining), 0) as units from locked),
            wanted as (select case when :exact then case when units >= :n then :n else 0 end
                                   else least(units, :n) end as n from total),
            plan as (select stripe, remaining,
                            sum(remaining) over (order by stripe) - remaining as before from locked),
            taken as (
                update coupons.cap_stripes s
                   set remaining = s.remaining - least(p.remaining, greatest(0, w.n - p.before))
                  from plan p, wanted w
                 where s.coupon_id = :coupon and s.stripe = p.stripe
                   and least(p.remaining, greatest(0, w.n - p.before)) > 0
                returning least(p.remaining, greatest(0, w.n - p.before)) as units)
            select coalesce(sum(units), 0) from taken""";

    private final JdbcClient jdbc;

    CapUnits(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes exactly {@code n} units, or none when fewer are left; whether it took them. */
    boolean takeExactly(UUID coupon, int n) {
        return take(coupon, n, true) == n;
    }

    /** Takes up to {@code n} units; how many it took. */
    int takeUpTo(UUID coupon, int n) {
        return take(coupon, n, false);
    }

    /** Gives units back (to the first stripe), e.g. those taken for winners that could not be given one. */
    void giveBack(UUID coupon, int n) {
        if (n > 0) {
            jdbc.sql("""
                    update coupons.cap_stripes set remaining = remaining + :n
                     where coupon_id = :coupon
                       and stripe = (select min(stripe) from coupons.cap_stripes where coupon_id = :coupon)""").param("coupon", coupon).param("n", n).update();
        }
    }

    private int take(UUID coupon, int n, boolean exact) {
        if (n <= 0) {
            return 0;
        }
        return jdbc.sql(TAKE)
                .param("coupon", coupon)
                .param("n", n)
                .param("exact", exact)
                .query(Integer.class)
                .single();
    }
}
