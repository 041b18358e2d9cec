package jp.tokuten.rewards;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A gift-code CSV as tenants upload it: one code per line in the first column (further columns ignored; an
 * optional header {@code code} or {@code コード}); UTF-8 with or without a byte-order mark, or Shift_JIS (CP932)
 * when the bytes are not UTF-8. Blank lines and codes that cannot be codes (longer than 200 characters, or with
 * control characters) are rejected; a code twice in the file counts once and its repeats as duplicates. Line
 * numbers are reported, never the codes (they are secrets).
 */
final class GiftCodeCsv {

    static final int MAX_CODES = 100_000;
    static final int MAX_CODE_LENGTH = 200;
    /** Line numbers reported per kind at most. */
    static final int MAX_LINES_REPORTED = 100;

    private static final Charset CP932 = Charset.forName("windows-31j");

    /** The distinct codes in file order, and what was left out (1-based line numbers). */
    record Parsed(
            List<String> codes,
            List<Integer> lines,
            int duplicates,
            List<Integer> duplicateLines,
            int rejected,
            List<Integer> rejectedLines) {}

    private GiftCodeCsv() {}

    static String decode(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, CP932);
        }
    }

    /** @throws IllegalArgumentException when the file is not CSV or holds more than {@link #MAX_CODES} codes */
    static Parsed parse(byte[] bytes) {
        String text = decode(bytes);
        Set<String> codes = new LinkedHashSet<>();
        List<Integer> lines = new ArrayList<>();
        int duplicates = 0;
        int rejected = 0;
        List<Integer> duplicateLines = new ArrayList<>();
        List<Integer> rejectedLines = new ArrayList<>();
        CSVFormat format =
                CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
        try (var parser = format.parse(new StringReader(text))) {
            boolean first = true;
            for (CSVRecord record : parser) {
                int line = (int) record.getRecordNumber();
                String code = record.size() == 0 ? "" : record.get(0).strip();
                if (first) {
                    first = false;
                    String header = code.toLowerCase(Locale.ROOT);
                    if (header.equals("code") || header.equals("コード") || header.equals("gift_code")) {
                        continue;
                    }
                }
                if (code.isEmpty()
                        || code.length() > MAX_CODE_LENGTH
                        || code.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    if (code.isEmpty() && record.size() <= 1 && isLastEmpty(text, record)) {
                        continue;
                    }
                    rejected++;
                    if (rejectedLines.size() < MAX_LINES_REPORTED) {
                        rejectedLines.add(line);
                    }
                } else if (!codes.add(code)) {
                    duplicates++;
                    if (duplicateLines.size() < MAX_LINES_REPORTED) {
                        duplicateLines.add(line);
                    }
                } else if (codes.size() > MAX_CODES) {
                    throw new IllegalArgumentException("more than " + MAX_CODES + " codes");
                } else {
                    lines.add(line);
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException("not CSV", e);
        }
        return new Parsed(List.copyOf(codes), List.copyOf(lines), duplicates, duplicateLines, rejected, rejectedLines);
    }

    /** A record that is the file's end after a final line break is not a blank line someone wrote. */
    private static boolean isLastEmpty(String text, CSVRecord record) {
        return record.getCharacterPosition() >= text.stripTrailing().length();
    }
}
