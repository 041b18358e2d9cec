package jp.tokuten.lottery;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar tokuten.jar draw verify FILE|URL}: reads a draw's public record from a file or an
 * http(s) URL and recomputes it ({@link DrawVerification}). Exit status 0 when the seed matches the
 * commitment, the list its digest and the winners the recomputation; 1 when one of them does not (each
 * named); 3 when the record cannot be read or verified (not found, not a draw record, not yet drawn); 2 on
 * bad usage. No Spring context, no database.
 */
public final class DrawCommand {

    static final String USAGE = """
            usage: java -jar tokuten.jar draw COMMAND

            Commands:
              verify FILE|URL   recompute a published draw from its public record

            'draw verify --help' describes the command.
            """;

    static final String VERIFY_USAGE = """
            usage: java -jar tokuten.jar draw verify FILE|URL

            Reads a draw's public record (the JSON at /c/{slug}/draws/{id}.json, or a saved copy of it)
            and recomputes it: SHA-256 of the revealed seed against the commitment published before the
            draw, SHA-256 of the list of chances against entriesDigest, and the winners from the seed and
            the list (algorithm tokuten-draw/1, docs/draws.md).
            Exit status: 0 when everything matches; 1 when the seed, the list or the winners do not (each
            is named); 3 when the record cannot be read or verified (not found, not a draw record, not yet
            drawn); 2 on bad usage. Needs no server and no database.
            """;

    /** A record is a few tens of bytes per chance; this is room for millions of chances. */
    static final long MAX_RECORD_BYTES = 512L * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DrawCommand() {}

    /** Runs {@code draw ARGS...} (the arguments after {@code draw}); returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        if (isHelp(args[0]) || args[0].equals("help")) {
            out.print(USAGE);
            return 0;
        }
        if (!args[0].equals("verify")) {
            err.println("Unknown draw command: " + DrawVerification.printable(args[0]));
            err.println();
            err.print(USAGE);
            return 2;
        }
        if (args.length == 2 && isHelp(args[1])) {
            out.print(VERIFY_USAGE);
            return 0;
        }
        if (args.length != 2) {
            err.print(VERIFY_USAGE);
            return 2;
        }
        JsonNode record;
        try {
            record = read(args[1]);
        } catch (IOException | JacksonException e) {
            err.println("Cannot read the draw record " + DrawVerification.printable(args[1]) + ": " + reason(e));
            return 3;
        }
        var outcome = DrawVerification.verify(record);
        if (!outcome.unreadable().isEmpty()) {
            err.println("Cannot verify " + DrawVerification.printable(args[1]) + ": " + outcome.unreadable());
            return 3;
        }
        out.println(outcome.title());
        for (var check : outcome.checks()) {
            out.printf(
                    Locale.ROOT, "%-8s %-8s %s%n", check.part(), check.matches() ? "OK" : "MISMATCH", check.message());
        }
        if (outcome.verified()) {
            out.println("Verified: the published draw matches its commitment, its list and its winners.");
            return 0;
        }
        var failed = outcome.checks().stream()
                .filter(c -> !c.matches())
                .map(DrawVerification.Check::part)
                .toList();
        err.println("NOT verified: " + String.join(", ", failed) + " do not match (see above).");
        return 1;
    }

    private static JsonNode read(String source) throws IOException {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return fetch(source);
        }
        Path file = Path.of(source);
        if (Files.size(file) > MAX_RECORD_BYTES) {
            throw new IOException("larger than " + MAX_RECORD_BYTES + " bytes");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return JSON.readTree(in);
        }
    }

    private static JsonNode fetch(String url) throws IOException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IOException("not a URL");
        }
        try (var client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()) {
            var request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("the server answered HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes((int) Math.min(MAX_RECORD_BYTES + 1, Integer.MAX_VALUE - 8));
                if (bytes.length > MAX_RECORD_BYTES) {
                    throw new IOException("larger than " + MAX_RECORD_BYTES + " bytes");
                }
                return JSON.readTree(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IllegalArgumentException e) {
            throw new IOException("not an http(s) URL");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof JacksonException) {
            return "not JSON";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : DrawVerification.printable(message);
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }
}
