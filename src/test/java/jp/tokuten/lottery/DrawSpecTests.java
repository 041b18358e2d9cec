package jp.tokuten.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jp.tokuten.lottery.DrawAlgorithm.Chance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code docs/draws.md} is enough to re-implement a draw: its Python block (the same the campaign's page shows),
 * run as written, agrees with this implementation on a record made here (and says so when it is altered).
 */
class DrawSpecTests {

    @TempDir
    Path dir;

    @Test
    void theDocumentedPythonVerifierAgreesWithTheServer() throws Exception {
        // skipped only on a developer's machine without python3; in CI the verifier must run
        assumeTrue(python() != null || "true".equalsIgnoreCase(System.getenv("CI")), "python3 is not installed");
        assertThat(python()).as("python3, to run the verifier of docs/draws.md").isNotNull();
        String doc = Files.readString(Path.of("docs/draws.md"));
        var block = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find()).isTrue();
        assertThat(block.group(1)).isEqualTo(DrawAlgorithm.pythonVerifier());
        Path script = dir.resolve("verify_draw.py");
        Files.writeString(script, block.group(1));

        byte[] seed = DrawAlgorithm.newSeed();
        var entrants = new ArrayList<String>();
        for (int i = 0; i < 40; i++) {
            entrants.add(DrawAlgorithm.newPseudonym());
        }
        var entries = new ArrayList<Chance>();
        for (int i = 0; i < 300; i++) {
            entries.add(new Chance(DrawAlgorithm.newPseudonym(), entrants.get((i * i) % entrants.size())));
        }
        var winners = DrawAlgorithm.winners(seed, entries, 25, 2);
        var record = new PublishedDraw(
                DrawAlgorithm.VERSION,
                UUID.randomUUID(),
                null,
                UUID.randomUUID(),
                "A",
                "drawn",
                Instant.parse("2026-12-01T00:00:00Z"),
                DrawAlgorithm.commitment(seed),
                25,
                2,
                true,
                Instant.parse("2026-12-02T00:00:00Z"),
                DrawAlgorithm.hex(seed),
                DrawAlgorithm.entriesDigest(entries),
                entries,
                winners);
        var json = JsonMapper.builder().build();
        Path file = dir.resolve("record.json");
        Files.writeString(file, json.writeValueAsString(record));
        assertThat(run(script, file)).containsSubsequence("seed    True", "list    True", "winners True");

        var swapped = new ArrayList<>(winners);
        swapped.set(0, winners.get(1));
        swapped.set(1, winners.get(0));
        Files.writeString(
                file,
                json.writeValueAsString(new PublishedDraw(
                        record.algorithm(),
                        record.id(),
                        null,
                        record.campaign(),
                        "A",
                        "drawn",
                        record.createdAt(),
                        record.commitment(),
                        25,
                        2,
                        true,
                        record.drawnAt(),
                        record.seed(),
                        record.entriesDigest(),
                        entries,
                        swapped)));
        assertThat(run(script, file)).containsSubsequence("seed    True", "list    True", "winners False");
    }

    static String run(Path script, Path record) throws IOException, InterruptedException {
        var process = new ProcessBuilder(python(), script.toString(), record.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    static String python() {
        for (String candidate : new String[] {"/usr/bin/python3", "/usr/local/bin/python3"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }
}
