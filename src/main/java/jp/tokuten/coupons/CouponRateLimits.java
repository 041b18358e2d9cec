package jp.tokuten.coupons;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.Secrets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rate limits against guessing codes and hoarding coupons, per source address and per holder of the bound
 * tenant: fixed windows counted in {@code coupons.rate_limits}, one upsert per check, in a transaction of
 * their own (a refused or failed request still counts). Over a limit the answer is 429 {@code rate_limited}
 * with {@code Retry-After} (the seconds until the window ends). The first refusal of a key in a window is
 * recorded once: a meaning entry {@code coupon.rate_limited} and a WARN log, naming the address (for a
 * source) but never the holder or the code typed. A null source or holder is not counted (e.g. the API,
 * whose caller is the tenant's own server: decision 110); a limit set to 0 is off.
 *
 * <p>Call {@link #acquisition} before an acquisition or lottery application; {@link #codeEntry} before a
 * typed code or PIN is checked (it also refuses while the key has too many failures); {@link #failure}
 * after a wrong one (a wrong code and a used code count alike). Settings {@code tokuten.coupons.rate.*}.
 */
@Component
public class CouponRateLimits {

    private static final Logger log = LoggerFactory.getLogger(CouponRateLimits.class);

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final Duration window;
    private final Duration failureWindow;
    private final Map<String, Integer> limits = new LinkedHashMap<>();
    private final boolean apiBySource;

    CouponRateLimits(
            JdbcClient jdbc,
            AuditTrail audit,
            Clock clock,
            @Value("${tokuten.coupons.rate.window:PT1M}") Duration window,
            @Value("${tokuten.coupons.rate.failure-window:PT15M}") Duration failureWindow,
            @Value("${tokuten.coupons.rate.acquisitions-per-source:30}") int acquisitionsPerSource,
            @Value("${tokuten.coupons.rate.acquisitions-per-holder:10}") int acquisitionsPerHolder,
            @Value("${tokuten.coupons.rate.code-entries-per-source:30}") int codeEntriesPerSource,
            @Value("${tokuten.coupons.rate.code-entries-per-holder:10}") int codeEntriesPerHolder,
            @Value("${tokuten.coupons.rate.failures-per-source:20}") int failuresPerSource,
            @Value("${tokuten.coupons.rate.failures-per-holder:5}") int failuresPerHolder,
            @Value("${tokuten.coupons.rate.api-by-source:false}") boolean apiBySource) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.window = positive(window);
        this.failureWindow = positive(failureWindow);
        this.apiBySource = apiBySource;
        limits.put(ACQUISITION + SOURCE, acquisitionsPerSource);
        limits.put(ACQUISITION + HOLDER, acquisitionsPerHolder);
        limits.put(CODE_ENTRY + SOURCE, codeEntriesPerSource);
        limits.put(CODE_ENTRY + HOLDER, codeEntriesPerHolder);
        limits.put(FAILURE + SOURCE, failuresPerSource);
        limits.put(FAILURE + HOLDER, failuresPerHolder);
    }

    static final String ACQUISITION = "acquisition";
    static final String CODE_ENTRY = "code_entry";
    static final String FAILURE = "failure";
    static final String SOURCE = ".source";
    static final String HOLDER = ".holder";

    /**
     * The source an API call is counted under: its address when {@code tokuten.coupons.rate.api-by-source} is
     * on, else null (not counted by source: the caller is the tenant's server, one address for all its
     * holders, and one counter row for all of them would be the hot row the cap stripes avoid).
     */
    public @Nullable String apiSource(@Nullable String address) {
        return apiBySource ? address : null;
    }

    /** One acquisition or lottery application; 429 {@code rate_limited} when over the limit. */
    @Transactional(propagation = Propagation.REQUIRES_NEW, noRollbackFor = ProblemException.class)
    public void acquisition(@Nullable String source, @Nullable String holder) {
        check(java.util.Arrays.asList(hit(ACQUISITION, SOURCE, source, 1), hit(ACQUISITION, HOLDER, holder, 1)));
    }

    /**
     * One acquisition by a holder, counted in the caller's transaction by a part of the caller's own statement
     * ({@link #COUNT}, its parameters from {@link HolderCount#bind}): the acquisition and its count commit together, and
     * the count costs no round trip of its own (bench/coupons, decisions 153 and 166). Null when the per-holder
     * limit is off. Only the holder is counted so: a source address is one row for all its holders, which would
     * be held locked for the whole acquisition. The caller refuses over the limit with
     * {@link #refuseOverHolderAcquisitions}; its transaction then rolls back with every write, the count
     * included, and the refused request is counted again on its own by {@link #acquisition}, which reports
     * and answers 429 ({@link LimitedAcquisitions}).
     */
    @Nullable
    HolderCount holderAcquisition(String holder) {
        var h = hit(ACQUISITION, HOLDER, holder, 1);
        if (h == null) {
            return null;
        }
        return new HolderCount(
                h.bucket(),
                Secrets.sha256(h.bucket() + ":" + h.key()),
                Timestamp.from(windowStart(h.bucket(), clock.instant())));
    }

    /** A holder's acquisition to count, as parameters of {@link #COUNT}. */
    record HolderCount(String bucket, byte[] key, Timestamp start) {

        /** The parameters of {@link #COUNT} for this count, or for none when {@code count} is null. */
        static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, @Nullable HolderCount count) {
            // bound as the arrays of check()'s upsert, so that both write the same window start
            return statement
                    .param("rl_buckets", count == null ? null : new String[] {count.bucket()})
                    .param("rl_keys", count == null ? null : new byte[][] {count.key()})
                    .param("rl_starts", count == null ? null : new Timestamp[] {count.start()})
                    .param("rl_by", count == null ? null : new Integer[] {1});
        }
    }

    /**
     * Adds to counters, one per element of the arrays {@code rl_buckets}, {@code rl_keys}, {@code rl_starts},
     * {@code rl_by}, a counter whose window has passed starting again; returns each counter's {@code bucket} and
     * {@code hits}, and adds nothing when the arrays are null. {@link #check} runs it alone; an acquisition runs
     * it for one key as a common table expression of its first statement ({@link HolderCount#bind}).
     */
    static final String COUNT = """
            insert into coupons.rate_limits (bucket, key_sha256, window_start, hits)
            select * from unnest(:rl_buckets::text[], :rl_keys::bytea[], :rl_starts::timestamptz[], :rl_by::int[])
            on conflict (tenant_id, bucket, key_sha256) do update set
                hits = case when rate_limits.window_start = excluded.window_start
                            then rate_limits.hits + excluded.hits else excluded.hits end,
                window_start = excluded.window_start
            returning bucket, hits""";

    /** 429 {@code rate_limited} with {@code Retry-After}, not reported, when {@code hits} is over the limit. */
    void refuseOverHolderAcquisitions(HolderCount count, int hits) {
        if (hits <= limits.get(count.bucket())) {
            return;
        }
        Instant now = clock.instant();
        Instant end = windowStart(count.bucket(), now).plus(length(count.bucket()));
        long seconds = Math.max(1, (Duration.between(now, end).toMillis() + 999) / 1000);
        throw new ProblemException(429, "rate_limited").retryAfter(Duration.ofSeconds(seconds));
    }

    /**
     * One code or PIN typed (a serial claim, a PIN at the counter); 429 {@code rate_limited} when over the
     * limit, or while the source or holder has as many failures as allowed in the failure window.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW, noRollbackFor = ProblemException.class)
    public void codeEntry(@Nullable String source, @Nullable String holder) {
        check(java.util.Arrays.asList(
                hit(CODE_ENTRY, SOURCE, source, 1),
                hit(CODE_ENTRY, HOLDER, holder, 1),
                hit(FAILURE, SOURCE, source, 0),
                hit(FAILURE, HOLDER, holder, 0)));
    }

    /** A wrong (or used) code or PIN; 429 {@code rate_limited} when it takes the key over its limit. */
    @Transactional(propagation = Propagation.REQUIRES_NEW, noRollbackFor = ProblemException.class)
    public void failure(@Nullable String source, @Nullable String holder) {
        check(java.util.Arrays.asList(hit(FAILURE, SOURCE, source, 1), hit(FAILURE, HOLDER, holder, 1)));
    }

    /** One counter to add to: which, whose, by how much. */
    private record Hit(String bucket, String kind, String key, int by) {}

    private @Nullable Hit hit(String what, String kind, @Nullable String key, int by) {
        if (key == null || key.isBlank() || limits.get(what + kind) <= 0) {
            return null; // not counted, or the limit is off (0)
        }
        String k = kind.equals(HOLDER) ? Acquisitions.reference(key) : key.strip();
        return new Hit(what + kind, kind, k, by);
    }

    private void check(List<@Nullable Hit> wanted) {
        check(wanted, true);
    }

    private void check(List<@Nullable Hit> wanted, boolean report) {
        var hits = wanted.stream().filter(java.util.Objects::nonNull).toList();
        if (hits.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        var buckets = new String[hits.size()];
        var keys = new byte[hits.size()][];
        var by = new Integer[hits.size()];
        var starts = new Timestamp[hits.size()];
        for (int i = 0; i < hits.size(); i++) {
            Hit h = hits.get(i);
            buckets[i] = h.bucket();
            keys[i] = Secrets.sha256(h.bucket() + ":" + h.key());
            by[i] = h.by();
            starts[i] = Timestamp.from(windowStart(h.bucket(), now));
        }
        var counted = new LinkedHashMap<String, Integer>();
        jdbc.sql(COUNT)
                .param("rl_buckets", buckets)
                .param("rl_keys", keys)
                .param("rl_starts", starts)
                .param("rl_by", by)
                .query((rs, row) -> counted.put(rs.getString("bucket"), rs.getInt("hits")))
                .list();
        var over = new ArrayList<Hit>();
        for (int i = 0; i < hits.size(); i++) {
            Hit h = hits.get(i);
            int limit = limits.get(h.bucket());
            int n = counted.getOrDefault(h.bucket(), 0);
            // a count checked without adding to it (failures before a code is typed) refuses at the limit
            if (h.by() == 0 ? n >= limit : n > limit) {
                over.add(h);
            }
        }
        if (over.isEmpty()) {
            return;
        }
        Duration wait = Duration.ZERO;
        for (int i = 0; i < hits.size(); i++) {
            Hit h = hits.get(i);
            if (!over.contains(h)) {
                continue;
            }
            Instant end = windowStart(h.bucket(), now).plus(length(h.bucket()));
            Duration left = Duration.between(now, end);
            if (left.compareTo(wait) > 0) {
                wait = left;
            }
            if (!report) {
                continue;
            }
            boolean first = jdbc.sql("""
                    update coupons.rate_limits set reported_for = window_start
                     where bucket = ? and key_sha256 = ? and reported_for is distinct from window_start""").params(h.bucket(), keys[i]).update() == 1;
            if (first) {
                String who = h.kind().equals(SOURCE) ? h.key() : "holder";
                audit.record(
                        "coupon.rate_limited",
                        "too many requests",
                        Map.of(
                                "limit", h.bucket(),
                                "key", who,
                                "max", limits.get(h.bucket()),
                                "seconds", length(h.bucket()).toSeconds()));
                log.warn(
                        "Coupon rate limit {} reached by {} (at most {} in {} s)",
                        h.bucket(),
                        who,
                        limits.get(h.bucket()),
                        length(h.bucket()).toSeconds());
            }
        }
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        throw new ProblemException(429, "rate_limited").retryAfter(Duration.ofSeconds(seconds));
    }

    private Duration length(String bucket) {
        return bucket.startsWith(FAILURE) ? failureWindow : window;
    }

    /** The start of the fixed window {@code now} falls in, windows aligned on the epoch. */
    private Instant windowStart(String bucket, Instant now) {
        long ms = length(bucket).toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), ms) * ms);
    }

    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() || d.toMillis() < 1000 ? Duration.ofSeconds(1) : d;
    }
}
