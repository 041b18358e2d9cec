package jp.tokuten;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import jp.tokuten.TokutenApplication.Launch;
import org.junit.jupiter.api.Test;

/**
 * What {@code java -jar tokuten.jar ARGS} does with its arguments, without starting anything: the server
 * by default, help for the whole and for each command, and status 2 for a command it does not know.
 * {@link TokutenJarIT} runs the same through the real jar.
 */
class CommandLineTests {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Launch launch(String... args) {
        out.reset();
        err.reset();
        return TokutenApplication.launch(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArgumentOrServeStartsTheServerWithItsOptions() {
        assertThat(launch())
                .isInstanceOfSatisfying(
                        Launch.Serve.class, s -> assertThat(s.options()).isEmpty());
        assertThat(launch("serve"))
                .isInstanceOfSatisfying(
                        Launch.Serve.class, s -> assertThat(s.options()).isEmpty());
        assertThat(launch("serve", "--server.port=9000", "--debug"))
                .isInstanceOfSatisfying(
                        Launch.Serve.class,
                        s -> assertThat(s.options()).containsExactly("--server.port=9000", "--debug"));
        assertThat(launch("--server.port=9000", "--tokuten.db.pool-size=4"))
                .isInstanceOfSatisfying(
                        Launch.Serve.class,
                        s -> assertThat(s.options()).containsExactly("--server.port=9000", "--tokuten.db.pool-size=4"));
        assertThat(out() + err()).isEmpty();
    }

    @Test
    void anUnknownCommandListsTheCommandsAndExits2() {
        assertThat(launch("sevre")).isEqualTo(new Launch.Exit(2));
        assertThat(err())
                .contains("Unknown command: sevre")
                .contains("serve")
                .contains("audit verify")
                .contains("read-receipt");
        assertThat(out()).isEmpty();

        assertThat(launch("-x")).isEqualTo(new Launch.Exit(2));
        assertThat(launch("help", "nonsense")).isEqualTo(new Launch.Exit(2));
        assertThat(launch("serve", "stray")).isEqualTo(new Launch.Exit(2));
        assertThat(err()).contains("--name=value");
        assertThat(launch("--server.port=9000", "stray")).isEqualTo(new Launch.Exit(2));
    }

    @Test
    void anUnknownCommandIsEchoedWithoutItsControlCharacters() {
        assertThat(launch("evil\u001b]0;title\u0007\r\nx")).isEqualTo(new Launch.Exit(2));
        assertThat(err()).contains("evil\\u001b]0;title\\u0007\\u000d\\u000ax").doesNotContain("\u001b");
    }

    @Test
    void helpDescribesTheWholeAndExits0() {
        for (String help : new String[] {"--help", "-h", "help"}) {
            assertThat(launch(help)).isEqualTo(new Launch.Exit(0));
            assertThat(out())
                    .startsWith("usage: java -jar tokuten.jar")
                    .contains("serve")
                    .contains("audit verify")
                    .contains("read-receipt");
            assertThat(err()).isEmpty();
        }
    }

    @Test
    void helpDescribesEachCommandAndExits0() {
        assertThat(launch("serve", "--help")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("[serve] [--name=value...]").contains("--server.port=9000");
        assertThat(launch("--server.port=9000", "--help")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("[serve] [--name=value...]");
        assertThat(launch("help", "serve")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("[serve] [--name=value...]");

        assertThat(launch("audit", "--help")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("audit COMMAND").contains("verify");
        assertThat(launch("audit", "verify", "--help")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("audit verify").contains("Exit status");
        assertThat(launch("help", "audit", "verify")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("Exit status");

        assertThat(launch("restore", "--help")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("restore BACKUP").contains("EMPTY database").contains("Exit status");
        assertThat(launch("help", "restore")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("TOKUTEN_BACKUP_KEY");

        assertThat(launch("read-receipt", "--help")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("read-receipt [--pages] [--stores FILE] FILE...");
        assertThat(launch("read-receipt", "photo.jpg", "-h")).isEqualTo(new Launch.Exit(0));
        assertThat(launch("help", "read-receipt")).isEqualTo(new Launch.Exit(0));
        assertThat(err()).isEmpty();
    }

    @Test
    void aCommandUsedWronglyShowsItsUsageAndExits2() {
        assertThat(launch("audit")).isEqualTo(new Launch.Exit(2));
        assertThat(err()).contains("audit COMMAND");
        assertThat(launch("audit", "repair")).isEqualTo(new Launch.Exit(2));
        assertThat(err()).contains("Unknown audit command: repair");
        assertThat(launch("audit", "verify", "everything")).isEqualTo(new Launch.Exit(2));
        assertThat(err()).contains("audit verify [--anchor FILE] [--name=value...]");
        assertThat(launch("audit", "verify", "--anchor")).isEqualTo(new Launch.Exit(2));
        assertThat(err()).contains("audit verify [--anchor FILE]");
        assertThat(launch("restore")).isEqualTo(new Launch.Exit(2));
        assertThat(err()).contains("restore BACKUP [--name=value...]");
        assertThat(launch("restore", "a", "b")).isEqualTo(new Launch.Exit(2));
        assertThat(launch("read-receipt")).isEqualTo(new Launch.Exit(2));
        assertThat(err()).contains("read-receipt [--pages]");
        assertThat(out()).isEmpty();
    }
}
