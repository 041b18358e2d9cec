package jp.tokuten.ops;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import javax.sql.DataSource;
import jp.tokuten.jobs.Jobs;
import jp.tokuten.notifications.Mail;
import jp.tokuten.ocr.OcrEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The 19 checks, in the order the issue names them. Each answers {@code ok}, {@code failing} (with what it
 * saw) or {@code not_applicable} (nothing to check here, which counts as ok). Node-local measurements (heap,
 * GC, error rate, p99, thread pools, connection pool, disk) are those of the node that runs the checks
 * (decision 136). Thresholds: {@link MonitoringProperties}, documented in docs/operations.md.
 */
@Component
class MonitoringChecks {

    /** A check's outcome. */
    record Outcome(CheckStatus status, String detail) {
        static Outcome ok(String detail) {
            return new Outcome(CheckStatus.OK, detail);
        }

        static Outcome failing(String detail) {
            return new Outcome(CheckStatus.FAILING, detail);
        }

        static Outcome notApplicable(String detail) {
            return new Outcome(CheckStatus.NOT_APPLICABLE, detail);
        }
    }

    /** A named check: its threshold in words, whether failing means the service is down, the probe. */
    record Check(String name, String threshold, boolean makesIncident, Callable<Outcome> probe) {}

    /** The checks whose failure means the service is down: they open incidents and count against availability. */
    private final MonitoringProperties properties;

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Jobs jobs;
    private final Mail mail;
    private final ObjectProvider<OcrEngine> ocr;
    private final ObjectProvider<ThreadPoolTaskScheduler> scheduler;
    private final RequestStatistics requests;
    private final Environment environment;
    private final Clock clock;
    private final Instant startedAt;
    private final HttpClient http;
    private volatile int serverPort = -1;
    private long lastGcMillis = -1;
    private long lastGcAt = -1;

    MonitoringChecks(
            MonitoringProperties properties,
            JdbcClient jdbc,
            DataSource dataSource,
            Jobs jobs,
            Mail mail,
            ObjectProvider<OcrEngine> ocr,
            ObjectProvider<ThreadPoolTaskScheduler> scheduler,
            RequestStatistics requests,
            Environment environment,
            Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.jobs = jobs;
        this.mail = mail;
        this.ocr = ocr;
        this.scheduler = scheduler;
        this.requests = requests;
        this.environment = environment;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.probeTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @EventListener
    void onServerStarted(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            serverPort = event.getWebServer().getPort();
        }
    }

    /** The 19 checks. */
    List<Check> all() {
        var p = properties;
        return withIncidents(List.of(
                new Check(
                        "web",
                        "GET /actuator/health on this node answers 200 within the probe timeout",
                        true,
                        this::web),
                new Check(
                        "database",
                        "select 1 through the pool succeeds within " + millis(p.databaseLatency()),
                        true,
                        this::database),
                new Check("connection_pool", "no caller waits for a database connection", false, this::pool),
                new Check(
                        "disk_free",
                        "at least " + p.diskFreePercent() + " % free on the data and backup volumes",
                        false,
                        this::disk),
                new Check(
                        "backup_freshness",
                        "a backup manifest newer than " + p.backupMaxAge().toHours() + " h (when backups are set up)",
                        false,
                        this::backupFreshness),
                new Check(
                        "job_queue_lag",
                        "no job due for longer than " + p.queueLag().toMinutes() + " min",
                        false,
                        this::queueLag),
                new Check(
                        "dead_letters",
                        "no job went to the dead letter in the last "
                                + p.deadLetterWindow().toHours() + " h",
                        false,
                        this::deadLetters),
                new Check("ocr_engine", "Tesseract reads a small test image", false, this::ocrEngine),
                new Check("smtp", "the SMTP server accepts a connection (when configured)", false, this::smtp),
                new Check(
                        "clock_skew",
                        "this node's clock within " + millis(p.clockSkew()) + " of the database's",
                        false,
                        this::clockSkew),
                new Check(
                        "tls_certificate",
                        "the certificate served here is valid for "
                                + p.certificateMinValidity().toDays() + " more days (when TLS is terminated here)",
                        false,
                        this::tlsCertificate),
                new Check(
                        "heap",
                        "heap in use after collection below " + p.heapPercent() + " % of the maximum",
                        false,
                        this::heap),
                new Check(
                        "gc_pauses",
                        "collection pauses below " + p.gcPercent() + " % of the time",
                        false,
                        this::gcPauses),
                new Check(
                        "error_rate",
                        "below " + p.errorRatePercent() + " % of requests answered 5xx (from " + p.minRequests()
                                + " requests)",
                        false,
                        this::errorRate),
                new Check(
                        "p99_latency",
                        "99 % of requests answered within " + millis(p.p99Latency()) + " (from " + p.minRequests()
                                + " requests)",
                        false,
                        this::p99Latency),
                new Check("thread_pools", "no deadlocked threads; a scheduler thread free", false, this::threadPools),
                new Check("line_api", "the LINE API answers (when configured)", false, this::lineApi),
                new Check(
                        "retention",
                        "no audit or access-log entry older than " + (p.retentionDays() + p.retentionSlackDays())
                                + " days",
                        false,
                        this::retention),
                new Check(
                        "audit_sealing",
                        "no committed audit entry unsealed for longer than "
                                + p.sealingLag().toSeconds() + " s",
                        false,
                        this::auditSealing)));
    }

    /**
     * The checks with {@code makesIncident} as configured ({@code tokuten.monitoring.incident-checks}, by
     * default web and database: the service is down when one of them fails).
     */
    private List<Check> withIncidents(List<Check> checks) {
        return checks.stream()
                .map(c -> new Check(
                        c.name(), c.threshold(), properties.incidentChecks().contains(c.name()), c.probe()))
                .toList();
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    Outcome web() throws Exception {
        int port = serverPort;
        if (port <= 0) {
            return Outcome.notApplicable("no web server on this node");
        }
        String scheme = sslEnabled() ? "https" : "http";
        if (sslEnabled()) {
            // the certificate is the TLS check's business; here only whether the application answers
            return tlsProbe(port).map(c -> Outcome.ok("TLS answered")).orElse(Outcome.failing("no TLS answer"));
        }
        var response = http.send(
                HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(properties.probeTimeout())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200
                ? Outcome.ok("health 200")
                : Outcome.failing("health answered " + response.statusCode());
    }

    Outcome database() {
        long started = System.nanoTime();
        try {
            jdbc.sql("select 1").query(Integer.class).single();
        } catch (RuntimeException e) {
            return Outcome.failing("unreachable: " + e.getClass().getSimpleName());
        }
        long took = (System.nanoTime() - started) / 1_000_000;
        return took > properties.databaseLatency().toMillis()
                ? Outcome.failing("round trip " + took + " ms")
                : Outcome.ok("round trip " + took + " ms");
    }

    Outcome pool() throws Exception {
        if (!dataSource.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
            return Outcome.notApplicable("not a HikariCP pool");
        }
        var bean = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class).getHikariPoolMXBean();
        if (bean == null) {
            return Outcome.notApplicable("pool not started");
        }
        String detail = bean.getActiveConnections() + " active of " + bean.getTotalConnections() + ", "
                + bean.getThreadsAwaitingConnection() + " waiting";
        return bean.getThreadsAwaitingConnection() > 0 ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    Outcome disk() throws IOException {
        var lines = new ArrayList<String>();
        boolean low = false;
        for (var entry : List.of(
                java.util.Map.entry("data", properties.dataDir()),
                java.util.Map.entry("backups", properties.backupDir()))) {
            Path dir = existingAncestor(Path.of(entry.getValue()).toAbsolutePath());
            var store = Files.getFileStore(dir);
            long total = store.getTotalSpace();
            long free = store.getUsableSpace();
            long percent = total == 0 ? 100 : free * 100 / total;
            low |= percent < properties.diskFreePercent();
            lines.add(entry.getKey() + " " + percent + " % free (" + free / (1024 * 1024) + " MB)");
        }
        String detail = String.join(", ", lines);
        return low ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    private static Path existingAncestor(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of(".").toAbsolutePath() : p;
    }

    /**
     * The newest file whose name starts with {@code manifest} under the backup directory (three levels deep).
     * Backups are "set up" when {@code TOKUTEN_BACKUP_KEY} is set (without a key none is taken outside the
     * demo): until then, and during the first allowed age after this node started, no manifest is not a
     * failure (decision 136).
     */
    Outcome backupFreshness() throws IOException {
        Path dir = Path.of(properties.backupDir());
        Optional<FileTime> newest = Optional.empty();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.find(
                    dir,
                    3,
                    (f, a) -> a.isRegularFile() && f.getFileName().toString().startsWith("manifest"))) {
                newest = files.map(f -> {
                            try {
                                return Files.getLastModifiedTime(f);
                            } catch (IOException e) {
                                return FileTime.fromMillis(0);
                            }
                        })
                        .max(FileTime::compareTo);
            }
        }
        Instant now = clock.instant();
        if (newest.isEmpty()) {
            if (!MonitoringProperties.set(environment.getProperty("tokuten.monitoring.backup-key"))) {
                return Outcome.notApplicable("no backups set up yet (no TOKUTEN_BACKUP_KEY, no manifest)");
            }
            return now.isBefore(startedAt.plus(properties.backupMaxAge()))
                    ? Outcome.ok("no backup yet; the first is due")
                    : Outcome.failing("no backup manifest in " + dir);
        }
        Duration age = Duration.between(newest.get().toInstant(), now);
        String detail = "newest backup " + age.toHours() + " h old";
        return age.compareTo(properties.backupMaxAge()) > 0 ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    Outcome queueLag() {
        Duration lag = jobs.queueLag();
        String detail = "oldest due job waiting " + lag.toSeconds() + " s";
        return lag.compareTo(properties.queueLag()) > 0 ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    Outcome deadLetters() {
        long dead = jobs.deadWithin(properties.deadLetterWindow());
        String detail = dead + " dead job(s) in the last "
                + properties.deadLetterWindow().toHours() + " h";
        return dead > 0 ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    Outcome ocrEngine() {
        var engine = ocr.getIfAvailable();
        if (engine == null) {
            return Outcome.failing("no OCR engine");
        }
        var image = new BufferedImage(160, 48, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.BOLD, 28));
            g.drawString("1234", 20, 36);
        } finally {
            g.dispose();
        }
        try {
            engine.read(image);
            return Outcome.ok("read a test image");
        } catch (RuntimeException | LinkageError e) {
            return Outcome.failing("cannot read: " + e.getClass().getSimpleName());
        }
    }

    Outcome smtp() {
        return switch (mail.probe()) {
            case NOT_CONFIGURED -> Outcome.notApplicable("no SMTP server configured");
            case SENT -> Outcome.ok("SMTP server answered");
            case FAILED -> Outcome.failing("SMTP server did not answer");
        };
    }

    Outcome clockSkew() {
        long before = clock.millis();
        Timestamp db =
                jdbc.sql("select clock_timestamp()").query(Timestamp.class).single();
        long after = clock.millis();
        long skew = Math.abs(db.getTime() - (before + after) / 2);
        String detail = "skew " + skew + " ms";
        return skew > properties.clockSkew().toMillis() ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    private boolean sslEnabled() {
        return environment.getProperty("server.ssl.enabled", Boolean.class, false)
                || environment.getProperty("server.ssl.bundle") != null;
    }

    Outcome tlsCertificate() throws Exception {
        if (!sslEnabled()) {
            return Outcome.notApplicable("TLS is terminated in front of tokuten");
        }
        int port = serverPort;
        if (port <= 0) {
            return Outcome.notApplicable("no web server on this node");
        }
        var certificate = tlsProbe(port);
        if (certificate.isEmpty()) {
            return Outcome.failing("no certificate served");
        }
        Duration left = Duration.between(
                clock.instant(), certificate.get().getNotAfter().toInstant());
        String detail = "certificate valid " + left.toDays() + " more days";
        return left.compareTo(properties.certificateMinValidity()) < 0 ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    /** The certificate this node serves: read, not trusted (its expiry is all that is wanted). */
    private Optional<X509Certificate> tlsProbe(int port) throws Exception {
        var context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new ReadOnlyTrust()}, new SecureRandom());
        try (var socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int)
                    properties.probeTimeout().toMillis());
            socket.setSoTimeout((int) properties.probeTimeout().toMillis());
            socket.startHandshake();
            var chain = socket.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? Optional.of(x) : Optional.empty();
        }
    }

    /** Accepts any chain: the probe reads the certificate's dates and sends nothing over the connection. */
    private static final class ReadOnlyTrust implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    Outcome heap() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        long percent = max <= 0 ? 0 : used * 100 / max;
        String detail = percent + " % of " + max / (1024 * 1024) + " MB in use after collection";
        return percent >= properties.heapPercent() ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    synchronized Outcome gcPauses() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!gc.getName().contains("Concurrent") && gc.getCollectionTime() > 0) {
                total += gc.getCollectionTime();
            }
        }
        long now = System.nanoTime() / 1_000_000;
        long previousTotal = lastGcMillis;
        long previousAt = lastGcAt;
        if (previousTotal >= 0 && now - previousAt < 30_000) {
            // too short a window to judge (runs asked for one after another): keep measuring from the last
            return Outcome.ok("measuring");
        }
        lastGcMillis = total;
        lastGcAt = now;
        if (previousTotal < 0) {
            return Outcome.ok("first measurement");
        }
        long percent = (total - previousTotal) * 100 / (now - previousAt);
        String detail = (total - previousTotal) + " ms paused in " + (now - previousAt) / 1000 + " s";
        return percent >= properties.gcPercent() ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    private RequestStatistics.Window window = new RequestStatistics.Window(0, 0, 0);

    /** Takes the request counts since the last run; the error-rate and p99 checks both read them. */
    synchronized void takeRequestWindow() {
        window = requests.take();
    }

    synchronized Outcome errorRate() {
        var w = window;
        if (w.requests() < properties.minRequests()) {
            return Outcome.ok(w.requests() + " requests, too few to judge");
        }
        long percent = w.errors() * 100 / w.requests();
        String detail = w.errors() + " of " + w.requests() + " requests answered 5xx";
        return percent >= properties.errorRatePercent() ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    synchronized Outcome p99Latency() {
        var w = window;
        if (w.requests() < properties.minRequests()) {
            return Outcome.ok(w.requests() + " requests, too few to judge");
        }
        if (w.p99Millis() < 0) {
            return Outcome.failing(
                    "p99 above " + RequestStatistics.BOUNDS[RequestStatistics.BOUNDS.length - 1] + " ms");
        }
        String detail = "p99 at most " + w.p99Millis() + " ms of " + w.requests() + " requests";
        return w.p99Millis() > properties.p99Latency().toMillis() ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    Outcome threadPools() {
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        if (deadlocked != null && deadlocked.length > 0) {
            return Outcome.failing(deadlocked.length + " deadlocked threads");
        }
        var tasks = scheduler.getIfAvailable();
        if (tasks == null) {
            return Outcome.ok("no deadlocked threads");
        }
        int active = tasks.getActiveCount();
        int size = tasks.getPoolSize();
        String detail = "no deadlocked threads; scheduler " + active + " of " + size + " busy";
        // this run's own scheduler thread is one of the busy ones
        return size > 0 && active >= Math.max(size, 2) ? Outcome.failing(detail) : Outcome.ok(detail);
    }

    Outcome lineApi() throws Exception {
        if (!MonitoringProperties.set(properties.lineApiUrl())) {
            return Outcome.notApplicable("no LINE API URL configured");
        }
        HttpResponse<Void> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(properties.lineApiUrl().strip()))
                            .timeout(properties.probeTimeout())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return Outcome.failing("unreachable: " + e.getClass().getSimpleName());
        }
        // any answer short of a server error means the API is there (without a token it answers 401 or 404)
        return response.statusCode() < 500
                ? Outcome.ok("answered " + response.statusCode())
                : Outcome.failing("answered " + response.statusCode());
    }

    Outcome retention() {
        double days =
                jdbc.sql("select ops.oldest_log_age_days()").query(Double.class).single();
        String detail = "oldest log entry " + (long) days + " days old";
        return days > properties.retentionDays() + properties.retentionSlackDays()
                ? Outcome.failing(detail)
                : Outcome.ok(detail);
    }

    Outcome auditSealing() {
        double seconds = jdbc.sql("select ops.audit_sealing_lag_seconds()")
                .query(Double.class)
                .single();
        String detail = "oldest unsealed entry " + (long) seconds + " s old";
        return seconds > properties.sealingLag().toSeconds() ? Outcome.failing(detail) : Outcome.ok(detail);
    }
}
