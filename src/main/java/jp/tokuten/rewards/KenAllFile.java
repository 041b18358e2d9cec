package jp.tokuten.rewards;

import java.io.ByteArrayInputStream;
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
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads Japan Post's postal-code file (郵便番号データ「読み仮名データの促音・拗音を小書きで表記するもの」): {@code KEN_ALL.CSV}
 * in Shift_JIS or the UTF-8 {@code utf_ken_all.csv}, either alone or in the ZIP archive Japan Post
 * publishes. Fifteen columns a row: local government code, old and new postal code, three kana and three
 * names (prefecture, city, town), six flags (ignored here).
 *
 * <p>The town column is cleaned for an address form: a long town name that KEN_ALL splits over several
 * rows (an opening {@code （} without its {@code ）}) is joined; a parenthesised note (the 丁目 or 番地 it
 * covers, the buildings it excludes) is dropped; "以下に掲載がない場合", "〇〇の次に番地がくる場合" and "〇〇一円" (the
 * whole city) become an empty town. Rows that then say the same thing are kept once.
 */
final class KenAllFile {

    /** Larger than any KEN_ALL (about 12 MB in Shift_JIS, 18 MB in UTF-8). */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private static final Pattern POSTAL_CODE = Pattern.compile("[0-9]{7}");
    private static final Pattern LOCAL_GOVERNMENT_CODE = Pattern.compile("[0-9]{5}");

    /** Thrown when the bytes are not a KEN_ALL file; the message says where and why. */
    static final class NotKenAllException extends RuntimeException {
        NotKenAllException(String message) {
            super(message);
        }
    }

    /** A cleaned row: an address with the local government code it belongs to. */
    record Row(String localGovernmentCode, PostalAddress address) {}

    private KenAllFile() {}

    /** The addresses of {@code bytes} (a ZIP holding one CSV file, or the CSV file itself), cleaned. */
    static List<Row> read(byte[] bytes) {
        return parse(decode(unzip(bytes)));
    }

    static byte[] unzip(byte[] bytes) {
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4) {
            return bytes;
        }
        try (var zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (!entry.isDirectory()
                        && entry.getName().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    byte[] csv = zip.readNBytes(MAX_BYTES + 1);
                    if (csv.length > MAX_BYTES) {
                        throw new NotKenAllException(
                                "the CSV file in the archive is larger than " + MAX_BYTES + " bytes");
                    }
                    return csv;
                }
            }
        } catch (IOException e) {
            throw new NotKenAllException("not a readable ZIP archive: " + e.getMessage());
        }
        throw new NotKenAllException("the ZIP archive holds no .csv file");
    }

    /** UTF-8 when the bytes are valid UTF-8 (utf_ken_all.csv), else Shift_JIS as Windows writes it (KEN_ALL.CSV). */
    static String decode(byte[] bytes) {
        int start =
                bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf
                        ? 3
                        : 0;
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            try {
                return Charset.forName("windows-31j")
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException notShiftJis) {
                throw new NotKenAllException("neither UTF-8 nor Shift_JIS text");
            }
        }
    }

    static List<Row> parse(String csv) {
        var rows = new LinkedHashSet<Row>();
        List<CSVRecord> records;
        try {
            records = CSVFormat.DEFAULT.parse(new StringReader(csv)).getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new NotKenAllException("not a CSV file: " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw new NotKenAllException("the file has no rows");
        }
        CSVRecord open = null;
        StringBuilder town = new StringBuilder();
        StringBuilder townKana = new StringBuilder();
        for (CSVRecord record : records) {
            if (record.size() < 9) {
                throw new NotKenAllException(
                        "line " + record.getRecordNumber() + ": " + record.size() + " columns, KEN_ALL has 15");
            }
            String code = record.get(2).strip();
            if (!POSTAL_CODE.matcher(code).matches()
                    || !LOCAL_GOVERNMENT_CODE.matcher(record.get(0).strip()).matches()) {
                throw new NotKenAllException(
                        "line " + record.getRecordNumber() + ": not a postal code and a local" + " government code");
            }
            if (open != null && open.get(2).strip().equals(code) && open.get(7).equals(record.get(7))) {
                town.append(record.get(8));
                if (!open.get(5).equals(record.get(5))) {
                    townKana.append(record.get(5));
                }
            } else {
                if (open != null) {
                    rows.add(row(open, town.toString(), townKana.toString()));
                }
                open = record;
                town.setLength(0);
                townKana.setLength(0);
                town.append(record.get(8));
                townKana.append(record.get(5));
            }
            if (!isOpen(town)) {
                rows.add(row(open, town.toString(), townKana.toString()));
                open = null;
            }
        }
        if (open != null) {
            rows.add(row(open, town.toString(), townKana.toString()));
        }
        return List.copyOf(new ArrayList<>(rows));
    }

    /** A town name with more opening than closing parentheses continues on the next row. */
    private static boolean isOpen(CharSequence town) {
        int depth = 0;
        for (int i = 0; i < town.length(); i++) {
            char c = town.charAt(i);
            depth += c == '（' ? 1 : c == '）' ? -1 : 0;
        }
        return depth > 0;
    }

    private static Row row(CSVRecord record, String town, String townKana) {
        String cleanTown = cleanTown(town);
        return new Row(
                record.get(0).strip(),
                new PostalAddress(
                        record.get(2).strip(),
                        record.get(6).strip(),
                        record.get(7).strip(),
                        cleanTown,
                        record.get(3).strip(),
                        record.get(4).strip(),
                        cleanTown.isEmpty() ? "" : cleanKana(townKana)));
    }

    static String cleanTown(String town) {
        String t = town.strip();
        int paren = t.indexOf('（');
        if (paren >= 0) {
            t = t.substring(0, paren);
        }
        if (t.equals("以下に掲載がない場合") || t.endsWith("の次に番地がくる場合") || (t.endsWith("一円") && t.length() > 2)) {
            return "";
        }
        return t;
    }

    private static String cleanKana(String kana) {
        String k = kana.strip();
        int paren = k.indexOf('(');
        return paren >= 0 ? k.substring(0, paren) : k;
    }
}
