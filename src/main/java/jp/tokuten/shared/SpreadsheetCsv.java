package jp.tokuten.shared;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * CSV files for Japanese spreadsheets: UTF-8 after a byte order mark (what Excel needs to read UTF-8), or
 * Shift_JIS as Windows writes it (CP932) for older software, with 〓 for a character it lacks so that the loss
 * is visible; cells a spreadsheet would run as a formula get a leading apostrophe. Shared by the coupons' CSV
 * files and the winners' shipping list.
 */
public final class SpreadsheetCsv {

    private SpreadsheetCsv() {}

    /** Whether a {@code charset} parameter asks for Shift_JIS ({@code Shift_JIS}, {@code sjis}, {@code cp932}). */
    public static boolean shiftJis(@Nullable String charset) {
        if (charset == null) {
            return false;
        }
        return switch (charset.strip().toLowerCase(Locale.ROOT)) {
            case "shift_jis", "sjis", "cp932", "windows-31j" -> true;
            default -> false;
        };
    }

    /** A writer onto {@code out}: CP932 with 〓, or UTF-8 after writing the byte order mark. */
    public static Writer writer(OutputStream out, boolean shiftJis) throws IOException {
        if (shiftJis) {
            var encoder = Charset.forName("windows-31j")
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .replaceWith(new byte[] {(byte) 0x81, (byte) 0xAC});
            return new OutputStreamWriter(out, encoder);
        }
        out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        return new OutputStreamWriter(out, StandardCharsets.UTF_8);
    }

    /** A cell a spreadsheet would take for a formula gets a leading apostrophe. */
    public static String safe(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }
}
