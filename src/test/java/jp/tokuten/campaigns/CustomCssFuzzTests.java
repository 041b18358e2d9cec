package jp.tokuten.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The custom CSS sanitiser (decision 149) under thousands of generated inputs, random and adversarial: it never
 * throws, what it keeps never holds a forbidden construct, every kept selector is scoped under the root class,
 * and its output sanitises to itself.
 */
class CustomCssFuzzTests {

    static final int RUNS = 6_000;

    static final List<String> SELECTORS = List.of(
            "p",
            "a:hover",
            ".btn",
            "#main",
            "h1 + p",
            "ul > li",
            "div ~ span",
            "*",
            "html",
            "body",
            ":root",
            "html body .x",
            ".a, body",
            ":host",
            "::slotted(p)",
            ":scope > p",
            "> p",
            "+ p",
            "~ p",
            ".tk-theme",
            ".tk-theme p",
            ".tk-theme+p",
            ".tk-theme > p",
            "a[href^='http']",
            "input:not(.x)",
            "p::before",
            "li:nth-child(2n+1)",
            ".b\\6f dy",
            "bo\\dy",
            ":is(body) p",
            ":where(html) a",
            "p:has(> a)",
            "[data-x=\"body\"]",
            "BODY",
            "Html",
            ".body",
            "#html",
            "svg|rect");
    static final List<String> PROPERTIES = List.of(
            "color",
            "background",
            "background-image",
            "behavior",
            "-moz-binding",
            "BEHAVIOR",
            "--x",
            "content",
            "font-family",
            "margin",
            "width",
            "position",
            "-webkit-box-shadow",
            "border",
            "b\\ehavior",
            "filter",
            "list-style-image",
            "cursor",
            "x-expression");
    static final List<String> VALUES = List.of(
            "red",
            "#fff",
            "#123456",
            "rgb(1, 2, 3)",
            "url(/c/x/image.png)",
            "url('/c/x/a.png')",
            "url(https://evil.example/x.png)",
            "url(//evil.example/x)",
            "url(\"javascript:alert(1)\")",
            "url(data:image/png;base64,AAAA)",
            "expression(alert(1))",
            "EXPRESSION(1)",
            "calc(100% - 10px)",
            "var(--tk-primary)",
            "attr(data-secret)",
            "image-set(\"https://evil/x.png\" 1x)",
            "\"a\\\"b\"",
            "\"</style><script>\"",
            "linear-gradient(red, blue)",
            "url(/a) url(https://b/c)",
            "12px !important",
            "\"expression\"",
            "e\\xpression(1)",
            "url( /ok )",
            "url(/a\\)b)",
            "cross-fade(url(/a), url(/b))",
            "-webkit-image-set(url(/a) 1x)",
            "1px solid red",
            "\"\\\"\"",
            "none");
    static final List<String> AT_RULES = List.of(
            "@import url(https://evil.example/x.css);",
            "@import 'x.css';",
            "@charset \"utf-8\";",
            "@namespace svg url(http://www.w3.org/2000/svg);",
            "@font-face { font-family: x; src: url(https://e/x); }",
            "@keyframes k { from { color: red } to { color: blue } }",
            "@page { margin: 1cm }",
            "@media screen and (max-width: 600px) { p { color: red } body { color: blue } }",
            "@media print { @import 'x'; }",
            "@supports (display: grid) { p { color: red } }",
            "@layer base;",
            "@media url(x) { p { color: red } }",
            "@media (min-width: 400px) { html p { color: red } a { color: blue } }");
    static final String NOISE = "{}();:,.#>~+*[]=\"'\\/@!%-_ \n\tabcxyzABCXYZ0189<>&|^$`\u0000\u00e9\u3042";

    static final Pattern FORBIDDEN = Pattern.compile(
            "(?i)@import|@font-face|@namespace|expression|behavior|-moz-binding|javascript:|\\\\|url\\(\\s*['\"]?\\s*(?!/(?!/))");

    @Test
    void neverThrowsKeepsNothingForbiddenAndIsAFixedPoint() {
        var random = new Random(20261204L);
        int kept = 0;
        for (int run = 0; run < RUNS; run++) {
            String input = generate(random, run);
            var once = CustomCss.sanitise(input);
            kept += once.css().isEmpty() ? 0 : 1;
            assertThat(once).as("input %s", input).isNotNull();
            String css = once.css();
            assertThat(FORBIDDEN.matcher(css).find())
                    .as("forbidden construct kept from %s: %s", input, css)
                    .isFalse();
            assertScoped(input, css);
            var twice = CustomCss.sanitise(css);
            assertThat(twice.css()).as("re-sanitising the output of %s", input).isEqualTo(css);
            assertThat(twice.problems())
                    .as("problems re-sanitising the output of %s", input)
                    .isEmpty();
        }
    }

    @Test
    void keepsWhatIsAllowedAndScopesIt() {
        var result = CustomCss.sanitise("h1 { color: #c00; background: url(/c/shop/campaigns/x/image) }\n"
                + "@media (max-width: 600px) { .btn, a:hover { padding: 4px 8px !important } }");
        assertThat(result.problems()).isEmpty();
        assertThat(result.css())
                .contains(".tk-theme h1 {")
                .contains("color: #c00;")
                .contains("url(/c/shop/campaigns/x/image)")
                .contains("@media ")
                .contains(".tk-theme .btn, .tk-theme a:hover {")
                .contains("!important");
    }

    @Test
    void dropsAndNamesWhatReachesOutOrLoadsFromElsewhere() {
        var result = CustomCss.sanitise("@import url(https://evil.example/x.css);\n"
                + "body { color: red }\n"
                + ":root { --x: 1 }\n"
                + "p { background: url(https://evil.example/x.png); behavior: url(/x.htc); width: expression(1);"
                + " -moz-binding: url(/x.xml#y); color: blue }\n"
                + "+ p { color: red }");
        assertThat(result.problems())
                .contains("@import", "selector body", "selector :root", "property behavior", "property -moz-binding")
                .anyMatch(p -> p.startsWith("background: url(https://evil.example"))
                .anyMatch(p -> p.startsWith("width: expression"));
        assertThat(result.css()).isEqualTo(".tk-theme p {\n  color: blue;\n}\n");
    }

    @Test
    void refusesWhatCannotBeParsedAndWhatIsTooLong() {
        assertThat(CustomCss.sanitise("p { color: red").problems()).isNotEmpty();
        assertThat(CustomCss.sanitise("{{{ ;;; }}} @@").problems()).isNotEmpty();
        assertThat(CustomCss.sanitise("{{{ ;;; }}} @@").css()).isEmpty();
        assertThat(CustomCss.sanitise("x".repeat(CustomCss.MAX_CHARS + 1)).problems())
                .containsExactly("too long");
        assertThat(CustomCss.sanitise("(".repeat(5_000)).css()).isEmpty();
        assertThat(CustomCss.sanitise(null).css()).isEmpty();
    }

    private static void assertScoped(String input, String css) {
        for (String line : css.split("\n")) {
            String l = line.strip();
            if (l.endsWith("{") && !l.startsWith("@media")) {
                for (String selector : l.substring(0, l.length() - 1).split(",")) {
                    assertThat(selector.strip()).as("selector from %s", input).startsWith(CustomCss.ROOT + " ");
                    assertThat(selector.strip().substring(CustomCss.ROOT.length() + 1))
                            .as("selector from %s", input)
                            .doesNotStartWith("+")
                            .doesNotStartWith("~");
                    String lower = selector.toLowerCase(Locale.ROOT);
                    assertThat(lower).doesNotContain(":root").doesNotContain(":host");
                    assertThat(Pattern.compile("(^|[\\s>+~(])(html|body)(?![\\w-])")
                                    .matcher(lower)
                                    .find())
                            .as("selector %s from %s", selector, input)
                            .isFalse();
                }
            }
        }
    }

    private static String generate(Random r, int run) {
        var sb = new StringBuilder();
        int rules = 1 + r.nextInt(4);
        for (int i = 0; i < rules; i++) {
            switch (r.nextInt(run % 7 == 0 ? 3 : 5)) {
                case 0 -> sb.append(pick(r, AT_RULES)).append('\n');
                case 1 -> sb.append(noise(r, 1 + r.nextInt(40)));
                default -> {
                    sb.append(pick(r, SELECTORS));
                    if (r.nextInt(3) == 0) {
                        sb.append(", ").append(pick(r, SELECTORS));
                    }
                    sb.append(" { ");
                    int declarations = r.nextInt(4);
                    for (int d = 0; d < declarations; d++) {
                        sb.append(pick(r, PROPERTIES)).append(": ").append(pick(r, VALUES));
                        if (r.nextInt(5) == 0) {
                            sb.append(" !important");
                        }
                        sb.append("; ");
                    }
                    sb.append("}\n");
                }
            }
        }
        String text = sb.toString();
        // mutate: drop, duplicate or replace a character now and then, as a fuzzer would
        int mutations = r.nextInt(3);
        for (int m = 0; m < mutations && !text.isEmpty(); m++) {
            int at = r.nextInt(text.length());
            text = switch (r.nextInt(3)) {
                case 0 -> text.substring(0, at) + text.substring(at + 1);
                case 1 -> text.substring(0, at) + text.charAt(at) + text.substring(at);
                default -> text.substring(0, at) + NOISE.charAt(r.nextInt(NOISE.length())) + text.substring(at + 1);
            };
        }
        return text;
    }

    private static String noise(Random r, int length) {
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(NOISE.charAt(r.nextInt(NOISE.length())));
        }
        return sb.toString();
    }

    private static String pick(Random r, List<String> from) {
        return from.get(r.nextInt(from.size()));
    }
}
