package jp.tokuten.rewards.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.rewards.Delivery;
import jp.tokuten.rewards.NewAward;
import jp.tokuten.shared.SpreadsheetCsv;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.context.MessageSource;

/**
 * A campaign's shipping list for the carrier: one row per physical prize whose winner gave an address (and
 * not yet delivered or voided), with name, postal code, address, phone, prize and tracking number. UTF-8 with
 * BOM by default, Shift_JIS (CP932) on request, through the spreadsheet CSV writer the coupons' files use.
 */
final class WinnersCsv {

    static final List<String> COLUMNS = List.of(
            "awardId",
            "fullName",
            "postalCode",
            "prefecture",
            "city",
            "town",
            "addressLine1",
            "addressLine2",
            "phone",
            "email",
            "prize",
            "status",
            "trackingNumber",
            "wonAt");

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.of("Asia/Tokyo"));

    private WinnersCsv() {}

    /** The winners that go on the shipping list: physical prizes with an address, not delivered nor voided. */
    static List<Delivery.Winner> toShip(List<Delivery.Winner> winners) {
        return winners.stream()
                .filter(w -> w.kind() == NewAward.Kind.PHYSICAL && w.address() != null)
                .filter(w -> switch (w.status()) {
                    case ADDRESS_GIVEN, SHIPPED -> true;
                    default -> false;
                })
                .toList();
    }

    static void write(
            HttpServletResponse response,
            UUID campaign,
            List<Delivery.Winner> rows,
            boolean shiftJis,
            MessageSource messages,
            Locale locale)
            throws IOException {
        response.setContentType("text/csv; charset=" + (shiftJis ? "Shift_JIS" : "UTF-8"));
        response.setHeader(
                "Content-Disposition",
                "attachment; filename=\"winners-" + campaign + (shiftJis ? "-sjis" : "") + ".csv\"");
        response.setHeader("Cache-Control", "no-store");
        try (var csv = new CSVPrinter(
                SpreadsheetCsv.writer(response.getOutputStream(), shiftJis),
                CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            csv.printRecord(COLUMNS.stream()
                    .map(c -> messages.getMessage("winners.csv." + c, null, c, locale))
                    .toList());
            for (var w : rows) {
                var a = w.address();
                csv.printRecord(
                        w.awardId().toString(),
                        SpreadsheetCsv.safe(a.fullName()),
                        a.postalCode().substring(0, 3) + "-" + a.postalCode().substring(3),
                        a.prefecture(),
                        SpreadsheetCsv.safe(a.city()),
                        SpreadsheetCsv.safe(a.town()),
                        SpreadsheetCsv.safe(a.addressLine1()),
                        SpreadsheetCsv.safe(a.addressLine2()),
                        a.phone(),
                        SpreadsheetCsv.safe(w.email()),
                        SpreadsheetCsv.safe(w.prizeName()),
                        messages.getMessage(
                                "winners.status." + w.status().code(),
                                null,
                                w.status().code(),
                                locale),
                        SpreadsheetCsv.safe(w.trackingNumber() == null ? "" : w.trackingNumber()),
                        TIME.format(w.wonAt()));
            }
        }
    }
}
