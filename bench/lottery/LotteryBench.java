import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instant-win plays of one hot course through the HTTP API against the machine's raw PostgreSQL limit for one
 * hot row (issue 13): pgbench's conditional update + insert on one row (bench/lib/hot-row.sql, the equivalent
 * of a win taking a stock unit and recording its play) before and after, with the same number of clients;
 * plays of a course at certain odds (every play wins: every play takes a unit of stock, the hot path) and of a
 * paced course; the stock checked afterwards (never below what the answers say was won). Run by
 * bench/lottery/run, which starts the node and prepares the hot-row database.
 *
 * <p>Usage (compiled into BENCH_LIB with bench/lib/HotRowBench.java): java -cp BENCH_LIB LotteryBench BASE_URL OPERATOR_TOKEN SERVER_PID PG_PORT
 *
 * <p>Settings (system properties): {@code concurrency} (50), {@code seconds} (30, each measured phase and each
 * pgbench run), {@code warm} (30, seconds of plays first, not counted), {@code entries} (approved entries made
 * for the plays, 60,000), {@code logs}, {@code pgss}, {@code jfr}, {@code data} as in bench/coupons.
 */
public class LotteryBench extends HotRowBench {

    static final Pattern RESULT = Pattern.compile("\"result\"\\s*:\\s*\"(win|lose)\"");
    static final Pattern REMAINING = Pattern.compile("\"remaining\"\\s*:\\s*(\\d+)\\s*,\\s*\"createdAt\"");

    public static void main(String[] args) throws Exception {
        int warm = Integer.getInteger("warm", 30);
        int entries = Integer.getInteger("entries", 60_000);
        begin(args, "lottery", warm);
        Pg before = pgbench(concurrency, seconds, logs, "before");

        String tenant = psql("postgres", "select id from tenancy.tenants where slug = 'lottery-" + RUN + "'").strip();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tokyo"));
        String campaign = created(post("/api/v1/campaigns", "{\"name\":\"lottery bench " + RUN + "\",\"purchasePeriod\":"
                + "{\"from\":\"" + today.minusDays(1) + "\",\"to\":\"" + today.plusDays(30) + "\"}}", null), "campaign");
        String certain = course(campaign, "A", 10_000_000, "1");
        String paced = course(campaign, "B", 1_000, "null");
        List<String> ids = approvedEntries(tenant, campaign, entries);
        System.out.printf("%,d approved entries made for the plays%n", ids.size());

        // warm-up, not counted: plays at certain odds (the JIT compiles the path)
        var queue = new ConcurrentLinkedQueue<>(ids);
        List<Answer> warmPlays = playBurst(queue, certain, concurrency, warm);
        System.out.printf("plays, warm-up: %d answers %s%n", warmPlays.size(), byStatus(warmPlays));
        Thread.sleep(1000);
        resetStatements(pgss);
        Phase wins = measure("plays at certain odds (every play wins: a stock unit, an award)",
                () -> playBurst(queue, certain, concurrency, seconds), a -> a.status() == 200);
        dumpStatements(pgss, "play-win");
        long won = won(warmPlays) + won(wins.answers());
        long left = remaining(certain);
        System.out.printf("course A afterwards: %,d of 10,000,000 left, %,d wins answered: %s%n",
                left, won, left == 10_000_000 - won ? "the same" : "DIFFERENT");

        // paced: the same entries play course B, a stock of 1,000 for the month (one play per entry and course):
        // the chance is about 1,000 / (the plays of a day x 31 days), so almost every play loses
        var again = new ConcurrentLinkedQueue<>(ids);
        resetStatements(pgss);
        Phase pacedPhase = measure("plays paced (almost every play loses)",
                () -> playBurst(again, paced, concurrency, seconds), a -> a.status() == 200);
        dumpStatements(pgss, "play-paced");
        System.out.printf("course B afterwards: %,d wins of %,d plays, %,d of 1,000 left%n",
                won(pacedPhase.answers()), pacedPhase.answers().size(), remaining(paced));

        Pg after = pgbench(concurrency, seconds, logs, "after");
        table(List.of(before, after), List.of(), List.of(wins, pacedPhase));
    }

    static long won(List<Answer> answers) {
        return answers.stream().filter(a -> a.status() == 200 && "win".equals(a.code())).count();
    }

    /** Plays by {@code concurrency} clients for {@code seconds}, each of an entry of its own from the queue. */
    static List<Answer> playBurst(ConcurrentLinkedQueue<String> entries, String course, int concurrency, int seconds)
            throws Exception {
        String body = "{\"courseId\":\"" + course + "\"}";
        return burst(concurrency, seconds, () -> {
            String entry = entries.poll();
            return entry == null ? null : play(entry, body);
        }, a -> false);
    }

    static Answer play(String entry, String body) {
        long start = System.nanoTime();
        try {
            Reply r = post("/api/v1/entries/" + entry + "/play", body, null);
            Matcher m = r.statusCode() == 200 ? RESULT.matcher(r.body()) : CODE.matcher(r.body());
            return new Answer(r.statusCode(), System.nanoTime() - start, m.find() ? m.group(1) : null, start);
        } catch (Exception e) {
            return new Answer(-1, System.nanoTime() - start, null, start);
        }
    }

    static String course(String campaign, String name, int stock, String winChance) throws Exception {
        return created(post("/api/v1/campaigns/" + campaign + "/courses", "{\"name\":\"" + name + "\",\"mechanic\":"
                + "\"instant_win\",\"prizes\":[{\"name\":\"prize " + name + "\",\"stock\":" + stock + ",\"valueYen\":100,"
                + "\"kind\":\"physical\"}],\"maxWinsPerEntrant\":1,\"winChance\":" + winChance + "}", null), "course");
    }

    static String created(Reply r, String what) {
        Matcher m = ID.matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("could not create a " + what + ": " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    static long remaining(String course) throws Exception {
        Reply r = get("/api/v1/courses/" + course);
        Matcher m = REMAINING.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("could not read the course: " + r.body());
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Approved entries of the campaign, each of an entrant of its own, written straight into the node's database
     * as judgement leaves them (the bench measures playing, not OCR), with the tenant bound so the rows are its
     * and are audited as any write.
     */
    static List<String> approvedEntries(String tenant, String campaign, int n) throws Exception {
        psql("postgres", "begin; select set_config('tokuten.tenant_id', '" + tenant + "', true);"
                + " insert into identity.entrants (tenant_id, id, email, created_at) select '" + tenant + "',"
                + " gen_random_uuid(), 'b' || g || '-" + RUN + "@bench.example', now() from generate_series(1, " + n + ") g;"
                + " insert into receipts.entries (tenant_id, id, campaign_id, entrant_id, status, created_at, judged_at)"
                + " select tenant_id, gen_random_uuid(), '" + campaign + "', id, 'approved', now(), now()"
                + " from identity.entrants where tenant_id = '" + tenant + "'; commit;");
        String out = psql("postgres", "select id from receipts.entries where campaign_id = '" + campaign + "'");
        return out.lines().map(String::strip).filter(l -> l.length() == 36).toList();
    }
}
