package jp.tokuten.coupons;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.stores.Stores;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bound tenant's coupons: created as drafts, published (which splits the caps into stripes), closed.
 * Refusals are {@link ProblemException}s: 422 {@code invalid_coupon} with the {@code field} at fault, 404
 * {@code not_found}, 409 {@code invalid_transition} (e.g. publishing a closed coupon), 409
 * {@code coupon_published} with {@code field} (a published coupon's caps, validity and benefit stay as
 * published; only its texts change).
 */
@Service
public class Coupons {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Stores stores;
    private final Clock clock;
    private final int stripes;
    private final jp.tokuten.tenancy.PlanLimits limits;

    Coupons(
            JdbcClient jdbc,
            AuditTrail audit,
            Stores stores,
            Clock clock,
            jp.tokuten.tenancy.PlanLimits limits,
            @Value("${tokuten.coupons.stripes:16}") int stripes) {
        this.limits = limits;
        this.jdbc = jdbc;
        this.audit = audit;
        this.stores = stores;
        this.clock = clock;
        this.stripes = Math.max(1, Math.min(256, stripes));
    }

    @Transactional
    public CouponView create(CouponDraft draft) {
        TenantBinder.required();
        var f = checked(draft);
        UUID id = TimeOrderedIds.next(clock);
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into coupons.coupons (id, token_key, created_at, updated_at, title, description, terms,
                    benefit_type, benefit_amount, benefit_percent, benefit_text, valid_from, valid_to, valid_days,
                    weekdays, hours_from, hours_to, total_cap, per_holder_cap, uses_per_coupon, budget,
                    value_per_use, store_ids, acquisition, anonymous, reversal_window_minutes, reversal_restores,
                    apply_from, apply_until, winners)
                values (:id, :key, :now, :now, :title, :description, :terms, :benefitType, :amount, :percent,
                    :benefitText, :validFrom, :validTo, :validDays, :weekdays, :hoursFrom, :hoursTo, :totalCap,
                    :perHolderCap, :uses, :budget, :valuePerUse, :stores, :acquisition, :anonymous, :window,
                    :restores, :applyFrom, :applyUntil, :winners)""")
                .params(settings(f))
                .param("id", id)
                .param("key", key)
                .param("now", now)
                .update();
        audit.record("coupon.created", null, Map.of("id", id, "title", f.title()));
        // last: the tenant's usage row stays locked until the commit (decision 145)
        limits.take(jp.tokuten.tenancy.PlanLimit.COUPONS);
        return require(id);
    }

    /**
     * Replaces a draft's settings; of a published or closed coupon only the title, description and terms
     * may change (409 {@code coupon_published} naming the first other setting that differs).
     */
    @Transactional
    public CouponView update(UUID id, CouponDraft draft) {
        var current = require(id);
        var f = checked(draft);
        if (current.status() != CouponStatus.DRAFT) {
            String changed = lockedChange(current, f);
            if (changed != null) {
                throw new ProblemException(409, "coupon_published").with("field", changed);
            }
        }
        jdbc.sql("""
                update coupons.coupons set updated_at = :now, title = :title, description = :description,
                    terms = :terms, benefit_type = :benefitType, benefit_amount = :amount, benefit_percent = :percent,
                    benefit_text = :benefitText, valid_from = :validFrom, valid_to = :validTo, valid_days = :validDays,
                    weekdays = :weekdays, hours_from = :hoursFrom, hours_to = :hoursTo, total_cap = :totalCap,
                    per_holder_cap = :perHolderCap, uses_per_coupon = :uses, budget = :budget,
                    value_per_use = :valuePerUse, store_ids = :stores, acquisition = :acquisition,
                    anonymous = :anonymous, reversal_window_minutes = :window, reversal_restores = :restores,
                    apply_from = :applyFrom, apply_until = :applyUntil, winners = :winners
                 where id = :id""")
                .params(settings(f))
                .param("id", id)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        audit.record("coupon.updated", null, Map.of("id", id, "title", f.title()));
        return require(id);
    }

    /**
     * Publishes a draft: from now on it is handed out and used. Its total cap and budget are split over
     * stripes here ({@code tokuten.coupons.stripes}, 16 by default, never more than the cap).
     */
    @Transactional
    public CouponView publish(UUID id) {
        var c = require(id);
        int changed = jdbc.sql("update coupons.coupons set status = 'published', published_at = :now, updated_at = :now"
                        + " where id = :id and status = 'draft'")
                .param("id", id)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        if (changed == 0) {
            throw new ProblemException(409, "invalid_transition")
                    .detail("problem.coupon_invalid_transition")
                    .with("status", c.status().wire());
        }
        if (c.totalCap() != null) {
            int n = Math.min(stripes, c.totalCap());
            jdbc.sql("""
                    insert into coupons.cap_stripes (coupon_id, stripe, remaining)
                    select :id, s, :cap / :n + case when s < :cap % :n then 1 else 0 end
                      from generate_series(0, :n - 1) s""")
                    .param("id", id)
                    .param("cap", c.totalCap())
                    .param("n", n)
                    .update();
        }
        if (c.budget() != null) {
            long perUse = c.valuePerUse() == null ? 1 : c.valuePerUse();
            int n = (int) Math.max(1, Math.min(stripes, c.budget() / perUse));
            jdbc.sql("""
                    insert into coupons.budget_stripes (coupon_id, stripe, remaining)
                    select :id, s, :budget / :n + case when s < :budget % :n then 1 else 0 end
                      from generate_series(0, :n - 1) s""")
                    .param("id", id)
                    .param("budget", c.budget())
                    .param("n", n)
                    .update();
        }
        audit.record("coupon.published", null, Map.of("id", id, "title", c.title()));
        return require(id);
    }

    /** Closes a published coupon: no more acquisitions; coupons already held stay usable until they expire. */
    @Transactional
    public CouponView close(UUID id) {
        var c = require(id);
        int changed = jdbc.sql(
                        "update coupons.coupons set status = 'closed', closed_reason = 'closed', closed_at = :now,"
                                + " updated_at = :now where id = :id and status = 'published'")
                .param("id", id)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        if (changed == 0) {
            throw new ProblemException(409, "invalid_transition")
                    .detail("problem.coupon_invalid_transition")
                    .with("status", c.status().wire());
        }
        audit.record("coupon.closed", null, Map.of("id", id, "title", c.title()));
        return require(id);
    }

    @Transactional(readOnly = true)
    public Optional<CouponView> find(UUID id) {
        return jdbc.sql(SELECT + " where c.id = ?")
                .param(id)
                .query(Coupons::map)
                .optional();
    }

    /** The coupon, or 404 {@code not_found}. */
    @Transactional(readOnly = true)
    public CouponView require(UUID id) {
        return find(id).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    /** The tenant's coupons, newest first, optionally of one status. */
    @Transactional(readOnly = true)
    public List<CouponView> list(@Nullable CouponStatus status) {
        return jdbc.sql(SELECT + " where (:status::text is null or c.status = :status) order by c.created_at desc")
                .param("status", status == null ? null : status.wire())
                .query(Coupons::map)
                .list();
    }

    /** The coupon's settings without its counts (zero), for the hot paths that only need the rules. */
    Optional<CouponView> settings(UUID id) {
        return jdbc.sql(SETTINGS + " where c.id = ?")
                .param(id)
                .query(Coupons::map)
                .optional();
    }

    private CouponFields checked(CouponDraft draft) {
        var f = CouponFields.of(draft);
        for (int i = 0; i < f.stores().size(); i++) {
            if (stores.find(f.stores().get(i)).isEmpty()) {
                throw CouponFields.invalid("stores[" + i + "]");
            }
        }
        return f;
    }

    private static @Nullable String lockedChange(CouponView c, CouponFields f) {
        Map<String, Boolean> same = new LinkedHashMap<>();
        same.put("benefit", c.benefit().equals(f.benefit()));
        same.put(
                "validity",
                java.util.Objects.equals(c.validFrom(), f.validFrom())
                        && java.util.Objects.equals(c.validTo(), f.validTo())
                        && java.util.Objects.equals(c.validDays(), f.validDays()));
        same.put("weekdays", c.weekdays().equals(f.weekdays()));
        same.put(
                "hours",
                java.util.Objects.equals(c.hoursFrom(), f.hoursFrom())
                        && java.util.Objects.equals(c.hoursTo(), f.hoursTo()));
        same.put("totalCap", java.util.Objects.equals(c.totalCap(), f.totalCap()));
        same.put("perHolderCap", java.util.Objects.equals(c.perHolderCap(), f.perHolderCap()));
        same.put("usesPerCoupon", c.usesPerCoupon() == f.usesPerCoupon());
        same.put(
                "budget",
                java.util.Objects.equals(c.budget(), f.budget())
                        && java.util.Objects.equals(c.valuePerUse(), f.valuePerUse()));
        same.put("stores", Set.copyOf(c.stores()).equals(Set.copyOf(f.stores())));
        same.put("acquisition", c.acquisition() == f.acquisition() && c.anonymous() == f.anonymous());
        same.put(
                "lottery",
                java.util.Objects.equals(c.applyFrom(), f.applyFrom())
                        && java.util.Objects.equals(c.applyUntil(), f.applyUntil())
                        && java.util.Objects.equals(c.winners(), f.winners()));
        same.put(
                "reversal",
                c.reversalWindowMinutes() == f.reversalWindowMinutes() && c.reversalRestores() == f.reversalRestores());
        return same.entrySet().stream()
                .filter(e -> !e.getValue())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private static Map<String, @Nullable Object> settings(CouponFields f) {
        Map<String, @Nullable Object> p = new LinkedHashMap<>();
        p.put("title", f.title());
        p.put("description", f.description());
        p.put("terms", f.terms());
        p.put("benefitType", f.benefit().type().wire());
        p.put("amount", f.benefit().amount());
        p.put("percent", f.benefit().percent());
        p.put("benefitText", f.benefit().text());
        p.put("validFrom", f.validFrom());
        p.put("validTo", f.validTo());
        p.put("validDays", f.validDays());
        p.put(
                "weekdays",
                f.weekdays().stream()
                        .mapToInt(DayOfWeek::getValue)
                        .sorted()
                        .boxed()
                        .toArray(Integer[]::new));
        p.put("hoursFrom", f.hoursFrom());
        p.put("hoursTo", f.hoursTo());
        p.put("totalCap", f.totalCap());
        p.put("perHolderCap", f.perHolderCap());
        p.put("uses", f.usesPerCoupon());
        p.put("budget", f.budget());
        p.put("valuePerUse", f.valuePerUse());
        p.put("stores", f.stores().toArray(UUID[]::new));
        p.put("acquisition", f.acquisition().wire());
        p.put("anonymous", f.anonymous());
        p.put("window", f.reversalWindowMinutes());
        p.put("restores", f.reversalRestores());
        p.put("applyFrom", f.applyFrom() == null ? null : Timestamp.from(f.applyFrom()));
        p.put("applyUntil", f.applyUntil() == null ? null : Timestamp.from(f.applyUntil()));
        p.put("winners", f.winners());
        return p;
    }

    /** A coupon with its counts, summed from the rows the triggers keep (migration V6): constant per read. */
    static final String SELECT = """
            select c.*, n.issued as n_issued, n.used as n_used, n.reversed as n_reversed, n.serials as n_serials,
                   (select sum(s.remaining) from coupons.cap_stripes s where s.coupon_id = c.id) as n_remaining,
                   (select sum(b.remaining) from coupons.budget_stripes b where b.coupon_id = c.id) as budget_left
              from coupons.coupons c
              left join lateral (select coalesce(sum(k.issued), 0) as issued, coalesce(sum(k.used), 0) as used,
                                        coalesce(sum(k.reversed), 0) as reversed,
                                        coalesce(sum(k.serials), 0) as serials
                                   from coupons.coupon_counts k where k.coupon_id = c.id) n on true""";

    static final String SETTINGS = "select c.*, 0 as n_issued, 0 as n_used, 0 as n_reversed,"
            + " null::bigint as n_remaining, null::bigint as budget_left, 0 as n_serials from coupons.coupons c";

    static CouponView map(ResultSet rs, int row) throws SQLException {
        var status = CouponStatus.fromDb(rs.getString("status"));
        Integer totalCap = nullableInt(rs, "total_cap");
        Long remaining = nullableLong(rs, "n_remaining");
        if (status == CouponStatus.DRAFT && totalCap != null) {
            remaining = totalCap.longValue();
        }
        Long budget = nullableLong(rs, "budget");
        Long budgetLeft = nullableLong(rs, "budget_left");
        if (status == CouponStatus.DRAFT && budget != null) {
            budgetLeft = budget;
        }
        return new CouponView(
                rs.getObject("id", UUID.class),
                rs.getString("title"),
                rs.getString("description"),
                rs.getString("terms"),
                new Benefit(
                        Benefit.Type.valueOf(rs.getString("benefit_type").toUpperCase(java.util.Locale.ROOT)),
                        nullableLong(rs, "benefit_amount"),
                        nullableInt(rs, "benefit_percent"),
                        rs.getString("benefit_text")),
                rs.getObject("valid_from", LocalDate.class),
                rs.getObject("valid_to", LocalDate.class),
                nullableInt(rs, "valid_days"),
                weekdays(rs.getArray("weekdays")),
                rs.getObject("hours_from", LocalTime.class),
                rs.getObject("hours_to", LocalTime.class),
                totalCap,
                nullableInt(rs, "per_holder_cap"),
                rs.getInt("uses_per_coupon"),
                budget,
                nullableLong(rs, "value_per_use"),
                uuids(rs.getArray("store_ids")),
                CouponDraft.Acquisition.valueOf(rs.getString("acquisition").toUpperCase(java.util.Locale.ROOT)),
                rs.getBoolean("anonymous"),
                rs.getInt("reversal_window_minutes"),
                rs.getBoolean("reversal_restores"),
                status,
                rs.getString("closed_reason"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                instant(rs, "published_at"),
                instant(rs, "closed_at"),
                rs.getLong("n_issued"),
                rs.getLong("n_used"),
                rs.getLong("n_reversed"),
                remaining,
                budgetLeft,
                instant(rs, "apply_from"),
                instant(rs, "apply_until"),
                nullableInt(rs, "winners"),
                instant(rs, "drawn_at"),
                rs.getLong("n_serials"));
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static @Nullable Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Set<DayOfWeek> weekdays(@Nullable Array array) throws SQLException {
        if (array == null) {
            return Set.of();
        }
        var days = EnumSet.noneOf(DayOfWeek.class);
        for (Object o : (Object[]) array.getArray()) {
            days.add(DayOfWeek.of(((Number) o).intValue()));
        }
        return Set.copyOf(days);
    }

    private static List<UUID> uuids(@Nullable Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        var out = new ArrayList<UUID>();
        for (Object o : (Object[]) array.getArray()) {
            out.add((UUID) o);
        }
        return List.copyOf(out);
    }
}
