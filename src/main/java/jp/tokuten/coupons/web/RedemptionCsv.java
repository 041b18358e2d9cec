package jp.tokuten.coupons.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.coupons.CouponCodes;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.coupons.Redemption;
import jp.tokuten.shared.SpreadsheetCsv;
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
        return SpreadsheetCsv.shiftJis(charset);
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

    /** A writer of the coupons' CSV files ({@link SpreadsheetCsv#writer}). */
    static Writer writer(OutputStream out, boolean shiftJis) throws IOException {
        return SpreadsheetCsv.writer(out, shiftJis);
    }

    static String safe(String cell) {
        return SpreadsheetCsv.safe(cell);
    }
}
