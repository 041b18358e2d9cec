package jp.tokuten.receipts;

import org.jspecify.annotations.Nullable;

/**
 * The name a client gave its upload, made safe to keep and to show back: only the last path segment, no
 * control or format characters (line breaks, NUL, bidirectional overrides), at most {@link #MAX_LENGTH}
 * characters. Never used to name anything on disk.
 */
public final class UploadedFileName {

    public static final int MAX_LENGTH = 120;

    private UploadedFileName() {}

    /** The cleaned name; empty when nothing usable is left. */
    public static String clean(@Nullable String name) {
        if (name == null) {
            return "";
        }
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        String last = name.substring(slash + 1);
        StringBuilder out = new StringBuilder();
        last.codePoints()
                .filter(cp -> {
                    int type = Character.getType(cp);
                    return type != Character.CONTROL
                            && type != Character.FORMAT
                            && type != Character.SURROGATE
                            && type != Character.PRIVATE_USE
                            && type != Character.UNASSIGNED
                            && type != Character.LINE_SEPARATOR
                            && type != Character.PARAGRAPH_SEPARATOR;
                })
                .forEach(out::appendCodePoint);
        String cleaned = out.toString().strip();
        if (cleaned.equals(".") || cleaned.equals("..")) {
            return "";
        }
        if (cleaned.codePointCount(0, cleaned.length()) > MAX_LENGTH) {
            cleaned = cleaned.substring(0, cleaned.offsetByCodePoints(0, MAX_LENGTH));
        }
        return cleaned;
    }
}
