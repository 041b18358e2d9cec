package jp.tokuten.coupons;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Serial codes (シリアルコード) of the bound tenant's coupons: instances with no holder yet, generated in bulk
 * or imported from codes the tenant printed elsewhere, handed out on paper or by the tenant's own channels
 * and claimed by a holder who types one ({@link Acquisitions#claim}), or redeemed at once without a holder.
 * Each takes a unit of the total cap when it is made: all the units of one call in one statement, all or
 * none (409 {@code cap_reached} when fewer are left, and nothing is made), and the codes of one call are
 * inserted all or none, in multi-row inserts of {@value #BATCH}. Generated codes are
 * {@link CouponCodes} (12 of 25 characters, about 55.7 bits each).
 */
@Service
public class SerialCodes {

    /** Most codes one call generates or imports. */
    public static final int MAX_PER_CALL = 100_000;

    /** Rows per multi-row insert. */
    static final int BATCH = 5_000;

    /** Most line errors one refused import lists. */
    static final int MAX_ERRORS = 100;

    private final JdbcClient jdbc;
    private final Coupons coupons;
    private final Acquisitions acquisitions;
    private final CapUnits units;
    private final AuditTrail audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final HolderReferences holders;

    SerialCodes(
            JdbcClient jdbc,
            Coupons coupons,
            Acquisitions acquisitions,
            CapUnits units,
            AuditTrail audit,
            Clock clock,
            TransactionTemplate tx,
            HolderReferences holders) {
        this.tx = tx;
        this.holders = holders;
        this.jdbc = jdbc;
        this.coupons = coupons;
        this.acquisitions = acquisitions;
        this.units = units;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Generates {@code count} (1 to {@link #MAX_PER_CALL}) new serial codes of a published first-come coupon.
     * 422 {@code invalid_count}; 409 {@code cap_reached}, {@code coupon_not_published}, {@code coupon_closed},
     * {@code acquisition_by_lottery}; 404 {@code not_found}.
     */
    public int generate(UUID couponId, int count) {
        if (count < 1 || count > MAX_PER_CALL) {
            throw new ProblemException(422, "invalid_count", MAX_PER_CALL).with("field", "count");
        }
        return withUnits(couponId, count, coupon -> {
            Instant now = clock.instant();
            int made = 0;
            while (made < count) {
                int n = Math.min(BATCH, count - made);
                var codes = new ArrayList<String>(n);
                for (int i = 0; i < n; i++) {
                    codes.add(CouponCodes.next());
                }
                // a code already taken (or drawn twice) is skipped by the insert and drawn again
                made += insert(coupon, codes, now).size();
            }
            audit.record("coupon.serials_generated", null, Map.of("coupon", couponId, "count", count));
            return count;
        });
    }

    /**
     * Takes {@code count} units of the cap in a transaction of its own (so the stripes are locked for one
     * statement, not while thousands of rows are inserted), then makes the codes in another; when that fails
     * the units are given back. A crash between the two leaves units taken and no codes: fewer handed out,
     * never more.
     */
    private int withUnits(UUID couponId, int count, java.util.function.Function<CouponView, Integer> make) {
        var coupon = tx.execute(s -> usable(couponId, count));
        try {
            return tx.execute(s -> make.apply(coupon));
        } catch (RuntimeException e) {
            if (coupon.totalCap() != null) {
                tx.executeWithoutResult(s -> units.giveBack(couponId, count));
            }
            throw e;
        }
    }

    /** A fault of one line of an imported file (line 1 is its first line). */
    public record LineError(long line, String code) {}

    /**
     * Imports the codes of a CSV file, one per line in its first column (a header line without a valid code
     * is skipped; blank lines too): as typed (any case, width, spaces or hyphens), {@link CouponCodes#LENGTH}
     * to 20 characters of {@link CouponCodes#ALPHABET}. All or none: 422 {@code invalid_csv} with
     * {@code errors} [{line, code}] (codes {@code invalid_code}, {@code duplicate_in_file},
     * {@code already_exists}, {@code too_many_rows}, {@code no_codes}); 409 as {@link #generate}.
     */
    public int importCodes(UUID couponId, List<String> lines) {
        var errors = new ArrayList<LineError>();
        var codes = new LinkedHashMap<String, Long>();
        for (int i = 0; i < lines.size() && errors.size() < MAX_ERRORS; i++) {
            long line = i + 1;
            String cell = lines.get(i).strip();
            if (cell.isEmpty()) {
                continue;
            }
            String code = valid(cell);
            if (code == null) {
                if (line == 1) {
                    continue; // a header
                }
                errors.add(new LineError(line, "invalid_code"));
            } else if (codes.containsKey(code)) {
                errors.add(new LineError(line, "duplicate_in_file"));
            } else if (codes.size() >= MAX_PER_CALL) {
                errors.add(new LineError(line, "too_many_rows"));
                break;
            } else {
                codes.put(code, line);
            }
        }
        if (errors.isEmpty() && codes.isEmpty()) {
            errors.add(new LineError(0, "no_codes"));
        }
        if (!errors.isEmpty()) {
            throw refused(errors);
        }
        return withUnits(couponId, codes.size(), coupon -> {
            Instant now = clock.instant();
            var all = new ArrayList<>(codes.keySet());
            var existing = new ArrayList<LineError>();
            for (int from = 0; from < all.size(); from += BATCH) {
                var batch = all.subList(from, Math.min(all.size(), from + BATCH));
                var inserted = new HashSet<>(insert(coupon, batch, now));
                for (String code : batch) {
                    if (!inserted.contains(code) && existing.size() < MAX_ERRORS) {
                        existing.add(new LineError(codes.get(code), "already_exists"));
                    }
                }
            }
            if (!existing.isEmpty()) {
                throw refused(existing); // rolls back the codes inserted; the units are given back
            }
            audit.record("coupon.serials_imported", null, Map.of("coupon", couponId, "count", codes.size()));
            return codes.size();
        });
    }

    /** The code as stored when it is one a serial may have, else null. */
    static @Nullable String valid(String typed) {
        return CouponCodes.normalize(typed)
                .filter(c -> c.length() >= CouponCodes.LENGTH && c.length() <= 20)
                .filter(c -> c.chars().allMatch(ch -> CouponCodes.ALPHABET.indexOf(ch) >= 0))
                .orElse(null);
    }

    private static ProblemException refused(List<LineError> errors) {
        var list = errors.stream()
                .sorted(java.util.Comparator.comparingLong(LineError::line))
                .limit(MAX_ERRORS)
                .map(e -> {
                    var m = new LinkedHashMap<String, Object>();
                    m.put("line", e.line());
                    m.put("code", e.code());
                    return m;
                })
                .toList();
        return new ProblemException(422, "invalid_csv", errors.size()).with("errors", list);
    }

    /** One serial code as exported: state {@code unclaimed}, {@code claimed}, {@code used} or {@code expired}. */
    public record Serial(
            String code,
            String state,
            @Nullable String holder,
            @Nullable Instant claimedAt,
            Instant createdAt) {}

    /** The coupon's serial codes (claimed ones too), oldest first, passed one by one; 404 {@code not_found}. */
    @Transactional(readOnly = true)
    public void export(UUID couponId, Consumer<Serial> each) {
        coupons.require(couponId);
        Instant now = clock.instant();
        jdbc.sql("""
                select i.code, i.uses_left, i.valid_until, i.claimed_at, i.created_at, h.reference, h.reference_sealed
                  from coupons.instances i left join coupons.holders h on h.id = i.holder_id
                 where i.coupon_id = ? and i.source = 'serial' order by i.created_at, i.code""").param(couponId).query(rs -> {
            Instant claimed = Coupons.instant(rs, "claimed_at");
            String state;
            if (rs.getInt("uses_left") == 0) {
                state = "used";
            } else if (!now.isBefore(rs.getTimestamp("valid_until").toInstant())) {
                state = "expired";
            } else {
                state = claimed == null ? "unclaimed" : "claimed";
            }
            each.accept(new Serial(
                    rs.getString("code"),
                    state,
                    holders.open(rs.getBytes("reference_sealed"), rs.getString("reference")),
                    claimed,
                    rs.getTimestamp("created_at").toInstant()));
        });
    }

    private CouponView usable(UUID couponId, int count) {
        var coupon = acquisitions.published(couponId);
        if (coupon.acquisition() == CouponDraft.Acquisition.LOTTERY) {
            throw new ProblemException(409, "acquisition_by_lottery");
        }
        if (coupon.validTo() != null
                && LocalDate.ofInstant(clock.instant(), Acquisitions.TOKYO).isAfter(coupon.validTo())) {
            throw new ProblemException(409, "expired");
        }
        if (coupon.totalCap() != null && !units.takeExactly(couponId, count)) {
            throw new ProblemException(409, "cap_reached");
        }
        return coupon;
    }

    /** Inserts serial instances with these codes in one statement; the codes inserted (not those taken). */
    private List<String> insert(CouponView coupon, List<String> codes, Instant now) {
        Instant from;
        Instant until;
        if (coupon.validDays() != null) {
            from = now;
            until = LocalDate.ofInstant(now, Acquisitions.TOKYO)
                    .plusDays(coupon.validDays())
                    .atStartOfDay(Acquisitions.TOKYO)
                    .toInstant();
        } else {
            from = coupon.validFrom().atStartOfDay(Acquisitions.TOKYO).toInstant();
            until = coupon.validTo()
                    .plusDays(1)
                    .atStartOfDay(Acquisitions.TOKYO)
                    .toInstant();
        }
        var ids = new UUID[codes.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = TimeOrderedIds.next(clock);
        }
        return jdbc.sql("""
                insert into coupons.instances (id, coupon_id, code, source, uses_total, uses_left, valid_from,
                    valid_until, created_at)
                select c.id, :coupon, c.code, 'serial', :uses, :uses, :from, :until, :now
                  from unnest(:ids::uuid[], :codes::text[]) as c(id, code)
                on conflict (tenant_id, code) do nothing
                returning code""")
                .param("coupon", coupon.id())
                .param("uses", coupon.usesPerCoupon())
                .param("from", Timestamp.from(from))
                .param("until", Timestamp.from(until))
                .param("now", Timestamp.from(now))
                .param("ids", ids)
                .param("codes", codes.toArray(String[]::new))
                .query(String.class)
                .list();
    }
}
