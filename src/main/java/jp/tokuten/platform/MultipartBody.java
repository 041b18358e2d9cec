package jp.tokuten.platform;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A {@code multipart/form-data} body (RFC 7578, RFC 2046 section 5.1) held in memory ({@link ChunkedBytes}),
 * split into its parts without copying: each part is a range of the body. The delimiter is found with a
 * Boyer-Moore-Horspool search, which on photo bytes looks at about one byte in every delimiter length (a
 * byte-by-byte search looks at all of them). Malformed bodies throw {@link Malformed}; the caller answers
 * 400.
 */
final class MultipartBody {

    /** A body that is not valid multipart, or breaks a limit of {@link Limits}. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** Limits on the shape of a body (sizes are bounded before the body is read). */
    record Limits(int maxParts, int maxHeaderBytes) {}

    /**
     * One part: its field name, its file name when it is a file ({@code ""} for a file input left empty,
     * null for a text field), its declared content type and where its content lies in the body.
     */
    record Part(
            String name,
            @Nullable String fileName,
            @Nullable String contentType,
            int offset,
            int length) {

        boolean isFile() {
            return fileName != null;
        }

        String text(ChunkedBytes body, Charset fallback) {
            return body.string(offset, length, charsetOf(contentType, fallback));
        }
    }

    private MultipartBody() {}

    /** The boundary of a {@code multipart/form-data} content type, unquoted; null when it has none. */
    static @Nullable String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("boundary")) {
                String value = p.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                // RFC 2046: 1 to 70 characters
                return value.isEmpty() || value.length() > 70 ? null : value;
            }
        }
        return null;
    }

    /** The parts of {@code body} delimited by {@code boundary}. */
    static List<Part> parse(ChunkedBytes body, String boundary, Limits limits) throws Malformed {
        int length = body.length();
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int[] shift = shiftTable(delimiter);
        int pos;
        // the first delimiter may open the body (no CRLF before it), or follow a preamble
        if (body.matches(0, delimiter, 2, delimiter.length)) {
            pos = delimiter.length - 2;
        } else {
            int first = body.indexOf(0, length, delimiter, shift);
            if (first < 0) {
                throw new Malformed("no boundary");
            }
            pos = first + delimiter.length;
        }
        List<Part> parts = new ArrayList<>();
        while (true) {
            if (pos + 2 <= length && body.at(pos) == '-' && body.at(pos + 1) == '-') {
                return parts; // the close delimiter; an epilogue, if any, is ignored
            }
            while (pos < length && (body.at(pos) == ' ' || body.at(pos) == '\t')) {
                pos++; // transport padding
            }
            if (!(pos + 2 <= length && body.at(pos) == '\r' && body.at(pos + 1) == '\n')) {
                throw new Malformed("no line end after a boundary");
            }
            pos += 2;
            if (parts.size() >= limits.maxParts()) {
                throw new Malformed("too many parts");
            }
            int headersEnd;
            int contentStart;
            if (pos + 2 <= length && body.at(pos) == '\r' && body.at(pos + 1) == '\n') {
                headersEnd = pos; // a part without headers
                contentStart = pos + 2;
            } else {
                int limit = Math.min(length, pos + limits.maxHeaderBytes());
                headersEnd = body.indexOf(pos, limit, CRLFCRLF, CRLFCRLF_SHIFT);
                if (headersEnd < 0) {
                    throw new Malformed("part headers too long or not ended");
                }
                contentStart = headersEnd + 4;
            }
            int end = body.indexOf(contentStart, length, delimiter, shift);
            if (end < 0) {
                throw new Malformed("part not closed");
            }
            parts.add(part(body.string(pos, headersEnd - pos, StandardCharsets.UTF_8), contentStart, end));
            pos = end + delimiter.length;
        }
    }

    private static Part part(String headers, int start, int end) throws Malformed {
        String name = null;
        String fileName = null;
        String fileNameExtended = null;
        String contentType = null;
        boolean formData = false;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String header = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (header.equals("content-type")) {
                contentType = value;
            } else if (header.equals("content-disposition")) {
                List<String[]> params = parameters(value);
                formData = !params.isEmpty() && params.getFirst()[0].equalsIgnoreCase("form-data");
                for (String[] p : params.subList(Math.min(1, params.size()), params.size())) {
                    switch (p[0].toLowerCase(Locale.ROOT)) {
                        case "name" -> name = p[1];
                        case "filename" -> fileName = p[1];
                        case "filename*" -> fileNameExtended = extended(p[1]);
                        default -> {}
                    }
                }
            }
        }
        if (!formData || name == null) {
            throw new Malformed("part without a form-data name");
        }
        if (fileNameExtended != null) {
            fileName = fileNameExtended;
        }
        return new Part(name, fileName, contentType, start, end - start);
    }

    /**
     * The disposition type and its parameters ({@code key=value} or {@code key="quoted \" value"}), split at
     * semicolons outside quotes; the first element is the type with a null value.
     */
    private static List<String[]> parameters(String value) {
        List<String[]> out = new ArrayList<>();
        int i = 0;
        int n = value.length();
        StringBuilder token = new StringBuilder();
        while (i < n && value.charAt(i) != ';') {
            token.append(value.charAt(i++));
        }
        out.add(new String[] {token.toString().strip(), null});
        while (i < n) {
            i++; // the ';'
            token.setLength(0);
            while (i < n && value.charAt(i) != '=' && value.charAt(i) != ';') {
                token.append(value.charAt(i++));
            }
            String key = token.toString().strip();
            if (i >= n || value.charAt(i) == ';') {
                continue; // a parameter without a value
            }
            i++; // the '='
            while (i < n && value.charAt(i) == ' ') {
                i++;
            }
            StringBuilder v = new StringBuilder();
            if (i < n && value.charAt(i) == '"') {
                i++;
                while (i < n && value.charAt(i) != '"') {
                    char c = value.charAt(i++);
                    // a backslash escapes the next character, except before the usual Windows path separators
                    if (c == '\\' && i < n && (value.charAt(i) == '"' || value.charAt(i) == '\\')) {
                        c = value.charAt(i++);
                    }
                    v.append(c);
                }
                i++; // the closing quote
                while (i < n && value.charAt(i) != ';') {
                    i++;
                }
            } else {
                while (i < n && value.charAt(i) != ';') {
                    v.append(value.charAt(i++));
                }
            }
            if (!key.isEmpty()) {
                out.add(new String[] {key, key.endsWith("*") ? v.toString().strip() : v.toString()});
            }
        }
        return out;
    }

    /** An RFC 5987 {@code charset'language'percent-encoded} value; null when it is not one. */
    private static @Nullable String extended(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            return null;
        }
        Charset charset;
        try {
            charset = Charset.forName(value.substring(0, first));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String encoded = value.substring(second + 1);
        byte[] bytes = new byte[encoded.length()];
        int n = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return null;
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                return null;
            }
        }
        return new String(bytes, 0, n, charset);
    }

    static Charset charsetOf(@Nullable String contentType, Charset fallback) {
        if (contentType == null) {
            return fallback;
        }
        for (String param : contentType.split(";")) {
            String p = param.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).replace("\"", "").strip();
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
    private static final int[] CRLFCRLF_SHIFT = shiftTable(CRLFCRLF);

    /** Horspool's bad-character shifts: how far the window may move when its last byte is {@code b}. */
    static int[] shiftTable(byte[] pattern) {
        int[] shift = new int[256];
        java.util.Arrays.fill(shift, pattern.length);
        for (int i = 0; i < pattern.length - 1; i++) {
            shift[pattern[i] & 0xff] = pattern.length - 1 - i;
        }
        return shift;
    }
}
