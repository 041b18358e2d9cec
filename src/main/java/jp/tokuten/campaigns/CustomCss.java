package jp.tokuten.campaigns;

import com.helger.css.decl.CSSDeclaration;
import com.helger.css.decl.CSSMediaQuery;
import com.helger.css.decl.CSSMediaRule;
import com.helger.css.decl.CSSSelector;
import com.helger.css.decl.CSSStyleRule;
import com.helger.css.decl.CascadingStyleSheet;
import com.helger.css.decl.ECSSSelectorCombinator;
import com.helger.css.decl.ICSSTopLevelRule;
import com.helger.css.reader.CSSReader;
import com.helger.css.reader.CSSReaderSettings;
import com.helger.css.reader.errorhandler.DoNothingCSSParseErrorHandler;
import com.helger.css.writer.CSSWriterSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's custom CSS made safe to serve (decision 149): parsed with a real CSS parser (ph-css), then
 * rebuilt from only what is allowed, so nothing the parser did not understand can pass. Kept: style rules
 * and {@code @media} blocks of style rules; every selector scoped under {@link #ROOT} (the element that holds
 * the tenant's part of a page), and no selector naming {@code html}, {@code body}, {@code :root}, {@code
 * :host}, {@code :scope} or starting with a combinator. Declarations: ordinary properties (no custom
 * properties, no {@code behavior}, no {@code -moz-binding}) whose values call only the allowed functions and
 * whose {@code url()} is a path on our own origin. Dropped: every other at-rule ({@code @import}, {@code
 * @font-face}, {@code @namespace} …), anything with a backslash escape, comments. What was dropped is listed
 * as problems, for the form; the result parses back to itself.
 */
final class CustomCss {

    /** The class every kept selector is scoped under. */
    static final String ROOT = ".tk-theme";

    static final int MAX_CHARS = 20_000;

    /** The outcome: the CSS to serve (possibly empty) and what was dropped, in order. */
    record Sanitised(String css, List<String> problems) {
        boolean clean() {
            return problems.isEmpty();
        }
    }

    private static final Set<String> FUNCTIONS = Set.of(
            "rgb",
            "rgba",
            "hsl",
            "hsla",
            "hwb",
            "lab",
            "lch",
            "oklab",
            "oklch",
            "color-mix",
            "calc",
            "min",
            "max",
            "clamp",
            "var",
            "linear-gradient",
            "radial-gradient",
            "conic-gradient",
            "repeating-linear-gradient",
            "repeating-radial-gradient",
            "repeating-conic-gradient",
            "translate",
            "translatex",
            "translatey",
            "rotate",
            "scale",
            "scalex",
            "scaley",
            "skew",
            "skewx",
            "skewy",
            "matrix",
            "cubic-bezier",
            "steps",
            "minmax",
            "repeat",
            "fit-content",
            "blur",
            "brightness",
            "contrast",
            "drop-shadow",
            "grayscale",
            "hue-rotate",
            "invert",
            "opacity",
            "saturate",
            "sepia",
            "url");

    private static final Set<String> FORBIDDEN_PROPERTIES =
            Set.of("behavior", "-ms-behavior", "-moz-binding", "binding");
    private static final Pattern PROPERTY = Pattern.compile("-?[a-z][a-z0-9-]{0,63}");
    private static final Pattern FUNCTION = Pattern.compile("([A-Za-z_-][A-Za-z0-9_-]*)\\(");
    private static final Pattern URL = Pattern.compile("(?i)url\\(");
    private static final Pattern URL_ARGUMENT =
            Pattern.compile("(?i)url\\(\\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\"'\\s]*))\\s*\\)");
    /** A path on our own origin: no scheme, no host, nothing that could end the url() early. */
    private static final Pattern SAME_ORIGIN = Pattern.compile("/(?!/)[A-Za-z0-9._~/%?=&-]*");

    private static final Pattern ESCAPING_SELECTOR = Pattern.compile(
            "(?i)(?:^|[\\s>+~(,])(?:html|body)(?![\\w-])|:(?:root|host|host-context|scope)(?![\\w-])|::?slotted");
    private static final Pattern MEDIA_QUERY = Pattern.compile("[A-Za-z0-9 (),:.-]{1,200}");
    private static final String FORBIDDEN_TEXT = "(?is).*(\\\\|javascript:|expression|@import|<|>\\s*<|\\{|}|;).*";

    private CustomCss() {}

    /** Sanitises {@code css}; never throws. */
    static Sanitised sanitise(@Nullable String css) {
        var problems = new ArrayList<String>();
        if (css == null || css.isBlank()) {
            return new Sanitised("", problems);
        }
        if (css.length() > MAX_CHARS) {
            problems.add("too long");
            return new Sanitised("", problems);
        }
        try {
            var parseFailed = new boolean[1];
            // like a browser: a part it cannot read is skipped (and named), the rest is kept
            var settings = new CSSReaderSettings()
                    .setBrowserCompliantMode(true)
                    .setCustomErrorHandler(new DoNothingCSSParseErrorHandler() {
                        @Override
                        public void onCSSBrowserCompliantSkip(
                                com.helger.css.parser.ParseException e,
                                com.helger.css.parser.Token from,
                                com.helger.css.parser.Token to) {
                            problems.add("unreadable " + shorten(from == null || from.image == null ? "" : from.image));
                        }
                    })
                    .setCustomExceptionHandler(e -> parseFailed[0] = true);
            CascadingStyleSheet sheet = CSSReader.readFromStringReader(css, settings);
            if (sheet == null || parseFailed[0]) {
                problems.add("unparsable");
                return new Sanitised("", problems);
            }
            var out = new StringBuilder();
            var writer = new CSSWriterSettings().setOptimizedOutput(false);
            for (ICSSTopLevelRule rule : sheet.getAllRules()) {
                if (rule instanceof CSSStyleRule style) {
                    writeStyleRule(style, writer, out, "", problems);
                } else if (rule instanceof CSSMediaRule media) {
                    writeMediaRule(media, writer, out, problems);
                } else {
                    problems.add(atRuleName(rule));
                }
            }
            if (!sheet.getAllImportRules().isEmpty()) {
                problems.add(0, "@import");
            }
            if (!sheet.getAllNamespaceRules().isEmpty()) {
                problems.add("@namespace");
            }
            if (out.isEmpty() && problems.isEmpty()) {
                problems.add("nothing kept");
            }
            return new Sanitised(out.toString(), problems);
        } catch (RuntimeException | StackOverflowError e) {
            problems.add("unparsable");
            return new Sanitised("", problems);
        }
    }

    private static void writeMediaRule(
            CSSMediaRule media, CSSWriterSettings writer, StringBuilder out, List<String> problems) {
        var queries = new ArrayList<String>();
        for (CSSMediaQuery q : media.getAllMediaQueries()) {
            String text = q.getAsCSSString(writer, 0).strip();
            if (!MEDIA_QUERY.matcher(text).matches()) {
                problems.add("@media " + shorten(text));
                return;
            }
            queries.add(text);
        }
        var inner = new StringBuilder();
        for (ICSSTopLevelRule rule : media.getAllRules()) {
            if (rule instanceof CSSStyleRule style) {
                writeStyleRule(style, writer, inner, "  ", problems);
            } else {
                problems.add(atRuleName(rule));
            }
        }
        if (!inner.isEmpty()) {
            out.append("@media ")
                    .append(queries.isEmpty() ? "all" : String.join(", ", queries))
                    .append(" {\n")
                    .append(inner)
                    .append("}\n");
        }
    }

    private static void writeStyleRule(
            CSSStyleRule rule, CSSWriterSettings writer, StringBuilder out, String indent, List<String> problems) {
        var selectors = new ArrayList<String>();
        for (CSSSelector selector : rule.getAllSelectors()) {
            String scoped = scoped(selector, writer, problems);
            if (scoped != null) {
                selectors.add(scoped);
            }
        }
        var declarations = new ArrayList<String>();
        for (CSSDeclaration d : rule.getAllDeclarations()) {
            String kept = declaration(d, writer, problems);
            if (kept != null) {
                declarations.add(kept);
            }
        }
        if (selectors.isEmpty() || declarations.isEmpty()) {
            return;
        }
        out.append(indent).append(String.join(", ", selectors)).append(" {\n");
        for (String d : declarations) {
            out.append(indent).append("  ").append(d).append(";\n");
        }
        out.append(indent).append("}\n");
    }

    private static @Nullable String scoped(CSSSelector selector, CSSWriterSettings writer, List<String> problems) {
        String text = selector.getAsCSSString(writer, 0).strip();
        if (text.isEmpty()
                || selector.getMemberCount() == 0
                || selector.getMemberAtIndex(0) instanceof ECSSSelectorCombinator
                || text.indexOf('\\') >= 0
                || text.indexOf('{') >= 0
                || text.indexOf('}') >= 0
                || text.indexOf(';') >= 0
                || text.indexOf('<') >= 0
                || ESCAPING_SELECTOR.matcher(text).find()) {
            problems.add("selector " + shorten(text));
            return null;
        }
        boolean alreadyScoped = text.startsWith(ROOT + " ")
                && text.length() > ROOT.length() + 1
                && "+~>".indexOf(text.charAt(ROOT.length() + 1)) < 0;
        return alreadyScoped ? text : ROOT + " " + text;
    }

    private static @Nullable String declaration(CSSDeclaration d, CSSWriterSettings writer, List<String> problems) {
        String property = d.getProperty().strip().toLowerCase(Locale.ROOT);
        if (!PROPERTY.matcher(property).matches()
                || FORBIDDEN_PROPERTIES.contains(property)
                || property.contains("behavior")
                || property.contains("binding")
                || property.contains("expression")) {
            problems.add("property " + shorten(property));
            return null;
        }
        String value = d.getExpression().getAsCSSString(writer, 0).strip();
        if (value.isEmpty() || value.matches(FORBIDDEN_TEXT) || !functionsAllowed(value) || !urlsSameOrigin(value)) {
            problems.add(property + ": " + shorten(value));
            return null;
        }
        return property + ": " + value + (d.isImportant() ? " !important" : "");
    }

    private static boolean functionsAllowed(String value) {
        Matcher m = FUNCTION.matcher(value);
        while (m.find()) {
            if (!FUNCTIONS.contains(m.group(1).toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    private static boolean urlsSameOrigin(String value) {
        long calls = URL.matcher(value).results().count();
        Matcher m = URL_ARGUMENT.matcher(value);
        long checked = 0;
        while (m.find()) {
            String uri = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (uri == null || !SAME_ORIGIN.matcher(uri).matches()) {
                return false;
            }
            checked++;
        }
        return calls == checked;
    }

    private static String atRuleName(ICSSTopLevelRule rule) {
        String name = rule.getClass().getSimpleName();
        return switch (name) {
            case "CSSFontFaceRule" -> "@font-face";
            case "CSSKeyframesRule" -> "@keyframes";
            case "CSSPageRule" -> "@page";
            case "CSSSupportsRule" -> "@supports";
            case "CSSViewportRule" -> "@viewport";
            case "CSSLayerRule" -> "@layer";
            default -> "@rule";
        };
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 60 ? oneLine.substring(0, 60) + "…" : oneLine;
    }
}
