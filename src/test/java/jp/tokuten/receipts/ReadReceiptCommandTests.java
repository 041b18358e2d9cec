package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.tokuten.ocr.TesseractAvailable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code read-receipt} with the real engine: one JSON line per file, errors as lines, exit status. */
class ReadReceiptCommandTests {

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void engineInstalled() {
        TesseractAvailable.require();
    }

    int run(String... args) {
        return ReadReceiptCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    Path fixture(String name) throws Exception {
        Path file = dir.resolve(name);
        try (var in = getClass().getResourceAsStream("/receipts/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    String[] outputLines() {
        return out.toString(StandardCharsets.UTF_8).strip().split("\n");
    }

    @Test
    void printsOneJsonLinePerFileAndFailsAtTheEndForABadOne() throws Exception {
        Path good = fixture("gen_003.jpg");
        Path text = Files.writeString(dir.resolve("notes.jpg"), "not a photo");

        int status =
                run(good.toString(), text.toString(), dir.resolve("missing.jpg").toString());

        assertThat(status).isEqualTo(1);
        String[] lines = outputLines();
        assertThat(lines).hasSize(3);
        JsonNode first = JsonMapper.builder().build().readTree(lines[0]);
        assertThat(first.path("file").asString()).isEqualTo(good.toString());
        assertThat(first.path("total").asInt()).isEqualTo(1986);
        assertThat(first.path("currency").asString()).isEqualTo("JPY");
        assertThat(lines[1]).contains("\"error\"");
        assertThat(lines[2]).contains("\"error\"").contains("no such file");
    }

    @Test
    void recognisesTheStoresOfAStoreList() throws Exception {
        Path photo = fixture("gen_005.jpg");
        Path stores = Files.writeString(dir.resolve("stores.txt"), "# chains of the campaign\nさくらマート\n\n青空ベーカリー\n");

        int status = run("--stores", stores.toString(), photo.toString());

        assertThat(status).isZero();
        assertThat(outputLines()[0]).contains("\"name\":\"青空ベーカリー\"");
    }

    @Test
    void refusesAMissingStoreListOrAMissingArgument() {
        assertThat(run("--stores", dir.resolve("none.txt").toString(), "x.jpg")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot read the store list");
        assertThat(run("x.jpg", "--stores")).isEqualTo(2);
        assertThat(out.size()).isZero();
    }

    @Test
    void refusesAStoreListItCannotUse() throws Exception {
        Path stores = Files.writeString(dir.resolve("long.txt"), "さくらマート\n" + "店".repeat(101) + "\n");
        assertThat(run("--stores", stores.toString(), "x.jpg")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Cannot read the store list")
                .contains("at most 100 characters");
        assertThat(run()).isEqualTo(2);
        assertThat(out.size()).isZero();
    }
}
