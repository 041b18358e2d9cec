package jp.tokuten.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.tokuten.platform.OwnerDatabase;
import jp.tokuten.shared.BackupKey;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * {@code java -jar tokuten.jar audit verify}: seals what is committed, recomputes every audit chain and
 * exits 0 with a one-line summary, or 1 naming the first entry of each broken chain that was changed,
 * deleted or reordered; 2 on bad usage. It starts tokuten's beans on the configured database but no web
 * server, no job worker, no audit sealer and no scheduled task ({@link #COMMAND_SETTINGS}).
 */
public final class AuditCommand {

    static final String USAGE = """
            usage: java -jar tokuten.jar audit COMMAND [--name=value...]

            Commands:
              verify   recompute every audit chain (the platform's and every tenant's)

            'audit verify --help' describes the command.
            """;

    static final String VERIFY_USAGE = """
            usage: java -jar tokuten.jar audit verify [--anchor FILE] [--name=value...]

            Seals the entries already committed, recomputes every audit chain and prints a summary.
            With --anchor FILE (an anchor written to the backup location, see docs/operations.md) it also
            checks that every chain still passes through the head the anchor recorded: a chain rewritten
            since, even one that recomputes, fails. The anchor's signature is checked with the backup key
            (TOKUTEN_BACKUP_KEY, or the embedded database's generated data/backup.key).
            Exit status: 0 when every chain is intact (and matches the anchor), 1 when a chain was changed,
            deleted or reordered (the first bad entry of each is named) or does not match the anchor, or
            the anchor's signature is wrong; 2 on bad usage; 3 when the anchor file cannot be read.
            Uses the server's configuration (TOKUTEN_DB_* or the embedded database in TOKUTEN_DATA_DIR;
            stop a server on the embedded database first). --name=value options are settings as for
            'serve'. Starts no web server, job worker or scheduled task.
            """;

    /**
     * Settings that keep the command a command whatever the configuration says: no scheduled task (which
     * also stops the sealer, the access-log flush and the retention purge; Spring Modulith's moments would
     * enable scheduling on their own), no job worker, no sealer and no demo tenant. They take precedence
     * over every other source.
     */
    static final Map<String, Object> COMMAND_SETTINGS = Map.of(
            "tokuten.privacy.load-key-at-start", "false",
            "tokuten.scheduling.enabled", "false",
            "spring.modulith.moments.enabled", "false",
            "tokuten.jobs.worker-enabled", "false",
            "tokuten.audit.sealer-enabled", "false",
            "tokuten.bootstrap.demo", "false");

    private AuditCommand() {}

    /**
     * Runs {@code audit ARGS...} (the arguments after {@code audit}) against {@code application}, printing
     * to {@code out} and {@code err}; returns the exit status.
     */
    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        if (isHelp(args[0]) || args[0].equals("help")) {
            out.print(USAGE);
            return 0;
        }
        if (!args[0].equals("verify")) {
            err.println("Unknown audit command: " + args[0].replaceAll("\\p{Cntrl}", "?"));
            err.println();
            err.print(USAGE);
            return 2;
        }
        var options = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        if (options.stream().anyMatch(AuditCommand::isHelp)) {
            out.print(VERIFY_USAGE);
            return 0;
        }
        @Nullable Path anchor = null;
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            if (o.equals("--anchor") && i + 1 < options.size()) {
                anchor = Path.of(options.remove(i + 1));
                options.remove(i--);
            } else if (o.startsWith("--anchor=")) {
                anchor = Path.of(o.substring("--anchor=".length()));
                options.remove(i--);
            }
        }
        if (options.stream().anyMatch(o -> !o.startsWith("--") || o.equals("--anchor"))) {
            err.print(VERIFY_USAGE);
            return 2;
        }
        @Nullable String anchorText = null;
        if (anchor != null) {
            try {
                anchorText = Files.readString(anchor, StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                err.println("Cannot read the anchor " + anchor + ": " + e.getMessage());
                return 3;
            }
        }
        try (var context = start(application, options)) {
            refuseBackgroundWork(context);
            int status = verify(context, out);
            if (anchorText != null) {
                int anchored = verifyAnchor(context, anchorText, out, err);
                status = Math.max(status, anchored);
            }
            return status;
        }
    }

    /**
     * Checks the database of {@code context} against an anchor's text, printing the outcome; 0 when it matches,
     * else 1.
     */
    public static int verifyAnchor(ApplicationContext context, String anchorText, PrintStream out, PrintStream err) {
        var env = context.getEnvironment();
        Optional<BackupKey> key;
        try {
            var database = context.getBean(OwnerDatabase.class);
            key = BackupKey.resolve(
                    env.getProperty("tokuten.backup.key"), database.embedded(), database.dataDir(), false);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("audit anchor NOT checked: " + e.getMessage());
            return 1;
        }
        if (key.isEmpty()) {
            err.println("audit anchor NOT checked: TOKUTEN_BACKUP_KEY is not set (the anchor is signed with it)");
            return 1;
        }
        try {
            var check = context.getBean(AuditAnchors.class).check(anchorText, key.get());
            out.println(check.summary());
            return check.intact() ? 0 : 1;
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            out.println("audit anchor REFUSED: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Stops the command, before it verifies anything, if the application it started has scheduled work
     * (a module that enabled scheduling on its own, say): a command must not seal, flush or run jobs behind
     * a live node's back, and this makes such a regression fail loudly.
     */
    static void refuseBackgroundWork(ApplicationContext context) {
        var tasks = context.getBeansOfType(ScheduledTaskHolder.class).values().stream()
                .flatMap(holder -> holder.getScheduledTasks().stream())
                .map(Object::toString)
                .toList();
        if (!tasks.isEmpty()) {
            throw new IllegalStateException("audit verify must not run scheduled tasks, but these are: " + tasks);
        }
    }

    /** Starts {@code application} as this command needs it: no web server, nothing in the background. */
    static ConfigurableApplicationContext start(Class<?> application, List<String> options) {
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("logging.level.root=WARN")
                .initializers(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("tokuten-audit-command", COMMAND_SETTINGS)))
                .run(options.toArray(String[]::new));
    }

    /** Verifies every chain with the application in {@code context}, printing the outcome. */
    public static int verify(ApplicationContext context, PrintStream out) {
        var report = context.getBean(AuditVerification.class).verifyAll();
        out.println(report.summary());
        return report.intact() ? 0 : 1;
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }
}
