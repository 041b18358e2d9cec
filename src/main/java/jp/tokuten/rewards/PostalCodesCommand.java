package jp.tokuten.rewards;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code java -jar tokuten.jar postal-codes load FILE|URL}: replaces the postal codes with Japan Post's file
 * ({@code utf_ken_all.zip} or {@code ken_all.zip}, or the CSV inside) read from a path or fetched from an
 * {@code http(s)} address, and prints how many codes it loaded. Run it again with a newer file to keep the
 * codes current (Japan Post updates them monthly). Exit status 0 when loaded, 1 when the file could not be
 * read or is not Japan Post's, 2 on bad usage. Starts tokuten's beans on the configured database but no web
 * server, job worker or scheduled task.
 */
public final class PostalCodesCommand {

    static final String USAGE = """
            usage: java -jar tokuten.jar postal-codes load FILE|URL [--name=value...]

            Replaces the postal codes of the winner's address form with Japan Post's file:
            utf_ken_all.zip (UTF-8) or ken_all.zip (Shift_JIS), or the CSV file inside either, read from
            FILE or fetched from an http(s) URL. Run it again with a newer file to keep the codes current.
            Exit status: 0 when loaded, 1 when the file could not be read or is not Japan Post's, 2 on bad
            usage. Uses the server's configuration (TOKUTEN_DB_* or the embedded database in
            TOKUTEN_DATA_DIR; stop a server on the embedded database first). Starts no web server, job
            worker or scheduled task.
            """;

    /** As for {@code audit verify}: nothing in the background, whatever the configuration says. */
    static final Map<String, Object> COMMAND_SETTINGS = Map.of(
            "tokuten.privacy.load-key-at-start", "false",
            "tokuten.scheduling.enabled", "false",
            "spring.modulith.moments.enabled", "false",
            "tokuten.jobs.worker-enabled", "false",
            "tokuten.audit.sealer-enabled", "false",
            "tokuten.bootstrap.demo", "false");

    private PostalCodesCommand() {}

    /** Runs {@code postal-codes ARGS...} against {@code application}; returns the exit status. */
    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && (isHelp(args[0]) || args[0].equals("help"))) {
            out.print(USAGE);
            return 0;
        }
        if (args.length < 2 || !args[0].equals("load")) {
            err.print(USAGE);
            return 2;
        }
        var options = Arrays.asList(args).subList(2, args.length);
        if (isHelp(args[1]) || options.stream().anyMatch(PostalCodesCommand::isHelp)) {
            out.print(USAGE);
            return 0;
        }
        if (options.stream().anyMatch(o -> !o.startsWith("--"))) {
            err.print(USAGE);
            return 2;
        }
        byte[] file;
        try {
            file = read(args[1]);
        } catch (IOException | IllegalArgumentException e) {
            err.println("Could not read " + printable(args[1]) + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        try (var context = start(application, options)) {
            return load(context, file, args[1], out, err);
        }
    }

    /** Loads {@code file} with the application in {@code context}, printing the outcome. */
    public static int load(ApplicationContext context, byte[] file, String source, PrintStream out, PrintStream err) {
        try {
            var report = context.getBean(PostalCodes.class).load(file, printable(source));
            out.println("Loaded " + report.codes() + " postal codes (" + report.addresses() + " addresses) from "
                    + printable(source) + ", SHA-256 " + report.sha256());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("Not Japan Post's postal-code file (" + printable(source) + "): " + e.getMessage());
            return 1;
        }
    }

    /** The bytes of a path, or of an http(s) address; at most {@link KenAllFile#MAX_BYTES}. */
    static byte[] read(String fileOrUrl) throws IOException, InterruptedException {
        String lower = fileOrUrl.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try (var client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(20))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build()) {
                var response = client.send(
                        HttpRequest.newBuilder(URI.create(fileOrUrl))
                                .timeout(Duration.ofMinutes(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) {
                        throw new IOException("HTTP status " + response.statusCode());
                    }
                    return bounded(body);
                }
            }
        }
        try (InputStream in = Files.newInputStream(Path.of(fileOrUrl))) {
            return bounded(in);
        }
    }

    private static byte[] bounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(KenAllFile.MAX_BYTES + 1);
        if (bytes.length > KenAllFile.MAX_BYTES) {
            throw new IOException("larger than " + KenAllFile.MAX_BYTES + " bytes");
        }
        return bytes;
    }

    static ConfigurableApplicationContext start(Class<?> application, List<String> options) {
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("logging.level.root=WARN")
                .initializers(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("tokuten-postal-codes-command", COMMAND_SETTINGS)))
                .run(options.toArray(String[]::new));
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    private static String printable(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
