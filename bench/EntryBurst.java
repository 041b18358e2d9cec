import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entries accepted per second under a burst of concurrent photo uploads, while reading jobs run, and how
 * long the backlog takes to drain (issue 10). Run by bench/entry-burst/run, which starts the node.
 *
 * <p>Usage: java bench/EntryBurst.java BASE_URL OPERATOR_TOKEN PHOTO.jpg SERVER_PID
 *
 * <p>Settings (system properties): {@code concurrency} (50), {@code seconds} (60), {@code path}
 * ({@code /api/v1/receipts}; with {@code {campaign}} in it an open campaign is created first), {@code field}
 * ({@code image}), {@code extra} (more form fields, {@code name=value&...}, {@code {n}} numbered per upload),
 * {@code status} (where an accepted upload is looked up, {@code {id}} replaced; {@code /api/v1/receipts/{id}}),
 * {@code pending} (the status that means not yet read: {@code queued}), {@code drain} (seconds to watch the
 * backlog drain, 300), {@code baseline} (seconds of the baseline run, 20).
 */
public class EntryBurst {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_]+)\"");

    record Result(int status, long nanos, String id, long startedAt) {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String operator = args[1];
        byte[] photo = Files.readAllBytes(Path.of(args[2]));
        long pid = Long.parseLong(args[3]);
        if (!URI.create(base).getHost().matches("localhost|127\\.0\\.0\\.1")) {
            throw new IllegalArgumentException("only a node on this machine");
        }
        int concurrency = Integer.getInteger("concurrency", 50);
        int seconds = Integer.getInteger("seconds", 60);
        String path = System.getProperty("path", "/api/v1/receipts");
        String field = System.getProperty("field", "image");
        String extra = System.getProperty("extra", "");
        String statusPath = System.getProperty("status", "/api/v1/receipts/{id}");
        String pending = System.getProperty("pending", "queued");
        int drainSeconds = Integer.getInteger("drain", 300);
        int baselineSeconds = Integer.getInteger("baseline", 20);

        String key = tenantKey(base, operator);
        if (path.contains("{campaign}")) {
            path = path.replace("{campaign}", openCampaign(base, key));
        }
        System.out.printf(
                "photo %d bytes, %d concurrent uploads for %d s to %s (field %s)%n",
                photo.length, concurrency, seconds, path, field);

        // baseline: the same client and bodies against a server that only reads the body and answers 202
        var server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            byte[] answer = "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"status\":\"queued\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        String baselineBase = "http://127.0.0.1:" + server.getAddress().getPort();
        long baselineStart = System.nanoTime();
        List<Result> baseline = burst(baselineBase, "/upload", "none", field, extra, photo, concurrency, baselineSeconds);
        Summary b = summary(baseline, (System.nanoTime() - baselineStart) / 1e9);
        server.stop(0);
        System.out.printf(
                "baseline (upload to a server that only reads the body): %.1f/s, p50 %d ms, p99 %d ms%n",
                b.perSecond, b.p50, b.p99);

        // warm-up (JIT, pools) and a backlog, so that reading jobs run during the burst
        List<Result> warm = burst(base, path, key, field, extra, photo, concurrency, Integer.getInteger("warm", 30));
        System.out.printf("warm-up: %d uploads, %s%n", warm.size(), byStatus(warm));
        Thread.sleep(3000);

        long cpuBefore = cpuTicks(pid);
        long dbBefore = databaseTicks(pid);
        long wallBefore = System.nanoTime();
        System.out.printf("burst starts at %s (second 0 below)%n", java.time.Instant.now());
        List<Result> results = burst(base, path, key, field, extra, photo, concurrency, seconds);
        long cpuTicks = cpuTicks(pid) - cpuBefore;
        long dbTicks = databaseTicks(pid) - dbBefore;
        double wall = (System.nanoTime() - wallBefore) / 1e9;
        Summary s = summary(results, wall);
        List<String> accepted = new ArrayList<>();
        warm.stream().filter(r -> r.id != null).forEach(r -> accepted.add(r.id));
        results.stream()
                .filter(r -> r.id != null)
                .sorted((x, y) -> Long.compare(x.startedAt, y.startedAt))
                .forEach(r -> accepted.add(r.id));
        double cpuSeconds = cpuTicks / 100.0;
        System.out.printf(
                "burst: %d accepted (%s) in %.1f s: %.1f accepted/s, p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                s.accepted, byStatus(results), wall, s.perSecond, s.p50, s.p90, s.p99, s.max);
        System.out.printf(
                "server CPU during the burst: %.1f s of %.1f s x 2 cores, %.1f ms per accepted upload (reading included)%n",
                cpuSeconds, wall, 1000 * cpuSeconds / Math.max(1, s.accepted));
        System.out.printf(
                "database CPU during the burst: %.1f s, %.1f ms per accepted upload%n",
                dbTicks / 100.0, 10.0 * dbTicks / Math.max(1, s.accepted));
        System.out.printf("vs baseline: %.2fx the uploads per second%n", s.perSecond / b.perSecond);
        printSeconds(results, wallBefore);

        // the backlog: submissions are read in the order they were queued, so the first one still pending
        // tells how far reading has come
        int done = advance(base, key, statusPath, pending, accepted, 0);
        System.out.printf("read by the end of the burst: %d of %d%n", done, accepted.size());
        long drainStart = System.nanoTime();
        int atStart = done;
        while (done < accepted.size() && System.nanoTime() - drainStart < drainSeconds * 1_000_000_000L) {
            Thread.sleep(2000);
            done = advance(base, key, statusPath, pending, accepted, done);
        }
        double drained = (System.nanoTime() - drainStart) / 1e9;
        double perMinute = 60 * (done - atStart) / Math.max(1, drained);
        if (done >= accepted.size()) {
            System.out.printf(
                    "backlog drained in %.0f s after the burst (%.1f readings/min)%n", drained, perMinute);
        } else {
            System.out.printf(
                    "after %.0f s of draining: %d of %d read (%.1f readings/min); the rest would take about %.0f s more%n",
                    drained, done, accepted.size(), perMinute, (accepted.size() - done) * 60 / Math.max(0.1, perMinute));
        }
        double readDuringBurst = Math.max(0, atStart - warm.size()) / wall;
        double backlog10 = 600 * (s.perSecond - readDuringBurst);
        System.out.printf(
                "a 10-minute burst at this rate leaves about %.0f entries; drained at %.1f/min in about %.0f min%n",
                backlog10, perMinute, backlog10 / Math.max(0.1, perMinute));

        // none lost: every accepted upload is there, read or still waiting
        int missing = 0;
        for (String id : accepted) {
            var answer = get(base + statusPath.replace("{id}", id), key);
            if (answer.statusCode() != 200) {
                missing++;
            }
        }
        System.out.printf("accepted uploads missing afterwards: %d of %d%n", missing, accepted.size());
    }

    /** Index of the first accepted upload still pending, from {@code from} on. */
    static int advance(String base, String key, String statusPath, String pending, List<String> ids, int from)
            throws Exception {
        int i = from;
        while (i < ids.size()) {
            var answer = get(base + statusPath.replace("{id}", ids.get(i)), key);
            Matcher m = STATUS.matcher(answer.body());
            if (answer.statusCode() != 200 || !m.find() || m.group(1).equals(pending)) {
                break;
            }
            i++;
        }
        return i;
    }

    static List<Result> burst(
            String base, String path, String key, String field, String extra, byte[] photo, int concurrency, int seconds)
            throws Exception {
        String boundary = "entry-burst-boundary";
        List<Result> results = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong counter = new AtomicLong();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        long n = counter.incrementAndGet();
                        byte[] body = multipart(boundary, field, extra.replace("{n}", Long.toString(n)), photo);
                        long start = System.nanoTime();
                        try {
                            var answer = HTTP.send(
                                    HttpRequest.newBuilder(URI.create(base + path))
                                            .header("Authorization", "Bearer " + key)
                                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                            .timeout(Duration.ofSeconds(60))
                                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            Matcher m = ID.matcher(answer.body());
                            boolean ok = answer.statusCode() / 100 == 2 && m.find();
                            results.add(new Result(
                                    answer.statusCode(), System.nanoTime() - start, ok ? m.group(1) : null, start));
                        } catch (Exception e) {
                            results.add(new Result(-1, System.nanoTime() - start, null, start));
                        }
                    }
                    return null;
                });
            }
        }
        return results;
    }

    record Summary(int accepted, double perSecond, long p50, long p90, long p99, long max) {}

    /**
     * Answers per second of the burst (by the second an answer came), and when the slowest 1 % were sent: a
     * tail spread over the whole burst is the queue; one gathered in a few seconds is a stall.
     */
    static void printSeconds(List<Result> results, long origin) {
        if (results.isEmpty()) {
            return;
        }
        var bySecond = new java.util.TreeMap<Long, Integer>();
        for (Result r : results) {
            bySecond.merge((r.startedAt + r.nanos - origin) / 1_000_000_000L, 1, Integer::sum);
        }
        // the first and last seconds are partial
        var counts = bySecond.values().stream().skip(1).limit(Math.max(0, bySecond.size() - 2)).sorted().toList();
        if (!counts.isEmpty()) {
            System.out.printf(
                    "answers per second: lowest %d, 10th percentile %d, median %d, highest %d%n",
                    counts.getFirst(),
                    counts.get(counts.size() / 10),
                    counts.get(counts.size() / 2),
                    counts.getLast());
        }
        var sorted = results.stream().sorted((x, y) -> Long.compare(y.nanos, x.nanos)).toList();
        var slowSeconds = new java.util.TreeMap<Long, Integer>();
        sorted.stream()
                .limit(Math.max(1, results.size() / 100))
                .forEach(r -> slowSeconds.merge((r.startedAt - origin) / 1_000_000_000L, 1, Integer::sum));
        System.out.printf("the slowest 1 %% were sent in second (count): %s%n", slowSeconds);
    }

    static Summary summary(List<Result> results, double seconds) {
        List<Long> ms = new ArrayList<>();
        int accepted = 0;
        for (Result r : results) {
            ms.add(r.nanos / 1_000_000);
            if (r.id != null) {
                accepted++;
            }
        }
        Collections.sort(ms);
        return new Summary(
                accepted,
                accepted / seconds,
                pct(ms, 0.50),
                pct(ms, 0.90),
                pct(ms, 0.99),
                ms.isEmpty() ? 0 : ms.getLast());
    }

    static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    static Map<Integer, Integer> byStatus(List<Result> results) {
        Map<Integer, Integer> by = new TreeMap<>();
        results.forEach(r -> by.merge(r.status, 1, Integer::sum));
        return by;
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    /** CPU of the node's embedded PostgreSQL: the processes whose command line names its data directory, as they are now. */
    static long databaseTicks(long pid) {
        String dataDir = System.getProperty("data", "/nonexistent");
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != pid)
                .filter(p -> {
                    try {
                        return Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).contains(dataDir)
                                || p.parent().map(q -> {
                                            try {
                                                return Files.readString(Path.of("/proc/" + q.pid() + "/cmdline"))
                                                        .contains(dataDir);
                                            } catch (Exception e) {
                                                return false;
                                            }
                                        })
                                        .orElse(false);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .mapToLong(p -> {
                    try {
                        return cpuTicks(p.pid());
                    } catch (Exception e) {
                        return 0; // ended meanwhile
                    }
                })
                .sum();
    }

    static byte[] multipart(String boundary, String field, String extra, byte[] content) {
        var body = new ByteArrayOutputStream();
        if (!extra.isBlank()) {
            for (String pair : extra.split("&")) {
                String[] kv = pair.split("=", 2);
                body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + kv[0] + "\"\r\n\r\n"
                                + (kv.length > 1 ? kv[1] : "") + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
                        + "\"; filename=\"receipt.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    static HttpResponse<String> get(String url, String key) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postJson(String url, String bearer, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String tenantKey(String base, String operator) throws Exception {
        var created = postJson(
                base + "/api/v1/operator/tenants",
                operator,
                "{\"slug\":\"burst-" + System.nanoTime() % 100000 + "\",\"name\":\"entry burst\"}");
        Matcher m = Pattern.compile("\"apiKey\":\"([^\"]+)\"").matcher(created.body());
        if (!m.find()) {
            throw new IllegalStateException("could not create a tenant: " + created.body());
        }
        return m.group(1);
    }

    /** An open campaign taking entries today, any store and product (the entries API contract of issue 10). */
    static String openCampaign(String base, String key) throws Exception {
        var today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
        var created = postJson(
                base + "/api/v1/campaigns",
                key,
                "{\"name\":\"entry burst\",\"purchasePeriod\":{\"from\":\"" + today.minusDays(30) + "\",\"to\":\""
                        + today.plusDays(30) + "\"},\"entryPeriod\":{\"from\":\"" + today.minusDays(1) + "\",\"to\":\""
                        + today.plusDays(30) + "\"},\"receiptsPerEntry\":1}");
        Matcher m = ID.matcher(created.body());
        if (created.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("could not create a campaign: " + created.body());
        }
        var opened = postJson(base + "/api/v1/campaigns/" + m.group(1) + "/open", key, "{}");
        if (opened.statusCode() / 100 != 2) {
            throw new IllegalStateException("could not open the campaign: " + opened.body());
        }
        return m.group(1);
    }
}
