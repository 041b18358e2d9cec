package jp.tokuten.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every text a person reads exists in both languages, and each language's bundle speaks only that language:
 * a key in one bundle only, English left in the Japanese bundle, Japanese in the English one, or an
 * "English (日本語)" pair anywhere in the templates or the code fails the build.
 */
class MessageBundleTests {

    /** Japanese-bundle values that are rightly not Japanese: the product name and the language switch. */
    static final Set<String> LATIN_IN_JAPANESE =
            Set.of("app.name", "index.title", "nav.language", "nav.language.param", "operator.tenant.megabytes");

    /** English-bundle values that are rightly Japanese: the switch back to Japanese. */
    static final Set<String> JAPANESE_IN_ENGLISH = Set.of("nav.language");

    static final Pattern JAPANESE = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");
    static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z]{2,}");
    /** An English phrase followed by the same in Japanese in brackets: "Name: 1-100 characters (氏名は…)". */
    static final Pattern PAIR = Pattern.compile(
            "[A-Za-z]{2,}[A-Za-z0-9 ,.:;'\"-]*\\s[(（][^()（）]*[\\p{IsHiragana}\\p{IsKatakana}\\p{IsHan}]");

    static final Path RESOURCES = Path.of("src/main/resources");

    @Test
    void everyKeyExistsInBothLanguages() throws IOException {
        var pairs = bundlePairs();
        assertThat(pairs).as("bundle pairs").hasSizeGreaterThanOrEqualTo(3);
        for (var pair : pairs) {
            var ja = load(pair.get(0)).stringPropertyNames();
            var en = load(pair.get(1)).stringPropertyNames();
            var onlyJa = new TreeSet<>(ja);
            onlyJa.removeAll(en);
            var onlyEn = new TreeSet<>(en);
            onlyEn.removeAll(ja);
            assertThat(onlyJa).as("keys only in " + pair.get(0)).isEmpty();
            assertThat(onlyEn).as("keys only in " + pair.get(1)).isEmpty();
        }
    }

    @Test
    void japaneseBundlesHoldNoEnglishSentences() throws IOException {
        var offenders = new ArrayList<String>();
        for (var pair : bundlePairs()) {
            var ja = load(pair.get(0));
            for (String key : ja.stringPropertyNames()) {
                String value = ja.getProperty(key);
                if (!LATIN_IN_JAPANESE.contains(key)
                        && LATIN_WORD.matcher(value).find()
                        && !JAPANESE.matcher(value).find()) {
                    offenders.add(pair.get(0).getFileName() + ": " + key + "=" + value);
                }
            }
        }
        assertThat(offenders).as("English text in a Japanese bundle").isEmpty();
    }

    @Test
    void englishBundlesHoldNoJapanese() throws IOException {
        var offenders = new ArrayList<String>();
        for (var pair : bundlePairs()) {
            var en = load(pair.get(1));
            for (String key : en.stringPropertyNames()) {
                if (!JAPANESE_IN_ENGLISH.contains(key)
                        && JAPANESE.matcher(en.getProperty(key)).find()) {
                    offenders.add(pair.get(1).getFileName() + ": " + key + "=" + en.getProperty(key));
                }
            }
        }
        assertThat(offenders).as("Japanese text in an English bundle").isEmpty();
    }

    @Test
    void noEnglishJapanesePairsInTemplatesOrCode() throws IOException {
        var offenders = new ArrayList<String>();
        var roots = Map.of(RESOURCES.resolve("templates"), ".html", Path.of("src/main/java/jp/tokuten"), ".java");
        for (var root : roots.entrySet()) {
            try (Stream<Path> files = Files.walk(root.getKey())) {
                for (Path file : files.filter(f -> f.toString().endsWith(root.getValue()))
                        .toList()) {
                    String relative = root.getKey().relativize(file).toString().replace('\\', '/');
                    var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).strip();
                        if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
                            continue; // comments may quote both languages
                        }
                        if (PAIR.matcher(line).find()) {
                            offenders.add(relative + ":" + (i + 1) + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(offenders).as("\"English (日本語)\" text outside the bundles").isEmpty();
    }

    @Test
    void templatesTakeTheirWordsFromTheBundles() throws IOException {
        // text a template writes itself (not through th:text and a bundle key) would be in one language only
        var offenders = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(RESOURCES.resolve("templates"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    // Japanese anywhere in a template is hard-coded: the bundles are where Japanese lives
                    if (JAPANESE.matcher(lines.get(i)).find()) {
                        offenders.add(file.getFileName() + ":" + (i + 1) + ": "
                                + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(offenders).as("Japanese written into templates").isEmpty();
    }

    @Test
    void everyAuditedActionAndTenantTableHasWordsForTheAuditLogPage() throws IOException {
        var codes = new TreeSet<String>();
        var recordCall = Pattern.compile("(?:audit|trail)\\.record\\(");
        var literal = Pattern.compile("\"([a-z_]+(?:\\.[a-z_]+)+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/jp/tokuten"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file, StandardCharsets.UTF_8);
                var call = recordCall.matcher(source);
                while (call.find()) {
                    // the first argument, up to the first comma outside brackets: the action (or a choice of two)
                    int depth = 0;
                    int end = call.end();
                    while (end < source.length()
                            && !(depth == 0 && (source.charAt(end) == ',' || source.charAt(end) == ')'))) {
                        char c = source.charAt(end);
                        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                        end++;
                    }
                    var action = literal.matcher(source.substring(call.end(), end));
                    while (action.find()) {
                        codes.add("audit.action." + action.group(1));
                    }
                }
            }
        }
        var table = Pattern.compile("register_tenant_table\\('([a-z_]+\\.[a-z_]+)'");
        try (Stream<Path> files = Files.walk(RESOURCES.resolve("db/migration"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                var m = table.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    codes.add("audit.table." + m.group(1));
                }
            }
        }
        assertThat(codes).as("audited actions and tenant tables").hasSizeGreaterThan(20);
        var ja = load(RESOURCES.resolve("messages.properties")).stringPropertyNames();
        var en = load(RESOURCES.resolve("messages_en.properties")).stringPropertyNames();
        assertThat(codes.stream()
                        .filter(c -> !ja.contains(c) || !en.contains(c))
                        .toList())
                .as("audit log words missing from messages(_en).properties")
                .isEmpty();
    }

    /** (Japanese bundle, English bundle) pairs: messages.properties and every i18n/X.properties. */
    static List<List<Path>> bundlePairs() throws IOException {
        var pairs = new ArrayList<List<Path>>();
        pairs.add(List.of(RESOURCES.resolve("messages.properties"), RESOURCES.resolve("messages_en.properties")));
        try (Stream<Path> files = Files.list(RESOURCES.resolve("i18n"))) {
            for (Path ja : files.filter(f -> f.toString().endsWith(".properties")
                            && !f.getFileName().toString().contains("_"))
                    .sorted()
                    .toList()) {
                String base = ja.getFileName().toString().replace(".properties", "");
                pairs.add(List.of(ja, ja.resolveSibling(base + "_en.properties")));
            }
        }
        for (var pair : pairs) {
            assertThat(pair.get(1)).as("English bundle beside " + pair.get(0)).exists();
        }
        return pairs;
    }

    static Properties load(Path file) {
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
