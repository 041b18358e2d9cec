package jp.tokuten;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import jp.tokuten.TokutenJarIT.Tokuten;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes of the built jar on one external PostgreSQL behind HAProxy (Debian's package), as
 * docs/operations.md "More than one node" describes (issue 14). While receipts are uploaded and read and
 * coupons redeemed through the load balancer, one node is killed with SIGKILL: every upload that was
 * answered 202 is read in the end (the survivor takes over the dead node's jobs when their lease lapses),
 * and every coupon redeemed (the client retrying with its Idempotency-Key until it gets an answer, as the API
 * asks) is used exactly once: the coupon's {@code used} equals the codes answered 200, one redemption each.
 */
class TwoNodesIT {

    static final Pattern LOCATION = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    @Test
    void killingOneNodeLosesNothingAcceptedAndCountsNothingTwice(@TempDir Path dir) throws Exception {
        Path haproxy = Path.of("/usr/sbin/haproxy");
        assertThat(haproxy)
                .as("HAProxy (Debian package haproxy), installed by ./tokuten test")
                .exists();
        try (var pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true)
                .start()) {
            try (var su = DriverManager.getConnection(
                    "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres", "postgres", "postgres")) {
                su.createStatement().execute("create role two_owner login password 'two-secret' createrole");
                su.createStatement().execute("create database two_db owner two_owner");
            }
            Path files = dir.resolve("shared-files");
            Files.createDirectories(files);
            Map<String, String> env = Map.of(
                    "TOKUTEN_DB_URL", "jdbc:postgresql://localhost:" + pg.getPort() + "/two_db",
                    "TOKUTEN_DB_OWNER_USER", "two_owner",
                    "TOKUTEN_DB_OWNER_PASSWORD", "two-secret",
                    "TOKUTEN_DATA_DIR", files.toString(),
                    "TOKUTEN_JOB_LEASE", "PT10S",
                    "TOKUTEN_JOB_WORKERS", "1",
                    "TOKUTEN_TRUSTED_PROXIES", "127.0.0.1",
                    "TOKUTEN_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32]));
            try (var a = Tokuten.start(env, "two-nodes-a");
                    var b = Tokuten.start(env, "two-nodes-b")) {
                int port = Tokuten.freePort();
                Path cfg = dir.resolve("haproxy.cfg");
                Files.writeString(cfg, haproxyConfig(port, a.port, b.port));
                Process lb = new ProcessBuilder(haproxy.toString(), "-db", "-f", cfg.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(
                                Path.of("target/it-logs/two-nodes-haproxy.log").toFile())
                        .start();
                try {
                    run(new Client(port), a, b, pg.getPort());
                } finally {
                    lb.destroy();
                    lb.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    static String haproxyConfig(int port, int a, int b) {
        return """
                global
                    maxconn 1000
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 120s
                    timeout server 120s
                    retries 3
                    option redispatch
                    # only a connection that never reached a node is tried on the other: a request a node may
                    # have carried out is answered 502 and retried by the client (idempotently)
                    retry-on conn-failure
                frontend tokuten
                    bind 127.0.0.1:%d
                    option forwardfor
                    default_backend nodes
                backend nodes
                    balance roundrobin
                    option httpchk GET /actuator/health
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 2
                    server a 127.0.0.1:%d check
                    server b 127.0.0.1:%d check
                """.formatted(port, a, b);
    }

    void run(Client lb, Tokuten a, Tokuten b, int pgPort) throws Exception {
        lb.awaitUp();
        var tenant = lb.operator("POST", "/api/v1/operator/tenants", "{\"slug\":\"two-nodes\",\"name\":\"two nodes\"}");
        assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
        Matcher key = Pattern.compile("\"apiKey\":\"([^\"]+)\"").matcher(tenant.body());
        assertThat(key.find()).isTrue();
        lb.key = key.group(1);

        var coupon = lb.json(
                "POST",
                "/api/v1/coupons",
                "{\"title\":\"二台構成テスト\",\"benefit\":{\"type\":\"amount_off\",\"amount\":100},"
                        + "\"validity\":{\"days\":30},\"totalCap\":100000,\"usesPerCoupon\":1}",
                null);
        assertThat(coupon.statusCode()).as(coupon.body()).isEqualTo(201);
        String couponId = field(coupon.body(), "id");
        assertThat(lb.json("POST", "/api/v1/coupons/" + couponId + "/publish", "", null)
                        .statusCode())
                .isEqualTo(200);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            var acquired = lb.json(
                    "POST", "/api/v1/coupons/" + couponId + "/acquire", "{\"holder\":\"h" + i + "@example.jp\"}", null);
            assertThat(acquired.statusCode()).as(acquired.body()).isEqualTo(201);
            codes.add(field(acquired.body(), "code"));
        }

        byte[] photo = receipt();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Map<String, String> redeemed = new ConcurrentHashMap<>();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            work.add(pool.submit(() -> {
                var answer = lb.upload(photo);
                outcomes.merge("upload " + answer.statusCode(), 1, Integer::sum);
                if (answer.statusCode() == 202) {
                    accepted.add(answer.headers().firstValue("Location").orElseThrow());
                }
                return null;
            }));
        }
        for (String code : codes) {
            work.add(pool.submit(() -> {
                String idempotency = UUID.randomUUID().toString();
                // the client's side of the contract: the same request with the same key until it is answered
                for (int attempt = 0; ; attempt++) {
                    HttpResponse<String> answer;
                    try {
                        answer = lb.json(
                                "POST",
                                "/api/v1/coupon-instances/" + code + "/redeem",
                                "{\"storeId\":null}",
                                idempotency);
                    } catch (IOException dropped) {
                        outcomes.merge("redeem dropped", 1, Integer::sum);
                        continue;
                    }
                    if (answer.statusCode() == 200) {
                        redeemed.put(code, field(answer.body(), "redemptionId"));
                        outcomes.merge("redeem 200", 1, Integer::sum);
                        return null;
                    }
                    outcomes.merge("redeem " + answer.statusCode(), 1, Integer::sum);
                    assertThat(answer.statusCode()).as(answer.body()).isIn(502, 503, 504);
                    assertThat(attempt).as("answered within 60 tries").isLessThan(60);
                    Thread.sleep(250);
                }
            }));
        }
        // kill node a while the work is under way: uploads stored, a reading running on it, redemptions in flight
        String onA = a.process.pid() + "@%";
        String readingOnA = null;
        Instant until = Instant.now().plusSeconds(120);
        while (readingOnA == null) {
            readingOnA = sql(
                    pgPort,
                    "select id::text from jobs.jobs where status = 'running' and locked_by like ? limit 1",
                    onA);
            assertThat(Instant.now()).as("node a starts reading").isBefore(until);
            Thread.sleep(100);
        }
        a.process.destroyForcibly();
        assertThat(a.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        killed.set(true);
        for (var f : work) {
            f.get(300, TimeUnit.SECONDS);
        }
        pool.shutdown();
        System.out.println("two nodes, node a killed with SIGKILL: " + new java.util.TreeMap<>(outcomes));

        assertThat(killed).isTrue();
        assertThat(b.process.isAlive()).isTrue();
        assertThat(redeemed).as("every code was redeemed in the end").hasSize(codes.size());
        assertThat(Set.copyOf(redeemed.values())).as("one redemption per code").hasSize(codes.size());
        var counts = lb.json("GET", "/api/v1/coupons/" + couponId, null, null);
        assertThat(counts.body()).contains("\"used\":" + codes.size() + ",");
        String csv = lb.json("GET", "/api/v1/coupons/" + couponId + "/redemptions.csv", null, null)
                .body();
        assertThat(csv.lines().skip(1).filter(l -> !l.isBlank()).count())
                .as("one line per use in the per-use log")
                .isEqualTo(codes.size());
        for (String redemption : redeemed.values()) {
            assertThat(csv.split(Pattern.quote(redemption), -1))
                    .as("redemption " + redemption + " logged once")
                    .hasSize(2);
        }
        assertThat(accepted).as("some uploads were accepted").isNotEmpty();
        // the survivor reads every accepted upload, the dead node's claimed jobs after their lease lapses
        Instant deadline = Instant.now().plus(Duration.ofSeconds(240));
        for (String location : accepted) {
            while (true) {
                var answer = lb.json("GET", location, null, null);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                if (!answer.body().contains("\"status\":\"queued\"")) {
                    break;
                }
                assertThat(Instant.now()).as(location + " read within 240 s").isBefore(deadline);
                Thread.sleep(500);
            }
        }
        assertThat(b.output()).doesNotContain("ERROR");
        // the reading node a was running when it died was finished by node b, on a second attempt
        assertThat(sql(pgPort, "select status from jobs.jobs where id::text = ?", readingOnA))
                .isEqualTo("done");
        assertThat(Integer.parseInt(sql(pgPort, "select attempts::text from jobs.jobs where id::text = ?", readingOnA)))
                .isGreaterThanOrEqualTo(2);
    }

    /** One value read as the database's superuser. */
    static String sql(int port, String query, String parameter) throws Exception {
        try (var su = DriverManager.getConnection(
                        "jdbc:postgresql://localhost:" + port + "/two_db", "postgres", "postgres");
                var st = su.prepareStatement(query)) {
            st.setString(1, parameter);
            var rs = st.executeQuery();
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    /** A small receipt-like photo: a few lines of text on white. */
    static byte[] receipt() throws IOException {
        var image = new BufferedImage(640, 900, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 640, 900);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 28));
        String[] lines = {"TEST MART", "2026-12-04 10:15", "COFFEE        300", "BREAD         250", "TOTAL         550"
        };
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], 60, 120 + 70 * i);
        }
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    /** Requests through the load balancer. */
    static final class Client {
        final int port;
        volatile String key;

        Client(int port) {
            this.port = port;
        }

        void awaitUp() throws Exception {
            Instant deadline = Instant.now().plusSeconds(30);
            while (true) {
                try {
                    if (json("GET", "/actuator/health", null, null).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // haproxy starting
                }
                assertThat(Instant.now()).as("haproxy up").isBefore(deadline);
                Thread.sleep(200);
            }
        }

        HttpResponse<String> operator(String method, String path, String body) throws Exception {
            return send(method, path, body, "Bearer " + TokutenJarIT.TOKEN, null, "application/json");
        }

        HttpResponse<String> json(String method, String path, String body, String idempotencyKey) throws Exception {
            return send(method, path, body, key == null ? null : "Bearer " + key, idempotencyKey, "application/json");
        }

        HttpResponse<String> upload(byte[] photo) throws Exception {
            String boundary = "two-nodes-boundary";
            var body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"r.jpg\""
                            + "\r\nContent-Type: image/jpeg\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(photo);
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/receipts"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build();
            try {
                return TokutenJarIT.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException dropped) {
                return new Dropped(request);
            }
        }

        HttpResponse<String> send(
                String method, String path, String body, String authorization, String idempotencyKey, String type)
                throws Exception {
            var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(60))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                builder.header("Content-Type", type);
            }
            if (authorization != null) {
                builder.header("Authorization", authorization);
            }
            if (idempotencyKey != null) {
                builder.header("Idempotency-Key", idempotencyKey);
            }
            return TokutenJarIT.HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** An upload the connection dropped before any answer: not accepted (status 0). */
    record Dropped(HttpRequest request) implements HttpResponse<String> {
        public int statusCode() {
            return 0;
        }

        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of(), (x, y) -> true);
        }

        public String body() {
            return "";
        }

        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        public URI uri() {
            return request.uri();
        }

        public java.net.http.HttpClient.Version version() {
            return java.net.http.HttpClient.Version.HTTP_1_1;
        }
    }
}
