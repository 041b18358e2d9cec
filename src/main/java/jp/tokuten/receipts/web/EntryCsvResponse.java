package jp.tokuten.receipts.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import jp.tokuten.receipts.EntryExport;

/** The headers of an entries CSV download, the same for the API and the console. */
final class EntryCsvResponse {

    private EntryCsvResponse() {}

    static void start(HttpServletResponse response, UUID campaign, EntryExport.Encoding encoding) {
        response.setContentType(
                "text/csv; charset=" + (encoding == EntryExport.Encoding.UTF_8 ? "UTF-8" : "Shift_JIS"));
        response.setHeader(
                "Content-Disposition",
                "attachment; filename=\"entries-" + campaign + (encoding == EntryExport.Encoding.CP932 ? "-sjis" : "")
                        + ".csv\"");
        response.setHeader("Cache-Control", "no-store");
    }
}
