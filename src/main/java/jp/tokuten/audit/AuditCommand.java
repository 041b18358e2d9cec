package jp.tokuten.audit;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
            usage: java -jar tokuten.jar audit verify [--name=value...]

            Seals the entries already committed, recomputes every audit chain and prints a summary.
            Exit status: 0 when every chain is intact, 1 when a chain was changed, deleted or reordered
            (the first bad entry of each is named), 2 on bad usage.
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
        var options = Arrays.asList(args).subList(1, args.length);
        if (options.stream().anyMatch(AuditCommand::isHelp)) {
            out.print(VERIFY_USAGE);
            return 0;
        }
        if (options.stream().anyMatch(o -> !o.startsWith("--"))) {
            err.print(VERIFY_USAGE);
            return 2;
        }
        try (var context = start(application, options)) {
            refuseBackgroundWork(context);
            return verify(context, out);
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
