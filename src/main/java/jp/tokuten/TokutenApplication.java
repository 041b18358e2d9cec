package jp.tokuten;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import jp.tokuten.audit.AuditCommand;
import jp.tokuten.lottery.DrawCommand;
import jp.tokuten.ops.RestoreCommand;
import jp.tokuten.receipts.ReadReceiptCommand;
import jp.tokuten.rewards.PostalCodesCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * tokuten: receipt campaigns and digital coupons as a multi-tenant service. The jar runs the server
 * ({@code serve}, the default) and commands: {@code audit verify}, {@code draw verify FILE|URL},
 * {@code postal-codes load FILE|URL} and {@code read-receipt FILE...} (the last three: no server; only
 * {@code postal-codes load} uses the database). {@code --help} describes them; an unknown command exits 2.
 */
@SpringBootApplication
public class TokutenApplication {

    static final String USAGE = """
            usage: java -jar tokuten.jar [COMMAND] [OPTIONS]

            Commands:
              serve          run the server (the default when no command is given)
              audit verify   recompute every audit chain and report tampering (--anchor FILE: and
                             check the chains against a signed anchor from the backup location)
              restore BACKUP restore a backup into an empty database and data directory
              draw verify    recompute a published closed draw from its public record (file or URL)
              read-receipt   read receipt photos and print them as JSON (no server, no database)
              postal-codes load FILE|URL
                             load Japan Post's postal codes (utf_ken_all.zip or ken_all.zip)
              help           show this text; 'help COMMAND' or 'COMMAND --help' describes a command

            Options of the form --name=value (for example --server.port=9000) are settings of the
            server; environment variables TOKUTEN_* configure it too (see docs/operations.md).
            """;

    static final String SERVE_USAGE = """
            usage: java -jar tokuten.jar [serve] [--name=value...]

            Runs the tokuten server. Every --name=value option is a setting (for example
            --server.port=9000); TOKUTEN_* environment variables configure the rest (docs/operations.md).
            """;

    public static void main(String[] args) {
        switch (launch(args, System.out, System.err)) {
            case Launch.Serve(String[] options) -> SpringApplication.run(TokutenApplication.class, options);
            case Launch.Exit(int status) -> System.exit(status);
        }
    }

    /** What the command line asks for: the server with these options, or a command that has finished. */
    sealed interface Launch {
        record Serve(String[] options) implements Launch {}

        record Exit(int status) implements Launch {}
    }

    /**
     * Reads the command line. Runs a command (returning its exit status) or returns the server's options;
     * prints the usage and returns status 2 for a command it does not know.
     */
    static Launch launch(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return new Launch.Serve(args);
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (command) {
            case "serve" -> serve(rest, out, err);
            case "audit" -> new Launch.Exit(AuditCommand.run(TokutenApplication.class, rest, out, err));
            case "draw" -> new Launch.Exit(DrawCommand.run(rest, out, err));
            case "read-receipt" -> new Launch.Exit(ReadReceiptCommand.run(rest, out, err));
            case "restore" -> new Launch.Exit(RestoreCommand.run(TokutenApplication.class, rest, out, err));
            case "postal-codes" -> new Launch.Exit(PostalCodesCommand.run(TokutenApplication.class, rest, out, err));
            case "help", "-h", "--help" -> help(rest, out, err);
            default -> {
                if (command.startsWith("--")) {
                    yield serve(args, out, err);
                }
                err.println("Unknown command: " + printable(command));
                err.println();
                err.print(USAGE);
                yield new Launch.Exit(2);
            }
        };
    }

    private static Launch serve(String[] options, PrintStream out, PrintStream err) {
        for (String option : options) {
            if (isHelp(option)) {
                out.print(SERVE_USAGE);
                return new Launch.Exit(0);
            }
        }
        for (String option : options) {
            if (!option.startsWith("--")) {
                err.println("The server takes only --name=value options, not: " + printable(option));
                err.println();
                err.print(SERVE_USAGE);
                return new Launch.Exit(2);
            }
        }
        return new Launch.Serve(options);
    }

    /** {@code help [COMMAND...]}: the whole usage, or that command's own {@code --help}. */
    private static Launch help(String[] topic, PrintStream out, PrintStream err) {
        if (topic.length == 0 || topic[0].startsWith("-") || topic[0].equals("help")) {
            out.print(USAGE);
            return new Launch.Exit(0);
        }
        String[] asked = Arrays.copyOf(topic, topic.length + 1);
        asked[topic.length] = "--help";
        return launch(asked, out, err);
    }

    /** Whether {@code arg} asks for help ({@code --help} or {@code -h}). */
    static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    /** {@code arg} with control characters shown as {@code \\uXXXX}, so a typo cannot drive the terminal. */
    static String printable(String arg) {
        var text = new StringBuilder();
        arg.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                text.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                text.appendCodePoint(c);
            }
        });
        return text.toString();
    }
}
