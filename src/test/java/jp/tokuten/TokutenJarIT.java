package jp.tokuten;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, started as a separate process the way an operator starts it: on the embedded database
 * (data kept across restarts) and against an external PostgreSQL, where it migrates as the owner and
 * runs as the restricted runtime role.
 */
class TokutenJarIT {

    static final Path JAR = Path.of("target/tokuten.jar");
    static final String TOKEN = "it-operator-token-0123456789abcdefghijklmnop";
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Stands in for a database server run elsewhere: tokuten only gets a URL and accounts on it. */
    static EmbeddedPostgres external;

    @BeforeAll
    static void externalServer(@TempDir Path dir) throws IOException, SQLException {
        external = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("external-pg"))
                .setCleanDataDirectory(true)
                .start();
        try (Connection su = superuser("postgres")) {
            var st = su.createStatement();
            st.execute("create role ext_owner login password 'owner-secret' createrole");
            st.execute("create database ext_db owner ext_owner");
            st.execute("create role plain_owner login password 'plain-secret'");
            st.execute("create database plain_db owner plain_owner");
            st.execute("create role given_app login password 'given-secret'");
            st.execute("create role cli_owner login password 'cli-secret'");
            st.execute("create role cli_app login password 'cli-app-secret'");
            st.execute("create database cli_db owner cli_owner");
        }
    }

    @AfterAll
    static void stopExternal() throws IOException {
        if (external != null) {
            external.close();
        }
    }

    static Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + external.getPort() + "/" + database, "postgres", "postgres");
    }

    @Test
    void keepsTenantsAcrossRestartsOnTheEmbeddedDatabase(@TempDir Path dataDir) throws Exception {
        var env = Map.of("TOKUTEN_DATA_DIR", dataDir.toString());
        String slug;
        try (var app = Tokuten.start(env, "embedded-1")) {
            app.awaitOutput("demo tenant created", Duration.ofSeconds(60));
            slug = "restart-" + Long.toString(System.nanoTime(), 36);
            var created = app.createTenant(slug);
            assertThat(created.statusCode()).isEqualTo(201);
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
        try (var app = Tokuten.start(env, "embedded-2")) {
            assertThat(app.get("/actuator/health").body()).contains("\"status\":\"UP\"");
            String tenantsJson = app.getAsOperator("/api/v1/operator/tenants").body();
            assertThat(tenantsJson).contains("\"slug\":\"" + slug + "\"").contains("\"slug\":\"demo\"");
            assertThat(app.output())
                    .doesNotContain("demo tenant created")
                    .as("TOKUTEN_BASE_URL unset: mail links use the port the server listens on, and the log says so")
                    .contains("TOKUTEN_BASE_URL is not set: links in e-mail use http://localhost:" + app.port);
        }
    }

    @Test
    void migratesAnExternalDatabaseAndRunsAsTheRuntimeRole() throws Exception {
        var env = Map.of(
                "TOKUTEN_DB_URL", "jdbc:postgresql://localhost:" + external.getPort() + "/ext_db",
                "TOKUTEN_DB_OWNER_USER", "ext_owner",
                "TOKUTEN_DB_OWNER_PASSWORD", "owner-secret");
        try (var app = Tokuten.start(env, "external")) {
            assertThat(app.createTenant("ext-tenant").statusCode()).isEqualTo(201);
            assertThat(app.output()).doesNotContain("demo tenant created").doesNotContain("owner-secret");
            try (Connection su = superuser("ext_db")) {
                assertThat(sessionUsers(su)).isNotEmpty().containsOnly("tokuten_app");
                var rs = su.createStatement()
                        .executeQuery("select rolsuper, rolbypassrls from pg_roles where rolname = 'tokuten_app'");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isFalse();
                assertThat(rs.getBoolean(2)).isFalse();
                var owner = su.createStatement()
                        .executeQuery(
                                "select tableowner from pg_tables where schemaname = 'tenancy' and tablename = 'tenants'");
                assertThat(owner.next()).isTrue();
                assertThat(owner.getString(1)).isEqualTo("ext_owner");
            }
        }
    }

    @Test
    void usesAGivenRuntimeRoleWhenTheOwnerMayNotCreateRoles() throws Exception {
        var base = Map.of(
                "TOKUTEN_DB_URL", "jdbc:postgresql://localhost:" + external.getPort() + "/plain_db",
                "TOKUTEN_DB_OWNER_USER", "plain_owner",
                "TOKUTEN_DB_OWNER_PASSWORD", "plain-secret");
        var refused = Tokuten.run(base, "plain-no-app-role");
        assertThat(refused.exitCode).isNotZero();
        assertThat(refused.output).contains("may not create roles").contains("TOKUTEN_DB_APP_USER");

        var env = new java.util.HashMap<>(base);
        env.put("TOKUTEN_DB_APP_USER", "given_app");
        env.put("TOKUTEN_DB_APP_PASSWORD", "given-secret");
        try (var app = Tokuten.start(env, "plain-given-app-role")) {
            assertThat(app.createTenant("given-role").statusCode()).isEqualTo(201);
            try (Connection su = superuser("plain_db")) {
                assertThat(sessionUsers(su)).isNotEmpty().containsOnly("given_app");
            }
        }
    }

    @Test
    void theCommandLineDescribesItsCommandsAndRefusesUnknownOnes() throws Exception {
        var help = Tokuten.command(Map.of(), "cli-help", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("serve").contains("audit verify").contains("read-receipt");
        for (String[] command : new String[][] {
            {"serve", "--help"}, {"audit", "--help"}, {"audit", "verify", "--help"}, {"read-receipt", "--help"}
        }) {
            var answer = Tokuten.command(Map.of(), "cli-help-" + String.join("-", command), command);
            assertThat(answer.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(answer.output()).as(String.join(" ", command)).startsWith("usage: java -jar tokuten.jar");
        }
        var unknown = Tokuten.command(Map.of(), "cli-unknown", "severe");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output())
                .contains("Unknown command: severe")
                .contains("audit verify")
                .doesNotContain("Tomcat")
                .doesNotContain("Started");
    }

    @Test
    void auditVerifyStartsNoServerJobWorkerOrScheduledTask() throws Exception {
        var env = Map.of(
                "TOKUTEN_DB_URL", "jdbc:postgresql://localhost:" + external.getPort() + "/cli_db",
                "TOKUTEN_DB_OWNER_USER", "cli_owner",
                "TOKUTEN_DB_OWNER_PASSWORD", "cli-secret",
                "TOKUTEN_DB_APP_USER", "cli_app",
                "TOKUTEN_DB_APP_PASSWORD", "cli-app-secret",
                // were a worker or a sealer running, it would act within 50 ms
                "TOKUTEN_JOBS_POLL_INTERVAL", "PT0.05S",
                "TOKUTEN_AUDIT_SEAL_INTERVAL", "PT0.05S");
        var first = Tokuten.command(env, "cli-verify-1", "audit", "verify");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("intact");
        try (Connection su = superuser("cli_db")) {
            su.createStatement().execute("""
                    insert into jobs.jobs (id, type, payload, max_attempts, run_at, created_at)
                    values ('00000000-0000-7000-8000-00000000c11a', 'test.never-run', '{}', 3,
                            now() - interval '1 minute', now())""");
        }
        // a web server would have to bind this port, which is taken
        try (var taken = new ServerSocket(0)) {
            var second = Tokuten.command(env, "cli-verify-2", taken.getLocalPort(), "audit", "verify");
            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(second.output())
                    .contains("intact")
                    .doesNotContain("first operator created")
                    .doesNotContain("Tomcat");
        }
        try (Connection su = superuser("cli_db")) {
            var job = su.createStatement()
                    .executeQuery("select status, attempts, locked_by from jobs.jobs"
                            + " where id = '00000000-0000-7000-8000-00000000c11a'");
            assertThat(job.next()).isTrue();
            assertThat(job.getString("status")).isEqualTo("queued");
            assertThat(job.getInt("attempts")).isZero();
            assertThat(job.getString("locked_by")).isNull();
            var operators = su.createStatement().executeQuery("select count(*) from identity.operators");
            assertThat(operators.next()).isTrue();
            assertThat(operators.getLong(1))
                    .as("the command bootstraps no operator")
                    .isZero();
        }
    }

    @Test
    void backsUpThroughTheApiAndRestoresThroughTheJarWithTheKeyFromTheEnvironment(@TempDir Path site) throws Exception {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32
        });
        Path backups = site.resolve("backups");
        var env = Map.of(
                "TOKUTEN_DATA_DIR", site.resolve("data").toString(),
                "TOKUTEN_BACKUP_KEY", key,
                "TOKUTEN_BACKUP_DIR", backups.toString());
        String location;
        try (var app = Tokuten.start(env, "backup-source")) {
            assertThat(app.createTenant("backed-up").statusCode()).isEqualTo(201);
            var started = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + app.port + "/api/v1/operator/backups"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = started.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            String status = "";
            for (int i = 0; i < 600 && !status.contains("\"done\"") && !status.contains("\"failed\""); i++) {
                Thread.sleep(100); // the job worker runs the backup: poll its status
                status = app.getAsOperator("/api/v1/operator/backups/" + id).body();
            }
            assertThat(status).contains("\"status\":\"done\"");
            location = status.replaceAll(".*\"location\":\"([^\"]+)\".*", "$1");
            assertThat(app.output()).doesNotContain(key);
        }
        // the anchor of the backup's own snapshot: the restored database matches it (an anchor written later
        // holds entries the backup has not, and says so)
        Path anchor = Path.of(location).resolve("audit-anchor.txt");

        var wrongKey = Tokuten.command(
                Map.of(
                        "TOKUTEN_DATA_DIR",
                        site.resolve("wrong").toString(),
                        "TOKUTEN_BACKUP_KEY",
                        java.util.Base64.getEncoder().encodeToString(new byte[32])),
                "restore-wrong-key",
                "restore",
                location);
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.output()).contains("Restore refused: Wrong key");

        var restoredEnv = Map.of("TOKUTEN_DATA_DIR", site.resolve("restored").toString(), "TOKUTEN_BACKUP_KEY", key);
        var restored = Tokuten.command(restoredEnv, "restore", "restore", location);
        assertThat(restored.exitCode()).as(restored.output()).isZero();
        assertThat(restored.output()).contains("audit chains intact").doesNotContain(key);
        var verified = Tokuten.command(restoredEnv, "restore-verify", "audit", "verify", "--anchor", anchor.toString());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("matches");
        try (var app = Tokuten.start(restoredEnv, "restored")) {
            assertThat(app.getAsOperator("/api/v1/operator/tenants").body()).contains("\"slug\":\"backed-up\"");
        }
    }

    static List<String> sessionUsers(Connection su) throws SQLException {
        var rs = su.createStatement()
                .executeQuery("select usename from pg_stat_activity where datname = current_database()"
                        + " and application_name = 'tokuten'");
        var users = new ArrayList<String>();
        while (rs.next()) {
            users.add(rs.getString(1));
        }
        return users;
    }

    /** One tokuten process started from the jar. */
    /**
     * Incidents open by themselves (issue 14): with the LINE API among the checks that mean the service is
     * down and nothing answering at its address, the node's own scheduled checks open an incident, shown on
     * the public status page; when the API answers again, the next run resolves it.
     */
    @Test
    void anIncidentOpensByItselfWhenACheckFailsAndResolvesOnRecovery(@TempDir Path dataDir) throws Exception {
        int linePort = Tokuten.freePort();
        var env = Map.of(
                "TOKUTEN_DATA_DIR", dataDir.toString(),
                "TOKUTEN_DEMO", "false",
                "TOKUTEN_LINE_API_URL", "http://127.0.0.1:" + linePort + "/v2/bot/info",
                "TOKUTEN_INCIDENT_CHECKS", "web,database,line_api",
                "TOKUTEN_CHECK_INTERVAL", "PT30S");
        try (var app = Tokuten.start(env, "incidents")) {
            String down = awaitStatus(app, "\"status\":\"outage\"", Duration.ofSeconds(120));
            assertThat(down).contains("line_api").doesNotContain("\"incidents\":[]");
            var line =
                    com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", linePort), 0);
            line.createContext("/", exchange -> {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
            });
            line.start();
            try {
                String up = awaitStatus(app, "\"status\":\"operational\"", Duration.ofSeconds(120));
                assertThat(up).contains("\"resolvedAt\":\"");
            } finally {
                line.stop(0);
            }
        }
    }

    static String awaitStatus(Tokuten app, String wanted, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            String body = app.get("/status.json").body();
            if (body.contains(wanted)) {
                return body;
            }
            assertThat(Instant.now())
                    .as("status.json shows " + wanted + " within " + limit + ": " + body)
                    .isBefore(deadline);
            app.process.waitFor(1, TimeUnit.SECONDS);
        }
    }

    static final class Tokuten implements AutoCloseable {
        final Process process;
        final Path log;
        final int port;

        record Finished(int exitCode, String output) {}

        private Tokuten(Process process, Path log, int port) {
            this.process = process;
            this.log = log;
            this.port = port;
        }

        static ProcessBuilder builder(Map<String, String> env, String name, int port, String... args)
                throws IOException {
            return builder(env, name, port, List.of(), args);
        }

        static ProcessBuilder builder(
                Map<String, String> env, String name, int port, List<String> jvmOptions, String... args)
                throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            Path log = Path.of("target/it-logs/" + name + ".log");
            Files.createDirectories(log.getParent());
            var command = new ArrayList<String>();
            command.add(java);
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", JAR.toString()));
            command.addAll(List.of(args));
            var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("TOKUTEN_"));
            pb.environment().putAll(env);
            pb.environment().put("SERVER_PORT", Integer.toString(port));
            pb.environment().put("TOKUTEN_BOOTSTRAP_OPERATOR_TOKEN", TOKEN);
            // an external database needs the master key of personal data (decision 143); embedded ones generate it
            pb.environment().putIfAbsent("TOKUTEN_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
            return pb;
        }

        static Tokuten start(Map<String, String> env, String name) throws Exception {
            return start(env, name, List.of());
        }

        /** Starts the jar with these options for its JVM (such as {@code -Xmx512m}). */
        static Tokuten start(Map<String, String> env, String name, List<String> jvmOptions) throws Exception {
            int port = freePort();
            var pb = builder(env, name, port, jvmOptions);
            var tokuten = new Tokuten(pb.start(), pb.redirectOutput().file().toPath(), port);
            tokuten.awaitHealthy(Duration.ofSeconds(180));
            return tokuten;
        }

        /** Runs a start that is expected to fail, returning its exit code and output. */
        static Finished run(Map<String, String> env, String name) throws Exception {
            return command(env, name, freePort());
        }

        /** Runs {@code java -jar tokuten.jar ARGS} to its end, returning its exit code and output. */
        static Finished command(Map<String, String> env, String name, String... args) throws Exception {
            return command(env, name, freePort(), args);
        }

        static Finished command(Map<String, String> env, String name, int port, String... args) throws Exception {
            var pb = builder(env, name, port, args);
            var process = pb.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tokuten did not finish within 180 s");
            }
            return new Finished(
                    process.exitValue(),
                    Files.readString(pb.redirectOutput().file().toPath()));
        }

        void awaitHealthy(Duration limit) throws Exception {
            Instant deadline = Instant.now().plus(limit);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError("tokuten exited with " + process.exitValue() + ":\n" + output());
                }
                try {
                    if (get("/actuator/health").body().contains("\"status\":\"UP\"")) {
                        return;
                    }
                } catch (IOException notYetListening) {
                    // still starting
                }
                process.waitFor(250, TimeUnit.MILLISECONDS);
            }
            throw new AssertionError("tokuten not healthy within " + limit + ":\n" + output());
        }

        /** Waits until the process has printed {@code text} (start-up runners may finish after readiness). */
        void awaitOutput(String text, Duration limit) throws Exception {
            Instant deadline = Instant.now().plus(limit);
            while (!output().contains(text)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("tokuten did not print '" + text + "' within " + limit + ":\n" + output());
                }
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }

        HttpResponse<String> get(String path) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> getAsOperator(String path) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> createTenant(String slug) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/operator/tenants"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        String output() throws IOException {
            return Files.readString(log);
        }

        static int freePort() throws IOException {
            try (var socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tokuten did not stop within 60 s of SIGTERM");
            }
        }
    }
}
