package jp.tokuten.coupons.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.coupons.CouponCodes;
import jp.tokuten.coupons.SerialCodes;
import jp.tokuten.shared.ProblemException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;

/**
 * A coupon's serial codes as CSV, one row per code as printed ({@code 7KQM-3XHT-A94P}) with its state and
 * who claimed it: UTF-8 with BOM, or Shift_JIS (CP932) for older Excel. And the codes of a file to import:
 * the first cell of each line, UTF-8 (with or without BOM) or CP932.
 */
final class SerialCsv {

    /** Largest file imported: 4 MB (100,000 codes with room to spare). */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.of("Asia/Tokyo"));
    static final List<String> COLUMNS = List.of("code", "state", "claimedBy", "claimedAt", "createdAt");

    private SerialCsv() {}

    interface Rows {
        void each(java.util.function.Consumer<SerialCodes.Serial> row);
    }

    static void write(
            HttpServletResponse response,
            UUID couponId,
            Rows rows,
            @Nullable String charset,
            MessageSource messages,
            Locale locale)
            throws IOException {
        boolean sjis = RedemptionCsv.shiftJis(charset);
        response.setContentType("text/csv; charset=" + (sjis ? "Shift_JIS" : "UTF-8"));
        response.setHeader(
                "Content-Disposition",
                "attachment; filename=\"coupon-" + couponId + "-serials" + (sjis ? "-sjis" : "") + ".csv\"");
        response.setHeader("Cache-Control", "no-store");
        Writer writer = RedemptionCsv.writer(response.getOutputStream(), sjis);
        var states = new java.util.HashMap<String, String>();
        try (var csv = new CSVPrinter(
                writer, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            csv.printRecord(COLUMNS.stream()
                    .map(c -> messages.getMessage("coupon.serials.csv." + c, null, c, locale))
                    .toList());
            rows.each(s -> {
                try {
                    csv.printRecord(
                            CouponCodes.display(s.code()),
                            states.computeIfAbsent(
                                    s.state(),
                                    st -> messages.getMessage("coupon.serial.state." + st, null, st, locale)),
                            RedemptionCsv.safe(s.holder() == null ? "" : s.holder()),
                            s.claimedAt() == null ? "" : TIME.format(s.claimedAt()),
                            TIME.format(s.createdAt()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The first cell of every line of the file, in order (an empty string for an empty line). */
    static List<String> firstCells(byte[] file) {
        if (file.length > MAX_BYTES) {
            throw new ProblemException(413, "too_large", MAX_BYTES / (1024 * 1024))
                    .detail("problem.too_large.limit")
                    .with("reason", "too_large");
        }
        String text = decode(file);
        var cells = new ArrayList<String>();
        try (CSVParser parser = CSVParser.parse(
                new StringReader(text),
                CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get())) {
            for (CSVRecord record : parser) {
                cells.add(record.size() == 0 ? "" : record.get(0));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw csvRefused(0, "malformed");
        }
        return cells;
    }

    private static String decode(byte[] file) {
        int start = file.length >= 3 && (file[0] & 0xff) == 0xef && (file[1] & 0xff) == 0xbb && (file[2] & 0xff) == 0xbf
                ? 3
                : 0;
        String text = strictly(StandardCharsets.UTF_8, file, start);
        if (text == null) {
            text = strictly(Charset.forName("windows-31j"), file, 0);
        }
        if (text == null || text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\r' && c != '\n' || c == 0x7f)) {
            throw csvRefused(0, "not_text");
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

    private static ProblemException csvRefused(long line, String code) {
        return new ProblemException(422, "invalid_csv", 1).with("errors", List.of(Map.of("line", line, "code", code)));
    }
}
