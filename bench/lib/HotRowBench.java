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
 * What the HTTP benches against one hot row have in common (bench/coupons, bench/lottery): pgbench's baseline
 * on the same server with the same clients, a cheap kept-alive HTTP client, measured phases with the CPU of the
 * node and of its database and what the database connections wait for, and the figures. Compiled by
 * bench/lib/hot-row.sh; a bench extends it.
 */
public class HotRowBench {

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]+)\"");

    /** One answer: its status, how long it took, the body's {@code code} (an instance code, or a problem's code). */
    record Answer(int status, long nanos, String code, long startedAt) {}

    static String base;
    static String key;
    static int pgPort;
    static long nodePid;
    static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    // ---- the HTTP phases

    record Phase(String label, List<Answer> answers, double seconds, double perSecond, long p50, long p99, double nodeMsPerOp,
            double dbMsPerOp) {}

    interface Burst {
        List<Answer> run() throws Exception;
    }

    /** Runs a burst while sampling CPU and the database's wait events, and prints what it measured. */
    static Phase measure(String label, Burst burst, java.util.function.Predicate<Answer> ok) throws Exception {
        String jfr = System.getProperty("jfr", "");
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String name = label.split(" ")[0];
        if (!jfr.isEmpty()) {
            run(List.of(jcmd, Long.toString(nodePid), "JFR.start", "name=" + name, "settings=profile"));
        }
        long nodeBefore = cpuTicks(nodePid);
        long dbBefore = databaseTicks();
        long selfBefore = cpuTicks(ProcessHandle.current().pid());
        var waits = WaitSampler.start("tokuten");
        long start = System.nanoTime();
        List<Answer> answers = burst.run();
        double wall = (System.nanoTime() - start) / 1e9;
        String waited = waits.stop();
        if (!jfr.isEmpty()) {
            String file = jfr + "." + name + ".jfr";
            run(List.of(jcmd, Long.toString(nodePid), "JFR.stop", "name=" + name, "filename=" + file));
            System.out.println("  flight recording of the node during this phase: " + file);
        }
        long nodeTicks = cpuTicks(nodePid) - nodeBefore;
        long dbTicks = databaseTicks() - dbBefore;
        long selfTicks = cpuTicks(ProcessHandle.current().pid()) - selfBefore;
        List<Long> ms = answers.stream().filter(ok).map(a -> a.nanos / 1_000_000).sorted().toList();
        long n = ms.size();
        var phase = new Phase(label, answers, wall, n / wall, pct(ms, 0.50), pct(ms, 0.99),
                10.0 * nodeTicks / Math.max(1, n), 10.0 * dbTicks / Math.max(1, n));
        System.out.printf(
                "%s: %d answers %s in %.1f s: %.1f/s, p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                label, answers.size(), byStatus(answers), wall, phase.perSecond, phase.p50, pct(ms, 0.90), phase.p99,
                ms.isEmpty() ? 0 : ms.getLast());
        System.out.printf(
                "  CPU: node %.1f s, its database %.1f s, this client %.1f s, of %.1f s x %d cores: %.2f + %.2f ms per"
                        + " success in the node and its database%n",
                nodeTicks / 100.0, dbTicks / 100.0, selfTicks / 100.0, wall, Runtime.getRuntime().availableProcessors(),
                phase.nodeMsPerOp, phase.dbMsPerOp);
        System.out.println("  the node's database connections (sampled): " + waited);
        printSeconds(answers, start);
        return phase;
    }

    /** The next answer of one client, or null when it has nothing more to send. */
    interface Client {
        Answer next() throws Exception;
    }

    /**
     * {@code concurrency} clients (threads of their own, each with its kept-alive connection) sending for
     * {@code seconds}, each until its {@link Client} has nothing more or an answer it gets passes {@code stop}.
     */
    /**
     * The clients' threads: platform threads, one per client, blocking in the socket's read (a virtual thread
     * parks, registers with the poller and is woken by it at every answer: in a trial it cost the client about
     * twice the CPU per request, CPU the node and its database then did not have). {@code -DclientThreads=virtual}
     * for virtual ones.
     */
    static java.util.concurrent.ExecutorService clientThreads() {
        return "virtual".equals(System.getProperty("clientThreads"))
                ? Executors.newVirtualThreadPerTaskExecutor()
                : Executors.newCachedThreadPool();
    }

    static List<Answer> burst(int concurrency, int seconds, Client client, java.util.function.Predicate<Answer> stop)
            throws Exception {
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        try (var pool = clientThreads()) {
            for (int c = 0; c < concurrency; c++) {
                pool.submit(() -> {
                    Answer a;
                    while (System.nanoTime() < deadline && (a = client.next()) != null) {
                        answers.add(a);
                        if (stop.test(a)) {
                            break;
                        }
                    }
                    Http.release();
                    return null;
                });
            }
        }
        return answers;
    }

    /** {@code GET path} by {@code concurrency} clients for {@code seconds}. */
    static List<Answer> readBurst(String path, int concurrency, int seconds) throws Exception {
        return burst(concurrency, seconds, () -> timed(() -> get(path)), a -> false);
    }

    interface Call {
        Reply call() throws Exception;
    }

    static Answer timed(Call call) {
        long start = System.nanoTime();
        try {
            return answer(call.call(), System.nanoTime() - start, start);
        } catch (Exception e) {
            return new Answer(-1, System.nanoTime() - start, null, start);
        }
    }

    static Answer answer(Reply r, long nanos, long start) {
        Matcher m = CODE.matcher(r.body());
        return new Answer(r.statusCode(), nanos, m.find() ? m.group(1) : null, start);
    }

    // ---- pgbench

    record Pg(String label, double tps, long p50us, long p99us, long transactions, double dbMsPerTx) {}

    /** pgbench's hot-row script for a few seconds to warm up, then for {@code seconds}, with its latency log. */
    static Pg pgbench(int clients, int seconds, Path logs, String label) throws Exception {
        String script = System.getProperty("script", "bench/lib/hot-row.sql");
        int threads = Math.min(clients, Runtime.getRuntime().availableProcessors());
        psql("hotrow", "truncate hot_log");
        run(List.of("pgbench", "-h", "127.0.0.1", "-p", Integer.toString(pgPort), "-U", "postgres", "-n", "-M", "prepared",
                "-c", Integer.toString(clients), "-j", Integer.toString(threads), "-T", "3", "-f", script, "hotrow"));
        Path dir = Files.createTempDirectory(logs, "pgbench-" + label + "-");
        long dbBefore = databaseTicks();
        var waits = WaitSampler.start("pgbench");
        String out = run(List.of("pgbench", "-h", "127.0.0.1", "-p", Integer.toString(pgPort), "-U", "postgres", "-n",
                "-M", "prepared", "-c", Integer.toString(clients), "-j", Integer.toString(threads), "-T",
                Integer.toString(seconds), "-f", script, "--log", "--log-prefix=" + dir.resolve("tx"), "hotrow"));
        String waited = waits.stop();
        long dbTicks = databaseTicks() - dbBefore;
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
        Matcher failed = Pattern.compile("number of failed transactions: (\\d+)").matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench said:\n" + out);
        }
        List<Long> us = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] p = line.split(" ");
                    if (p.length >= 3 && p[2].matches("\\d+")) {
                        us.add(Long.parseLong(p[2]));
                    }
                }
            }
        }
        Collections.sort(us);
        var pg = new Pg(label, Double.parseDouble(tps.group(1)), pct(us, 0.5), pct(us, 0.99), us.size(),
                10.0 * dbTicks / Math.max(1, us.size()));
        System.out.printf(
                "pgbench one hot row (%s): %,d transactions in %d s: %.1f tps, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
                        + " failed %s; database CPU %.1f s, %.2f ms per transaction%n",
                label, us.size(), seconds, pg.tps, pg.p50us / 1000.0, pct(us, 0.9) / 1000.0, pg.p99us / 1000.0,
                failed.find() ? failed.group(1) : "?", dbTicks / 100.0, pg.dbMsPerTx);
        System.out.println("  pgbench's connections (sampled): " + waited);
        return pg;
    }

    static String run(List<String> command) throws Exception {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    static String psql(String database, String sql) throws Exception {
        return run(List.of("psql", "-h", "127.0.0.1", "-p", Integer.toString(pgPort), "-U", "postgres", "-d", database, "-X",
                "-q", "-A", "-t", "-F", "\t", "-c", sql));
    }

    static void resetStatements(String pgss) throws Exception {
        if (!pgss.isEmpty()) {
            psql("postgres", "select pg_stat_statements_reset()");
        }
    }

    static void dumpStatements(String pgss, String phase) throws Exception {
        if (pgss.isEmpty()) {
            return;
        }
        String rows = psql("postgres", "select calls, round(total_exec_time::numeric, 1) as ms,"
                + " round((total_exec_time / calls)::numeric, 3) as ms_per_call, rows,"
                + " left(regexp_replace(query, '\\s+', ' ', 'g'), 200) from pg_stat_statements"
                + " where query not like '%pg_stat%' order by total_exec_time desc limit 40");
        Path file = Path.of(pgss + "." + phase + ".txt");
        Files.writeString(file, "calls\tms\tms_per_call\trows\tquery\n" + rows);
        System.out.println("  the database's statements of this phase: " + file);
    }

    /**
     * Samples what the connections of one application ({@code application_name}) are doing, five times a second,
     * through one psql session: running, waiting for a lock, idle in a transaction (waiting for its client while
     * holding its locks), idle.
     */
    static final class WaitSampler {
        final Process psql;
        final Thread thread;
        final Map<String, Integer> seen = new TreeMap<>();
        volatile boolean stop;
        int samples;

        WaitSampler(String application) throws Exception {
            psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", Integer.toString(pgPort), "-U", "postgres", "-d",
                            "postgres", "-X", "-q", "-A", "-t", "-F", "\t")
                    .redirectErrorStream(true)
                    .start();
            thread = Thread.ofPlatform().daemon().start(() -> {
                try (var in = new BufferedReader(new InputStreamReader(psql.getInputStream(), StandardCharsets.UTF_8));
                        var outw = new PrintWriter(psql.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    while (!stop) {
                        outw.println("select state || ' ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU')"
                                + " from pg_stat_activity where application_name like '" + application + "%'"
                                + " and pid <> pg_backend_pid();");
                        outw.println("select '--end--';");
                        String line;
                        while ((line = in.readLine()) != null && !line.equals("--end--")) {
                            if (!line.isBlank()) {
                                synchronized (seen) {
                                    seen.merge(line, 1, Integer::sum);
                                }
                            }
                        }
                        samples++;
                        Thread.sleep(200);
                    }
                    outw.println("\\q");
                } catch (Exception e) {
                    // the sample ends with the session
                }
            });
        }

        static WaitSampler start(String application) throws Exception {
            return new WaitSampler(application);
        }

        /** Average connections in each state over the samples, busiest first. */
        String stop() throws Exception {
            stop = true;
            thread.join(5000);
            psql.destroy();
            StringBuilder s = new StringBuilder();
            synchronized (seen) {
                int total = seen.values().stream().mapToInt(Integer::intValue).sum();
                seen.entrySet().stream()
                        .sorted((a, b) -> b.getValue() - a.getValue())
                        .forEach(e -> s.append(String.format("%s %.1f, ", e.getKey(), (double) e.getValue() / Math.max(1, samples))));
                s.append(String.format("(connections on average, %d samples; %.1f in all)", samples,
                        (double) total / Math.max(1, samples)));
            }
            return s.toString();
        }
    }

    // ---- the API

    static Reply post(String path, String json, String idempotencyKey) throws Exception {
        return Http.send("POST", path, key, json, idempotencyKey);
    }

    static Reply get(String path) throws Exception {
        return Http.send("GET", path, key, null, null);
    }

    /** An answer: its status and body. */
    record Reply(int statusCode, String body) {}

    /**
     * A plain HTTP/1.1 client over one kept-alive connection per thread. The JDK's HttpClient costs about a
     * millisecond of CPU per request, which on two cores shared with the node would be a third of the
     * machine; this costs a few tens of microseconds, as pgbench's client does, so that both sides of the
     * comparison leave the cores to the server.
     */
    static final class Http {
        static final ThreadLocal<Http> CONNECTION = new ThreadLocal<>();
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Http() throws IOException {
            URI uri = URI.create(base);
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        static Reply send(String method, String path, String bearer, String json, String idempotencyKey) throws IOException {
            for (int attempt = 0; ; attempt++) {
                Http c = CONNECTION.get();
                boolean fresh = c == null;
                if (fresh) {
                    c = new Http();
                    CONNECTION.set(c);
                }
                try {
                    return c.exchange(method, path, bearer, json, idempotencyKey);
                } catch (IOException e) {
                    CONNECTION.remove();
                    c.socket.close();
                    // a kept-alive connection the server had closed: once more on a new one
                    if (fresh || attempt > 0) {
                        throw e;
                    }
                }
            }
        }

        Reply exchange(String method, String path, String bearer, String json, String idempotencyKey) throws IOException {
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            var head = new StringBuilder(256)
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(URI.create(base).getAuthority()).append("\r\nAuthorization: Bearer ").append(bearer)
                    .append("\r\nAccept: application/json\r\n");
            if (json != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            if (idempotencyKey != null) {
                head.append("Idempotency-Key: ").append(idempotencyKey).append("\r\n");
            }
            head.append("\r\n");
            byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
            byte[] request = new byte[h.length + body.length];
            System.arraycopy(h, 0, request, 0, h.length);
            System.arraycopy(body, 0, request, h.length, body.length);
            out.write(request);
            out.flush();
            String status = line();
            if (status == null) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false, close = false;
            for (String l; (l = line()) != null && !l.isEmpty(); ) {
                String lower = l.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(l.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            var content = new ByteArrayOutputStream();
            if (chunked) {
                for (int size; (size = Integer.parseInt(line().split(";")[0].strip(), 16)) > 0; ) {
                    content.write(in.readNBytes(size));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                content.write(in.readNBytes((int) length));
            } else {
                content.write(in.readAllBytes());
                close = true;
            }
            if (close) {
                CONNECTION.remove();
                socket.close();
            }
            return new Reply(code, content.toString(StandardCharsets.UTF_8));
        }

        /** Closes this thread's connection, at the end of a client's loop. */
        static void release() {
            Http c = CONNECTION.get();
            CONNECTION.remove();
            if (c != null) {
                try {
                    c.socket.close();
                } catch (IOException e) {
                    // closed already
                }
            }
        }

        String line() throws IOException {
            var b = new StringBuilder();
            for (int c; (c = in.read()) != -1; ) {
                if (c == '\n') {
                    int n = b.length();
                    return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
                }
                b.append((char) c);
            }
            return b.isEmpty() ? null : b.toString();
        }
    }

    static int concurrency;
    static int seconds;
    static Path logs;
    static String pgss;

    /**
     * Reads the bench's arguments (BASE_URL OPERATOR_TOKEN SERVER_PID PG_PORT) and the common settings
     * ({@code concurrency}, {@code seconds}, {@code logs}, {@code pgss}), makes the bench's tenant and prints the
     * settings.
     */
    static void begin(String[] args, String slugPrefix, int warm) throws Exception {
        base = args[0];
        nodePid = Long.parseLong(args[2]);
        pgPort = Integer.parseInt(args[3]);
        if (!URI.create(base).getHost().matches("localhost|127\\.0\\.0\\.1")) {
            throw new IllegalArgumentException("only a node on this machine");
        }
        concurrency = Integer.getInteger("concurrency", 50);
        seconds = Integer.getInteger("seconds", 30);
        logs = Path.of(System.getProperty("logs", System.getProperty("java.io.tmpdir")));
        pgss = System.getProperty("pgss", "");
        key = tenantKey(args[1], slugPrefix);
        System.out.printf("%d clients, %d s per measured phase, %d s of warm-up%n", concurrency, seconds, warm);
    }

    /**
     * The run's table: pgbench's runs against the limit (the higher of the runs given first, as the machine is
     * shared), then the measured phases as a ratio of it. Returns the limit.
     */
    static double table(List<Pg> limits, List<Pg> others, List<Phase> phases) {
        double limit = limits.stream().mapToDouble(Pg::tps).max().orElse(1);
        System.out.println();
        System.out.printf("| %d clients, %d s each | per second | p50 | p99 | vs pgbench | node CPU per op | database CPU per op |%n",
                concurrency, seconds);
        System.out.println("|---|---|---|---|---|---|---|");
        for (Pg p : java.util.stream.Stream.concat(limits.stream(), others.stream()).toList()) {
            System.out.printf("| pgbench one hot row, %s | %,.0f tps | %.1f ms | %.1f ms | %s | — | %.2f ms |%n",
                    p.label(), p.tps(), p.p50us() / 1000.0, p.p99us() / 1000.0,
                    p.tps() == limit ? "**1.00×** (the limit)" : "%.2f×".formatted(p.tps() / limit), p.dbMsPerTx());
        }
        for (Phase p : phases) {
            System.out.printf("| %s (HTTP) | %,.0f/s | %d ms | %d ms | **%.2f×** | %.2f ms | %.2f ms |%n",
                    p.label(), p.perSecond(), p.p50(), p.p99(), p.perSecond() / limit, p.nodeMsPerOp(), p.dbMsPerOp());
        }
        return limit;
    }

    /** A new tenant, through the operator API, and its API key. */
    static String tenantKey(String operator, String slugPrefix) throws Exception {
        var created = Http.send("POST", "/api/v1/operator/tenants", operator,
                "{\"slug\":\"" + slugPrefix + "-" + RUN + "\",\"name\":\"" + slugPrefix + " bench\"}", null);
        Matcher m = Pattern.compile("\"apiKey\":\"([^\"]+)\"").matcher(created.body());
        if (!m.find()) {
            throw new IllegalStateException("could not create a tenant: " + created.body());
        }
        // the tenant goes on a plan whose API rate (decision 147) is far above what a bench sends: the bench
        // measures the coupon's or the course's limit, not the plan's
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        if (!id.find()) {
            throw new IllegalStateException("no tenant id in: " + created.body());
        }
        var plan = Http.send("PUT", "/api/v1/operator/plans/enterprise", operator,
                "{\"name\":\"Enterprise\",\"caps\":{\"campaigns\":1000,\"coupons\":100000,"
                        + "\"entries_per_month\":100000000,\"storage_bytes\":2199023255552,\"console_sessions\":200,"
                        + "\"api_requests_per_minute\":100000000}}", null);
        var moved = Http.send("PUT", "/api/v1/operator/tenants/" + id.group(1) + "/plan", operator,
                "{\"plan\":\"enterprise\"}", null);
        if (plan.statusCode() != 200 || moved.statusCode() != 200) {
            throw new IllegalStateException("could not raise the bench tenant's API rate: " + plan.body() + " / " + moved.body());
        }
        return m.group(1);
    }

    // ---- figures

    static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    static Map<String, Integer> byStatus(List<Answer> answers) {
        Map<String, Integer> by = new TreeMap<>();
        answers.forEach(a -> by.merge(a.status / 100 == 2 ? Integer.toString(a.status) : a.status + " " + a.code, 1, Integer::sum));
        return by;
    }

    /** Answers per second (by the second an answer came) and when the slowest 1 % were sent. */
    static void printSeconds(List<Answer> answers, long origin) {
        if (answers.isEmpty()) {
            return;
        }
        var bySecond = new TreeMap<Long, Integer>();
        for (Answer a : answers) {
            bySecond.merge((a.startedAt + a.nanos - origin) / 1_000_000_000L, 1, Integer::sum);
        }
        var counts = bySecond.values().stream().skip(1).limit(Math.max(0, bySecond.size() - 2)).sorted().toList();
        if (!counts.isEmpty()) {
            System.out.printf(
                    "  answers per second: lowest %d, 10th percentile %d, median %d, highest %d%n",
                    counts.getFirst(), counts.get(counts.size() / 10), counts.get(counts.size() / 2), counts.getLast());
        }
        var slow = new TreeMap<Long, Integer>();
        answers.stream()
                .sorted((x, y) -> Long.compare(y.nanos, x.nanos))
                .limit(Math.max(1, answers.size() / 100))
                .forEach(a -> slow.merge((a.startedAt - origin) / 1_000_000_000L, 1, Integer::sum));
        System.out.printf("  the slowest 1 %% were sent in second (count): %s%n", slow);
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    /** A process's CPU and that of its children that have ended (a backend's, once its connection closed). */
    static long cpuTicksWithEnded(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /**
     * CPU of the node's embedded PostgreSQL: the processes whose command line, or whose parent's, names its data
     * directory, with the backends that have ended (counted in the postmaster's children's time).
     */
    static long databaseTicks() {
        String dataDir = System.getProperty("data", "/nonexistent");
        return ProcessHandle.allProcesses()
                .filter(p -> isPostgres(p.pid()))
                .filter(p -> names(p.pid(), dataDir) || p.parent().map(q -> names(q.pid(), dataDir)).orElse(false))
                .mapToLong(p -> {
                    try {
                        return cpuTicksWithEnded(p.pid());
                    } catch (Exception e) {
                        return 0; // ended meanwhile
                    }
                })
                .sum();
    }

    /** A PostgreSQL server process (not this client nor pgbench, whose command lines name the directory too). */
    static boolean isPostgres(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip().equals("postgres");
        } catch (Exception e) {
            return false;
        }
    }

    static boolean names(long pid, String dataDir) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).contains(dataDir);
        } catch (Exception e) {
            return false;
        }
    }
}
