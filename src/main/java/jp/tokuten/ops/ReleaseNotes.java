package jp.tokuten.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The release notes the consoles show, per version, from {@code CHANGELOG.md} (packaged into the jar as
 * {@code release-notes/CHANGELOG.md} at build time). Parsed into plain parts (a version per {@code ##}
 * heading; within it {@code ###} headings, list items and paragraphs; {@code `code`} spans), never into HTML:
 * the pages write every part as escaped text, so nothing in the file can inject markup.
 */
@Component
public class ReleaseNotes {

    static final String RESOURCE = "release-notes/CHANGELOG.md";

    /** A run of text, shown as code or not. */
    public record Span(String text, boolean code) {}

    /** A heading ({@code ###}), a list item or a paragraph. */
    public record Block(String kind, List<Span> spans) {}

    /** One version's notes: its heading (e.g. {@code Unreleased} or {@code 1.2.0 (2026-12-01)}). */
    public record Version(String name, String anchor, List<Block> blocks) {}

    private final List<Version> versions;

    ReleaseNotes() {
        this(read());
    }

    ReleaseNotes(String markdown) {
        this.versions = parse(markdown);
    }

    /** The versions, newest first (as the file lists them). */
    public List<Version> versions() {
        return versions;
    }

    private static String read() {
        var file = new ClassPathResource(RESOURCE);
        if (!file.exists()) {
            return "";
        }
        try (InputStream in = file.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Version> parse(String markdown) {
        var versions = new ArrayList<Version>();
        String name = null;
        var blocks = new ArrayList<Block>();
        String kind = null;
        var text = new StringBuilder();
        for (String raw : markdown.replace("\r\n", "\n").split("\n", -1)) {
            String line = raw.stripTrailing();
            boolean continuation = !line.isBlank() && raw.startsWith("  ") && kind != null;
            if (continuation) {
                text.append(' ').append(line.strip());
                continue;
            }
            if (kind != null) {
                blocks.add(new Block(kind, spans(text.toString())));
                kind = null;
                text.setLength(0);
            }
            if (line.startsWith("## ")) {
                if (name != null) {
                    versions.add(version(name, blocks, versions.size()));
                }
                name = line.substring(3).strip();
                blocks = new ArrayList<>();
            } else if (name == null || line.isBlank() || line.startsWith("# ")) {
                continue;
            } else if (line.startsWith("### ")) {
                blocks.add(new Block("heading", spans(line.substring(4).strip())));
            } else if (line.startsWith("- ") || line.startsWith("* ")) {
                kind = "item";
                text.append(line.substring(2).strip());
            } else {
                kind = "paragraph";
                text.append(line.strip());
            }
        }
        if (kind != null) {
            blocks.add(new Block(kind, spans(text.toString())));
        }
        if (name != null) {
            versions.add(version(name, blocks, versions.size()));
        }
        return List.copyOf(versions);
    }

    private static Version version(String name, List<Block> blocks, int index) {
        return new Version(name, "v" + index, List.copyOf(blocks));
    }

    /** Splits text at backticks: odd runs are code. An unclosed backtick is kept as text. */
    static List<Span> spans(String text) {
        var spans = new ArrayList<Span>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf('`', at);
            int close = open < 0 ? -1 : text.indexOf('`', open + 1);
            if (open < 0 || close < 0) {
                spans.add(new Span(text.substring(at), false));
                break;
            }
            if (open > at) {
                spans.add(new Span(text.substring(at, open), false));
            }
            spans.add(new Span(text.substring(open + 1, close), true));
            at = close + 1;
        }
        return List.copyOf(spans);
    }

    /** The version named {@code name}, if the notes have it. */
    public @Nullable Version find(String name) {
        return versions.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }
}
