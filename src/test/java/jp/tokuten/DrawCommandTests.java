package jp.tokuten;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import jp.tokuten.TokutenApplication.Launch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code java -jar tokuten.jar draw verify FILE} through {@link TokutenApplication#launch}, on the
 * documented test vector ({@code docs/draws.md}) and on copies of it altered one part at a time: each
 * alteration is named and exits 1; an unreadable record exits 3, bad usage 2. The same on a draw published
 * by the server, from its URL: {@code lottery.DrawApiTests}.
 */
class DrawCommandTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    ObjectNode vector;

    @BeforeEach
    void readVector() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/lottery/draw-vector.json")) {
            vector = (ObjectNode) JSON.readTree(in);
        }
    }

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

    Launch verify(Consumer<ObjectNode> alteration) throws IOException {
        ObjectNode record = vector.deepCopy();
        alteration.accept(record);
        Path file = dir.resolve("draw.json");
        Files.writeString(file, JSON.writeValueAsString(record));
        return launch("draw", "verify", file.toString());
    }

    @Test
    void theDocumentedVectorVerifies() throws IOException {
        assertThat(verify(r -> {})).isEqualTo(new Launch.Exit(0));
        assertThat(out())
                .contains("20 chances, 5 winners wanted, at most 1 per entrant")
                .containsPattern("seed +OK")
                .containsPattern("list +OK")
                .containsPattern("winners +OK")
                .contains("Verified");
        assertThat(err()).isEmpty();
    }

    @Test
    void anAlteredSeedIsNamed() throws IOException {
        assertThat(verify(r -> r.put("seed", "ff" + r.get("seed").stringValue().substring(2))))
                .isEqualTo(new Launch.Exit(1));
        assertThat(out())
                .containsPattern("seed +MISMATCH +the seed does not match the commitment")
                .containsPattern("list +OK");
        assertThat(err()).contains("NOT verified: seed");
    }

    @Test
    void aChangedChanceIsNamed() throws IOException {
        assertThat(verify(r -> ((ObjectNode) r.get("entries").get(7)).put("id", "0123456789abcdef0123456789abcdef")))
                .isEqualTo(new Launch.Exit(1));
        assertThat(out())
                .containsPattern("seed +OK")
                .containsPattern("list +MISMATCH +the list of chances does not match entriesDigest");
        assertThat(err()).contains("NOT verified: list");
    }

    @Test
    void aRemovedChanceIsNamed() throws IOException {
        assertThat(verify(r -> ((ArrayNode) r.get("entries")).remove(11))).isEqualTo(new Launch.Exit(1));
        assertThat(out()).containsPattern("list +MISMATCH +the list of chances does not match entriesDigest");
    }

    @Test
    void reorderedChancesAreNamed() throws IOException {
        assertThat(verify(r -> {
                    var entries = (ArrayNode) r.get("entries");
                    var first = entries.remove(0);
                    entries.add(first);
                }))
                .isEqualTo(new Launch.Exit(1));
        assertThat(out()).containsPattern("list +MISMATCH");
    }

    @Test
    void alteredWinnersAreNamed() throws IOException {
        String loser = vector.get("entries").get(0).get("id").stringValue();
        assertThat(verify(r -> ((ArrayNode) r.get("winners")).set(2, loser))).isEqualTo(new Launch.Exit(1));
        assertThat(out())
                .containsPattern("seed +OK")
                .containsPattern("list +OK")
                .containsPattern(
                        "winners +MISMATCH +the winners do not match the recomputation: winner 3 is published as "
                                + loser);
        assertThat(err()).contains("NOT verified: winners");

        assertThat(verify(r -> ((ArrayNode) r.get("winners")).remove(4))).isEqualTo(new Launch.Exit(1));
        assertThat(out()).contains("4 published, 5 recomputed");

        assertThat(verify(r -> r.put("winnersWanted", 6))).isEqualTo(new Launch.Exit(1));
        assertThat(out()).containsPattern("winners +MISMATCH");
    }

    @Test
    void aMalformedListIsAListMismatch() throws IOException {
        assertThat(verify(r -> ((ObjectNode) r.get("entries").get(3)).put("entrant", "Taro Yamada")))
                .isEqualTo(new Launch.Exit(1));
        assertThat(out())
                .containsPattern("list +MISMATCH +the list of chances is malformed: chance 4")
                .containsPattern("winners +MISMATCH +the winners cannot be recomputed");
    }

    @Test
    void aRecordThatCannotBeVerifiedExits3() throws IOException {
        assertThat(verify(r -> {
                    r.remove("seed");
                    r.put("status", "committed");
                }))
                .isEqualTo(new Launch.Exit(3));
        assertThat(err())
                .contains("has not been run yet")
                .contains(vector.get("commitment").stringValue());

        assertThat(verify(r -> r.put("algorithm", "other/9"))).isEqualTo(new Launch.Exit(3));
        assertThat(err()).contains("unknown algorithm");

        assertThat(verify(r -> r.remove("entries"))).isEqualTo(new Launch.Exit(3));
        assertThat(err()).contains("entries is missing");

        Path notJson = dir.resolve("not.json");
        Files.writeString(notJson, "<html>");
        assertThat(launch("draw", "verify", notJson.toString())).isEqualTo(new Launch.Exit(3));
        assertThat(err()).contains("not JSON");

        assertThat(launch("draw", "verify", dir.resolve("missing.json").toString()))
                .isEqualTo(new Launch.Exit(3));
        assertThat(err()).contains("no such file");
    }

    @Test
    void usageAndHelp() {
        assertThat(launch("draw")).isEqualTo(new Launch.Exit(2));
        assertThat(err()).contains("verify FILE|URL");
        assertThat(launch("draw", "verify")).isEqualTo(new Launch.Exit(2));
        assertThat(launch("draw", "verify", "a", "b")).isEqualTo(new Launch.Exit(2));
        assertThat(launch("draw", "recompute")).isEqualTo(new Launch.Exit(2));
        assertThat(err()).contains("Unknown draw command: recompute");
        assertThat(launch("draw", "verify", "--help")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("Exit status: 0");
        assertThat(launch("help", "draw")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("verify FILE|URL");
        assertThat(launch("--help")).isEqualTo(new Launch.Exit(0));
        assertThat(out()).contains("draw verify");
    }
}
