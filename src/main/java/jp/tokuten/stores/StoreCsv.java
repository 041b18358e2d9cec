package jp.tokuten.stores;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import jp.tokuten.shared.ProblemException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * The CSV form of a tenant's stores, read and written with Apache Commons CSV (RFC 4180). Reading finds
 * the encoding (UTF-8 with or without BOM when the bytes are valid UTF-8, else CP932), maps the header's
 * Japanese or English column names, and refuses cells a spreadsheet would run as formulas; writing
 * prefixes such cells with an apostrophe, which reading takes off again.
 */
final class StoreCsv {

    /** Largest file accepted: 5 MB. */
    static final int MAX_BYTES = 5 * 1024 * 1024;

    static final int MAX_ROWS = 50_000;

    /** Most line errors one refusal lists. */
    static final int MAX_ERRORS = 100;

    private static final Charset CP932 = Charset.forName("windows-31j");

    /** The columns: field name, English header, Japanese header. */
    enum Column {
        NAME("name", "name", "店舗名"),
        CHAIN("chain", "chain", "チェーン名"),
        BRANCH("branch", "branch", "支店名"),
        PREFECTURE("prefecture", "prefecture", "都道府県"),
        PHONE("phone", "phone", "電話番号"),
        REGISTRATION_NUMBER("registrationNumber", "registration_number", "登録番号");

        final String field;
        final String english;
        final String japanese;

        Column(String field, String english, String japanese) {
            this.field = field;
            this.english = english;
            this.japanese = japanese;
        }
    }

    private static final Map<String, Column> HEADERS = new HashMap<>();

    static {
        for (var c : Column.values()) {
            HEADERS.put(headerKey(c.english), c);
            HEADERS.put(headerKey(c.japanese), c);
            HEADERS.put(headerKey(c.field), c);
        }
        HEADERS.put(headerKey("店名"), Column.NAME);
        HEADERS.put(headerKey("store"), Column.NAME);
        HEADERS.put(headerKey("store_name"), Column.NAME);
        HEADERS.put(headerKey("チェーン"), Column.CHAIN);
        HEADERS.put(headerKey("支店"), Column.BRANCH);
        HEADERS.put(headerKey("店舗支店名"), Column.BRANCH);
        HEADERS.put(headerKey("電話"), Column.PHONE);
        HEADERS.put(headerKey("tel"), Column.PHONE);
        HEADERS.put(headerKey("インボイス登録番号"), Column.REGISTRATION_NUMBER);
        HEADERS.put(headerKey("適格請求書発行事業者登録番号"), Column.REGISTRATION_NUMBER);
        HEADERS.put(headerKey("invoice_registration_number"), Column.REGISTRATION_NUMBER);
    }

    /** A fault of one line (1 is the header row; 0 the file as a whole) and column (its header), by code. */
    record LineError(long line, @Nullable String column, String code) {
        Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("line", line);
            m.put("column", column);
            m.put("code", code);
            return m;
        }
    }

    /** A data row: its line, the store it describes and the headers its cells came under. */
    record Row(long line, StoreDraft draft, Map<Column, String> headers) {
        /** The header the field's cells came under, or the field's name when the file has no such column. */
        String columnOf(String field) {
            for (var e : headers.entrySet()) {
                if (e.getKey().field.equals(field)) {
                    return e.getValue();
                }
            }
            return field;
        }
    }

    record Parsed(List<Row> rows, List<LineError> errors) {}

    private StoreCsv() {}

    static Parsed parse(byte[] file) {
        if (file.length > MAX_BYTES) {
            throw new ProblemException(413, "too_large", MAX_BYTES / (1024 * 1024))
                    .detail("problem.too_large.limit")
                    .with("reason", "too_large");
        }
        String text = decode(file);
        var errors = new ArrayList<LineError>();
        var rows = new ArrayList<Row>();
        var format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            Map<Integer, Column> columns = null;
            Map<Column, String> headers = new LinkedHashMap<>();
            for (CSVRecord record : parser) {
                long line = record.getRecordNumber();
                if (columns == null) {
                    columns = header(record, headers, errors);
                    if (!errors.isEmpty()) {
                        break;
                    }
                    continue;
                }
                if (rows.size() >= MAX_ROWS) {
                    errors.add(new LineError(line, null, "too_many_rows"));
                    break;
                }
                if (record.size() != columns.size()
                        && !(record.size() == 1 && record.get(0).isBlank())) {
                    errors.add(new LineError(line, null, "column_count"));
                } else if (record.size() == 1 && record.get(0).isBlank() && columns.size() > 1) {
                    continue;
                } else {
                    var values = new HashMap<Column, String>();
                    boolean ok = true;
                    for (int i = 0; i < record.size(); i++) {
                        Column c = columns.get(i);
                        String cell = record.get(i);
                        if (cell.strip().equals("-") || cell.strip().equals("－")) {
                            cell = ""; // a dash alone is how spreadsheets say "none"
                        }
                        if (isFormula(cell)) {
                            errors.add(new LineError(line, headers.get(c), "formula"));
                            ok = false;
                        }
                        cell = unescape(cell);
                        values.put(c, cell);
                    }
                    if (ok) {
                        rows.add(new Row(
                                line,
                                new StoreDraft(
                                        values.get(Column.NAME),
                                        values.get(Column.CHAIN),
                                        values.get(Column.BRANCH),
                                        values.get(Column.PREFECTURE),
                                        values.get(Column.PHONE),
                                        values.get(Column.REGISTRATION_NUMBER)),
                                headers));
                    }
                }
                if (errors.size() >= MAX_ERRORS) {
                    break;
                }
            }
            if (columns == null && errors.isEmpty()) {
                errors.add(new LineError(1, null, "missing_header"));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // an unclosed quote or a stray one: Commons CSV names the place in its message only
            errors.add(new LineError(lineOf(e), null, "malformed"));
        }
        return new Parsed(rows, errors);
    }

    /** The line Commons CSV names in its message about a broken quote, or 0. */
    private static long lineOf(Exception e) {
        var m = java.util.regex.Pattern.compile("line (\\d+)").matcher(String.valueOf(e.getMessage()));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static Map<Integer, Column> header(CSVRecord record, Map<Column, String> headers, List<LineError> errors) {
        var columns = new HashMap<Integer, Column>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i);
            Column c = HEADERS.get(headerKey(name));
            if (c == null) {
                errors.add(new LineError(1, name.strip(), "unknown_column"));
            } else if (headers.containsKey(c)) {
                errors.add(new LineError(1, name.strip(), "duplicate_column"));
            } else {
                columns.put(i, c);
                headers.put(c, name.strip());
            }
        }
        if (errors.isEmpty() && !headers.containsKey(Column.NAME) && !headers.containsKey(Column.CHAIN)) {
            errors.add(new LineError(1, Column.NAME.japanese, "missing_column"));
        }
        return columns;
    }

    private static String headerKey(String header) {
        return Normalizer.normalize(header, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[\\s_\\-\\u30fb()（）]", "");
    }

    /** The text of the file: UTF-8 (its BOM dropped) when the bytes are UTF-8, else CP932; never binary. */
    static String decode(byte[] file) {
        int start = file.length >= 3 && (file[0] & 0xff) == 0xef && (file[1] & 0xff) == 0xbb && (file[2] & 0xff) == 0xbf
                ? 3
                : 0;
        String text = strictly(StandardCharsets.UTF_8, file, start);
        if (text == null) {
            text = strictly(CP932, file, 0);
        }
        if (text == null || text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f)) {
            throw refused(List.of(new LineError(0, null, "not_text")));
        }
        return text;
    }

    private static @Nullable String strictly(Charset charset, byte[] bytes, int start) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A cell a spreadsheet would run: starting with = + - @, a tab or a carriage return. */
    static boolean isFormula(String cell) {
        if (cell.isEmpty()) {
            return false;
        }
        char c = cell.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '＝' || c == '＋'
                || c == '－' || c == '＠';
    }

    /** Takes off the apostrophe that {@link #write} put before a formula-like cell. */
    private static String unescape(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && isFormula(cell.substring(1)) ? cell.substring(1) : cell;
    }

    private static String escape(@Nullable String cell) {
        if (cell == null) {
            return "";
        }
        return isFormula(cell) || (cell.startsWith("'") && isFormula(cell.substring(1))) ? "'" + cell : cell;
    }

    static void write(Writer out, Locale language, Stream<StoreView> stores) throws IOException {
        boolean english = language.getLanguage().equals("en");
        out.write('\uFEFF');
        var printer = new CSVPrinter(out, CSVFormat.RFC4180);
        var header = new ArrayList<String>();
        for (var c : Column.values()) {
            header.add(english ? c.english : c.japanese);
        }
        printer.printRecord(header);
        try (stores) {
            for (var s : (Iterable<StoreView>) stores::iterator) {
                printer.printRecord(
                        escape(s.name()),
                        escape(s.chain()),
                        escape(s.branch()),
                        escape(s.prefecture()),
                        escape(s.phone()),
                        escape(s.registrationNumber()));
            }
        }
        printer.flush();
    }

    /** The code of a field's fault in a line error: {@code invalid_<field in snake case>}. */
    static String code(String field) {
        return field.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    static ProblemException refused(List<LineError> errors) {
        var list = errors.stream()
                .sorted(java.util.Comparator.comparingLong(LineError::line))
                .limit(MAX_ERRORS)
                .map(LineError::toMap)
                .toList();
        return new ProblemException(422, "invalid_csv", errors.size()).with("errors", list);
    }
}
