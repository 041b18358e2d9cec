package jp.tokuten.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jp.tokuten.audit.AuditAnchors;
import jp.tokuten.audit.AuditVerification;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.platform.OwnerDatabase;
import jp.tokuten.shared.BackupKey;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code java -jar tokuten.jar restore BACKUP}: checks the backup (key, manifest, checksums, GCM tags) before
 * anything is written, then restores it into an empty database and files directory (refusing one that holds
 * a tenant, an operator or a file) and verifies the audit chains. Exit 0 when restored and the chains are
 * intact; 1 when refused (wrong key, damaged, another version, not empty) or a chain is broken; 2 on bad usage.
 */
public final class RestoreCommand {

    static final String USAGE = """
            usage: java -jar tokuten.jar restore BACKUP [--name=value...]

            Restores a backup (its directory, or its manifest.json) into an EMPTY database and data
            directory: the embedded database in a new TOKUTEN_DATA_DIR, or a new external database
            (TOKUTEN_DB_URL with its owner). The key is TOKUTEN_BACKUP_KEY: the key of the site that made
            the backup. The whole backup is checked first (key, manifest HMAC, SHA-256 of every part, GCM
            tags); a wrongly-keyed or damaged backup is refused and nothing is written. The rows are loaded
            in one transaction, compared with the backup's row counts and checksums, the stored files put
            in place, and the audit chains verified, also against the backup's own audit anchor.
            Exit status: 0 restored and every audit chain intact; 1 refused (wrong key, damaged, made by
            another version, target not empty) or an audit chain broken; 2 on bad usage.
            --name=value options are settings as for 'serve'.
            """;

    /** As for {@code audit verify}: nothing runs in the background while the restore works. */
    static final Map<String, Object> COMMAND_SETTINGS = Map.of(
            "tokuten.privacy.load-key-at-start", "false",
            "tokuten.scheduling.enabled", "false",
            "spring.modulith.moments.enabled", "false",
            "tokuten.jobs.worker-enabled", "false",
            "tokuten.audit.sealer-enabled", "false",
            "tokuten.bootstrap.demo", "false");

    private RestoreCommand() {}

    /** Runs {@code restore ARGS...} against {@code application}; returns the exit status. */
    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        return run(application, args, out, err, System::getenv);
    }

    static int run(
            Class<?> application,
            String[] args,
            PrintStream out,
            PrintStream err,
            Function<String, @Nullable String> environment) {
        var options = new ArrayList<String>();
        String backup = null;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(USAGE);
                return 0;
            }
            if (arg.startsWith("--")) {
                options.add(arg);
            } else if (backup == null) {
                backup = arg;
            } else {
                err.print(USAGE);
                return 2;
            }
        }
        if (backup == null) {
            err.print(USAGE);
            return 2;
        }
        String configuredKey = option(options, "tokuten.backup.key");
        if (configuredKey == null) {
            configuredKey = environment.apply("TOKUTEN_BACKUP_KEY");
        }
        if (configuredKey == null || configuredKey.isBlank()) {
            err.println("Restore refused: TOKUTEN_BACKUP_KEY is not set (the key of the site that made the backup)");
            return 1;
        }
        BackupRestore checked;
        BackupKey key;
        try {
            key = BackupKey.parse(configuredKey);
            checked = BackupRestore.check(Path.of(backup), key);
        } catch (BackupRestore.RefusedException | IllegalArgumentException e) {
            err.println("Restore refused: " + e.getMessage());
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("Restore refused: cannot read the backup " + backup + ": " + e.getMessage());
            return 1;
        }
        out.println("Backup " + checked.manifest().id() + " of "
                + checked.manifest().createdAt() + " checked: "
                + checked.catalog().tables().size() + " tables, "
                + checked.catalog().files() + " files");
        String url = option(options, "tokuten.db.url");
        if (url == null) {
            url = environment.apply("TOKUTEN_DB_URL");
        }
        if (url == null || url.isBlank()) {
            String dataDir = option(options, "tokuten.db.data-dir");
            if (dataDir == null) {
                dataDir = environment.apply("TOKUTEN_DATA_DIR");
            }
            Path postgres = Path.of(dataDir == null ? "./data" : dataDir).resolve("postgres");
            if (Files.isDirectory(postgres)) {
                err.println("Restore refused: the data directory already holds a database (" + postgres
                        + "): restore only into a new, empty data directory");
                return 1;
            }
        }
        try (var context = start(application, options)) {
            var owner = context.getBean(OwnerDatabase.class);
            Path filesDir = context.getBean(StoredFiles.class).directory();
            try (var connection = owner.connect()) {
                BackupRestore.requireEmpty(connection, filesDir);
                checked.restore(connection, owner.schemas(), filesDir);
            }
            out.println("Restored "
                    + checked.catalog().tables().stream()
                            .mapToLong(BackupFormat.Table::rows)
                            .sum()
                    + " rows in " + checked.catalog().tables().size()
                    + " tables (row counts and checksums match the backup) and "
                    + checked.catalog().files() + " files into " + filesDir);
            var report = context.getBean(AuditVerification.class).verifyAll();
            out.println(report.summary());
            int status = report.intact() ? 0 : 1;
            Path anchor = checked.directory().resolve(BackupFormat.ANCHOR);
            if (Files.isRegularFile(anchor)) {
                try {
                    var check = context.getBean(AuditAnchors.class)
                            .check(Files.readString(anchor, StandardCharsets.UTF_8), key);
                    out.println(check.summary());
                    status = check.intact() ? status : 1;
                } catch (IllegalArgumentException e) {
                    out.println("audit anchor REFUSED: " + e.getMessage());
                    status = 1;
                }
            }
            return status;
        } catch (BackupRestore.RefusedException e) {
            err.println("Restore refused: " + e.getMessage());
            return 1;
        } catch (SQLException | IOException e) {
            err.println("Restore failed, nothing was restored: " + e.getMessage());
            return 1;
        }
    }

    private static @Nullable String option(List<String> options, String name) {
        String prefix = "--" + name + "=";
        String value = null;
        for (String o : options) {
            if (o.startsWith(prefix)) {
                value = o.substring(prefix.length());
            }
        }
        return value;
    }

    private static ConfigurableApplicationContext start(Class<?> application, List<String> options) {
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("logging.level.root=WARN")
                .initializers(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("tokuten-restore-command", COMMAND_SETTINGS)))
                .run(options.toArray(String[]::new));
    }
}
