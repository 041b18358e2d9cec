package jp.tokuten.coupons.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.coupons.CouponCodes;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.coupons.Redemption;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;

/**
 * The per-use log of a coupon as CSV: one row per use (reversed ones too), times in Japan. UTF-8 with BOM by
 * default; Shift_JIS (CP932, characters it lacks become 〓) for older Excel. Cells a spreadsheet would run
 * as a formula start with an apostrophe.
 */
final class RedemptionCsv {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.of("Asia/Tokyo"));
    static final List<String> COLUMNS = List.of(
            "usedAt",
            "code",
            "store",
            "storeId",
            "proof",
            "usesLeft",
            "value",
            "reversedAt",
            "reversedReason",
            "redemptionId");

    private RedemptionCsv() {}

    static boolean shiftJis(@Nullable String charset) {
        if (charset == null) {
            return false;
        }
        return switch (charset.strip().toLowerCase(Locale.ROOT)) {
            case "shift_jis", "sjis", "cp932", "windows-31j" -> true;
            default -> false;
        };
    }

    static void write(
            HttpServletResponse response,
            CouponView coupon,
            List<Redemption> uses,
            Map<UUID, String> storeNames,
            @Nullable String charset,
            MessageSource messages,
            Locale locale)
            throws IOException {
        boolean sjis = shiftJis(charset);
        response.setContentType("text/csv; charset=" + (sjis ? "Shift_JIS" : "UTF-8"));
        response.setHeader(
                "Content-Disposition",
                "attachment; filename=\"coupon-" + coupon.id() + "-redemptions" + (sjis ? "-sjis" : "") + ".csv\"");
        response.setHeader("Cache-Control", "no-store");
        Writer writer = RedemptionCsv.writer(response.getOutputStream(), sjis);
        try (var csv = new CSVPrinter(
                writer, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            csv.printRecord(COLUMNS.stream()
                    .map(c -> messages.getMessage("coupon.csv." + c, null, c, locale))
                    .toList());
            for (Redemption r : uses) {
                csv.printRecord(
                        TIME.format(r.usedAt()),
                        CouponCodes.display(r.code()),
                        safe(r.storeId() == null ? "" : storeNames.getOrDefault(r.storeId(), "")),
                        r.storeId() == null ? "" : r.storeId().toString(),
                        messages.getMessage("coupon.proof." + r.proof(), null, r.proof(), locale),
                        r.usesLeft(),
                        r.value(),
                        r.reversedAt() == null ? "" : TIME.format(r.reversedAt()),
                        safe(r.reversedReason() == null ? "" : r.reversedReason()),
                        r.redemptionId().toString());
            }
        }
    }

    /**
     * A writer of the coupons' CSV files: UTF-8 after a byte order mark, or Shift_JIS as Windows writes it
     * (CP932) with 〓 for a character it lacks, so the loss is visible.
     */
    static Writer writer(OutputStream out, boolean shiftJis) throws IOException {
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
    static String safe(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }
}
