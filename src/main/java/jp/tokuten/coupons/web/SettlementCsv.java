package jp.tokuten.coupons.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import jp.tokuten.coupons.CouponReports;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.stores.Stores;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;

/**
 * The settlement of a period as CSV: one row per store and coupon with the uses made in the period, those
 * since reversed, the net uses and the budget value (yen) of the net uses. UTF-8 with BOM by default,
 * Shift_JIS (CP932) on request, as {@link RedemptionCsv}. The console and the API answer it alike.
 */
final class SettlementCsv {

    static final List<String> COLUMNS =
            List.of("store", "storeId", "coupon", "couponId", "uses", "reversed", "netUses", "value");

    private SettlementCsv() {}

    /** The period and store asked for: days in Japan, both included; no store: every store. */
    record Request(LocalDate from, LocalDate to, @Nullable UUID store) {}

    /**
     * Reads the query: both days missing is this month up to today; one missing, or a day that is not a
     * date, is 422 {@code invalid_period} naming {@code from} or {@code to}; a store that is not the
     * tenant's is 404 {@code not_found}.
     */
    static Request request(
            @Nullable String from, @Nullable String to, @Nullable String store, LocalDate today, Stores stores) {
        LocalDate start;
        LocalDate end;
        if (blank(from) && blank(to)) {
            start = today.withDayOfMonth(1);
            end = today;
        } else {
            start = day(from, "from");
            end = day(to, "to");
        }
        if (end.isBefore(start)) {
            throw new ProblemException(422, "invalid_period").with("field", "to");
        }
        UUID storeId = null;
        if (!blank(store)) {
            storeId = CouponJson.parseUuid(store.strip());
            if (storeId == null || stores.find(storeId).isEmpty()) {
                throw new ProblemException(404, "not_found").with("field", "store");
            }
        }
        return new Request(start, end, storeId);
    }

    /** The rows, ordered by store name (uses without a store last), then coupon title. */
    static List<Row> rows(List<CouponReports.SettlementRow> found, Stores stores) {
        Map<UUID, String> names = new HashMap<>();
        found.stream()
                .map(CouponReports.SettlementRow::storeId)
                .filter(Objects::nonNull)
                .distinct()
                .forEach(s -> names.put(s, stores.find(s).map(v -> v.name()).orElse("")));
        return found.stream()
                .map(r -> new Row(r.storeId() == null ? null : names.get(r.storeId()), r))
                .sorted(Comparator.comparing((Row r) -> r.storeName() == null ? "\uffff" : r.storeName())
                        .thenComparing(r -> r.row().couponTitle()))
                .toList();
    }

    /** A row with its store's name (null: uses that named no store). */
    record Row(@Nullable String storeName, CouponReports.SettlementRow row) {}

    static void write(
            HttpServletResponse response,
            Request request,
            List<Row> rows,
            @Nullable String charset,
            MessageSource messages,
            Locale locale)
            throws IOException {
        boolean sjis = RedemptionCsv.shiftJis(charset);
        response.setContentType("text/csv; charset=" + (sjis ? "Shift_JIS" : "UTF-8"));
        response.setHeader(
                "Content-Disposition",
                "attachment; filename=\"coupon-settlement-" + request.from() + "-" + request.to()
                        + (sjis ? "-sjis" : "") + ".csv\"");
        response.setHeader("Cache-Control", "no-store");
        Writer writer = RedemptionCsv.writer(response.getOutputStream(), sjis);
        String noStore = messages.getMessage("coupons.settlement.noStore", null, "", locale);
        try (var csv = new CSVPrinter(
                writer, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            csv.printRecord(COLUMNS.stream()
                    .map(c -> messages.getMessage("coupons.settlement.csv." + c, null, c, locale))
                    .toList());
            for (Row r : rows) {
                var s = r.row();
                csv.printRecord(
                        RedemptionCsv.safe(r.storeName() == null ? noStore : r.storeName()),
                        s.storeId() == null ? "" : s.storeId().toString(),
                        RedemptionCsv.safe(s.couponTitle()),
                        s.couponId().toString(),
                        s.uses(),
                        s.reversed(),
                        s.netUses(),
                        s.value());
            }
        }
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }

    private static LocalDate day(@Nullable String s, String field) {
        if (blank(s)) {
            throw new ProblemException(422, "invalid_period").with("field", field);
        }
        try {
            return LocalDate.parse(
                    Normalizer.normalize(s, Normalizer.Form.NFKC).strip().replace('/', '-'));
        } catch (DateTimeParseException e) {
            throw new ProblemException(422, "invalid_period").with("field", field);
        }
    }
}
