import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One hot coupon through the HTTP API against the machine's raw PostgreSQL limit for one hot row (issue 12):
 * pgbench's conditional update + insert on one row, acquisitions of one coupon, a cap run that must issue
 * exactly its cap, redemptions, and the API's floor (reads of the empty store list), all in one run with the
 * same number of clients. Run by bench/coupons/run,
 * which starts the node and prepares the hot-row database.
 *
 * <p>Usage (compiled into BENCH_LIB with bench/lib/HotRowBench.java): java -cp BENCH_LIB CouponBench BASE_URL OPERATOR_TOKEN SERVER_PID PG_PORT
 *
 * <p>Settings (system properties): {@code concurrency} (50), {@code seconds} (30, each measured phase and each
 * pgbench run), {@code warm} (60, seconds of acquisitions and then of redeeming them first, not counted), {@code cap} (2,000, the cap of the
 * cap run), {@code redeem} (at least this many instances to redeem, 5,000), {@code script} (pgbench's script),
 * {@code logs} (a directory for pgbench's logs), {@code pgss} (a file prefix: the database's statements per
 * phase, pg_stat_statements must be loaded), {@code jfr} (a file prefix: a flight recording of the node per measured
 * phase), {@code only} ({@code pgbench}: the baseline alone), {@code data} (the node's data directory, to find its database's
 * processes for CPU).
 */
public class CouponBench extends HotRowBench {

    static final Pattern REDEMPTION = Pattern.compile("\"redemptionId\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        int warm = Integer.getInteger("warm", 60);
        int cap = Integer.getInteger("cap", 2000);
        int redeemAtLeast = Integer.getInteger("redeem", 5000);
        begin(args, "coupons", warm);

        // 1. the raw limit, before
        Pg before = pgbench(concurrency, seconds, logs, "before");
        // the same with as many clients as the node has database connections (its pool): what one hot row
        // allows when its clients do not queue on its lock beyond the pool
        int pool = Integer.getInteger("pool", 10);
        Pg atPool = pool != concurrency ? pgbench(pool, seconds, logs, pool + " clients (the node's pool)") : null;
        if (System.getProperty("only", "").equals("pgbench")) {
            return;
        }

        // 2. acquisitions of one hot coupon whose cap the run cannot reach
        String hot = publishedCoupon("hot coupon " + RUN, 10_000_000);
        AtomicLong holders = new AtomicLong();
        // warm-up, not counted: acquisitions, then redemptions of what they acquired (the JIT compiles both paths)
        List<Answer> warmAcq = acquireBurst(hot, concurrency, warm, holders, false);
        System.out.printf("acquisitions, warm-up: %d answers %s%n", warmAcq.size(), byStatus(warmAcq));
        var warmCodes = new ConcurrentLinkedQueue<String>();
        warmAcq.stream().filter(a -> a.status() == 201).forEach(a -> warmCodes.add(a.code()));
        List<Answer> warmRed = redeemBurst(warmCodes, concurrency, warm, null);
        System.out.printf("redemptions, warm-up: %d answers %s%n", warmRed.size(), byStatus(warmRed));
        Thread.sleep(1000);
        resetStatements(pgss);
        Phase acq = measure("acquisitions", () -> acquireBurst(hot, concurrency, seconds, holders, false), s -> s.status() == 201);
        dumpStatements(pgss, "acquire");
        Map<String, Long> hotCounts = counts(hot);
        long acquired = warmAcq.stream().filter(a -> a.status() == 201).count()
                + acq.answers().stream().filter(a -> a.status() == 201).count();
        System.out.printf(
                "hot coupon afterwards: %s; 201 answers %d: %s%n",
                hotCounts, acquired, acquired == hotCounts.getOrDefault("issued", -1L) ? "the same" : "DIFFERENT");

        // 3. the cap run: the same clients until every one of them is told cap_reached
        String capped = publishedCoupon("capped coupon " + RUN, cap);
        long capStart = System.nanoTime();
        List<Answer> capRun = acquireBurst(capped, concurrency, 120, holders, true);
        double capSeconds = (System.nanoTime() - capStart) / 1e9;
        long created = capRun.stream().filter(a -> a.status() == 201).count();
        long distinctCodes = capRun.stream().filter(a -> a.status() == 201).map(Answer::code).distinct().count();
        long refused = capRun.stream().filter(a -> a.status() == 409 && "cap_reached".equals(a.code())).count();
        Map<String, Long> capCounts = counts(capped);
        boolean exact = created == cap && distinctCodes == cap && capCounts.getOrDefault("issued", -1L) == cap
                && capCounts.getOrDefault("remaining", -1L) == 0;
        String oversell = exact
                ? "zero oversell: cap %,d, %,d answered 201 with %,d distinct codes, issued %,d, remaining %d"
                        .formatted(cap, created, distinctCodes, capCounts.get("issued"), capCounts.get("remaining"))
                : "CAP NOT EXACT: cap %,d, %,d answered 201 (%,d distinct codes), counts %s"
                        .formatted(cap, created, distinctCodes, capCounts);
        System.out.printf(
                "cap run: %d answers in %.1f s %s, 409 cap_reached %d; %s%n",
                capRun.size(), capSeconds, byStatus(capRun), refused, oversell);

        // 4. redemptions: instances acquired above (topped up untimed), each redeemed once
        List<String> codes = new ArrayList<>(warmCodes); // acquired in the warm-up, not redeemed in it
        acq.answers().stream().filter(a -> a.status() == 201).forEach(a -> codes.add(a.code()));
        if (codes.size() < redeemAtLeast) {
            codes.addAll(acquireCount(hot, concurrency, redeemAtLeast - codes.size(), holders));
        }
        Thread.sleep(1000);
        var rest = new ConcurrentLinkedQueue<>(codes);
        Map<String, String[]> sample = Collections.synchronizedMap(new TreeMap<>());
        resetStatements(pgss);
        Phase red = measure("redemptions", () -> redeemBurst(rest, concurrency, seconds, sample), s -> s.status() == 200);
        dumpStatements(pgss, "redeem");
        long redeemed = warmRed.stream().filter(a -> a.status() == 200).count()
                + red.answers().stream().filter(a -> a.status() == 200).count();
        // the same request again (same key): the same answer, no second use; a new key: already_used
        int sameBody = 0, alreadyUsed = 0, checked = 0;
        for (var e : new ArrayList<>(sample.entrySet()).subList(0, Math.min(20, sample.size()))) {
            var again = redeem(e.getKey(), e.getValue()[0]);
            Matcher m = REDEMPTION.matcher(again.body());
            if (again.statusCode() == 200 && m.find() && m.group(1).equals(e.getValue()[1])) {
                sameBody++;
            }
            var other = redeem(e.getKey(), UUID.randomUUID().toString());
            if (other.statusCode() == 409 && other.body().contains("already_used")) {
                alreadyUsed++;
            }
            checked++;
        }
        Map<String, Long> afterRedeem = counts(hot);
        boolean usedRight = afterRedeem.getOrDefault("used", -1L) == redeemed;
        System.out.printf(
                "hot coupon after redemptions: %s; 200 answers %d: %s; retried with the same key: %d of %d the same"
                        + " redemption, with a new key: %d of %d already_used%n",
                afterRedeem, redeemed, usedRight ? "used is the same" : "used is DIFFERENT", sameBody, checked,
                alreadyUsed, checked);

        // the API's floor on this machine: a read through the same stack (API key, filters, a transaction, JSON)
        // that costs the database next to nothing, the tenant's (empty) list of stores: what any call through
        // the API can at most approach here
        resetStatements(pgss);
        Phase read = measure("reads of the store list", () -> readBurst("/api/v1/stores", concurrency, seconds),
                s -> s.status() == 200);
        dumpStatements(pgss, "read");

        // 5. the raw limit, after (the machine is shared: the higher of the two is the limit compared with)
        Pg after = pgbench(concurrency, seconds, logs, "after");
        double limit = table(List.of(before, after), atPool == null ? List.of() : List.of(atPool), List.of(acq, red, read));
        System.out.println();
        if (atPool != null) {
            System.out.printf(
                    "Against pgbench with as many clients as the node's pool has connections (%,.0f tps) instead:"
                            + " acquisitions %.2f×, redemptions %.2f×.%n",
                    atPool.tps(), acq.perSecond() / atPool.tps(), red.perSecond() / atPool.tps());
        }
        System.out.println("Cap run: " + oversell + ".");
        System.out.printf("Redemptions: %d answered 200, used %d: %s.%n", redeemed, afterRedeem.getOrDefault("used", -1L),
                usedRight ? "the same" : "DIFFERENT");
        System.out.printf(
                "Must (>= 0.5x the hot-row limit with zero oversell): acquisitions %.2fx, redemptions %.2fx, %s: %s%n",
                acq.perSecond() / limit, red.perSecond() / limit, exact ? "zero oversell" : "OVERSOLD OR SHORT",
                acq.perSecond() >= 0.5 * limit && red.perSecond() >= 0.5 * limit && exact ? "MET" : "NOT MET");
    }

    /**
     * Acquisitions of one coupon by {@code concurrency} clients, each with a holder of its own per request, for
     * {@code seconds}; with {@code untilCapReached} each client stops at its first 409 cap_reached.
     */
    static List<Answer> acquireBurst(String coupon, int concurrency, int seconds, AtomicLong holders, boolean untilCapReached)
            throws Exception {
        return burst(concurrency, seconds, () -> acquire(coupon, holders.incrementAndGet()),
                a -> untilCapReached && a.status() == 409 && "cap_reached".equals(a.code()));
    }

    /** {@code count} more instances of a coupon, not timed (for the redemptions). */
    static List<String> acquireCount(String coupon, int concurrency, int count, AtomicLong holders) throws Exception {
        List<String> codes = Collections.synchronizedList(new ArrayList<>());
        AtomicLong left = new AtomicLong(count);
        try (var pool = clientThreads()) {
            for (int c = 0; c < concurrency; c++) {
                pool.submit(() -> {
                    while (left.decrementAndGet() >= 0) {
                        Answer a = acquire(coupon, holders.incrementAndGet());
                        if (a.status() == 201) {
                            codes.add(a.code());
                        }
                    }
                    Http.release();
                    return null;
                });
            }
        }
        System.out.printf("acquired %d more instances to redeem%n", codes.size());
        return codes;
    }

    static Answer acquire(String coupon, long holder) {
        String body = "{\"holder\":\"h" + holder + "-" + RUN + "@example.com\"}";
        return timed(() -> post("/api/v1/coupons/" + coupon + "/acquire", body, null));
    }

    /**
     * Redeems the codes of the queue once each, {@code concurrency} at a time, for at most {@code seconds};
     * {@code sample} (if given) keeps each redeemed code's idempotency key and redemption id.
     */
    static List<Answer> redeemBurst(ConcurrentLinkedQueue<String> queue, int concurrency, int seconds, Map<String, String[]> sample)
            throws Exception {
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicBoolean ranOut = new AtomicBoolean();
        try (var pool = clientThreads()) {
            for (int c = 0; c < concurrency; c++) {
                pool.submit(() -> {
                    String code;
                    while (System.nanoTime() < deadline) {
                        code = queue.poll();
                        if (code == null) {
                            ranOut.set(true);
                            break;
                        }
                        String idempotencyKey = UUID.randomUUID().toString();
                        String theCode = code;
                        long start = System.nanoTime();
                        Reply r;
                        try {
                            r = redeem(theCode, idempotencyKey);
                        } catch (Exception e) {
                            answers.add(new Answer(-1, System.nanoTime() - start, null, start));
                            continue;
                        }
                        answers.add(answer(r, System.nanoTime() - start, start));
                        if (sample != null && r.statusCode() == 200 && sample.size() < 20) {
                            Matcher m = REDEMPTION.matcher(r.body());
                            if (m.find()) {
                                sample.put(theCode, new String[] {idempotencyKey, m.group(1)});
                            }
                        }
                    }
                    Http.release();
                    return null;
                });
            }
        }
        if (ranOut.get() && sample != null) {
            System.out.println("  (every instance redeemed before the time was up)");
        }
        return answers;
    }

    static Reply redeem(String code, String idempotencyKey) throws Exception {
        return post("/api/v1/coupon-instances/" + code + "/redeem", "{\"storeId\":null}", idempotencyKey);
    }

    /** A published first-come coupon of ¥100 off, 30 days from acquisition, single use, any store. */
    static String publishedCoupon(String title, long totalCap) throws Exception {
        var created = post("/api/v1/coupons", "{\"title\":\"" + title + "\",\"benefit\":{\"type\":\"amount_off\",\"amount\":100},"
                + "\"validity\":{\"days\":30},\"totalCap\":" + totalCap + ",\"perHolderCap\":null,\"usesPerCoupon\":1,"
                + "\"stores\":[],\"acquisition\":\"first_come\"}", null);
        Matcher m = ID.matcher(created.body());
        if (created.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("could not create a coupon: " + created.statusCode() + " " + created.body());
        }
        var published = post("/api/v1/coupons/" + m.group(1) + "/publish", "{}", null);
        if (published.statusCode() / 100 != 2) {
            throw new IllegalStateException("could not publish the coupon: " + published.statusCode() + " " + published.body());
        }
        return m.group(1);
    }

    /** The coupon's counts: issued, used, reversed, remaining. */
    static Map<String, Long> counts(String coupon) throws Exception {
        var r = get("/api/v1/coupons/" + coupon);
        Map<String, Long> counts = new TreeMap<>();
        for (String name : List.of("issued", "used", "reversed", "remaining")) {
            Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(-?\\d+)").matcher(r.body());
            if (m.find()) {
                counts.put(name, Long.parseLong(m.group(1)));
            }
        }
        if (r.statusCode() != 200 || counts.isEmpty()) {
            throw new IllegalStateException("could not read the coupon: " + r.statusCode() + " " + r.body());
        }
        return counts;
    }
}
