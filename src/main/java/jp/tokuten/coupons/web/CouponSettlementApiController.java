package jp.tokuten.coupons.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import jp.tokuten.coupons.CouponReports;
import jp.tokuten.stores.Stores;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The settlement of coupon uses per store and period as CSV, for the tenant's accounting. Viewers and up. */
@RestController
class CouponSettlementApiController {

    private final CouponReports reports;
    private final Stores stores;
    private final MessageSource messages;

    CouponSettlementApiController(CouponReports reports, Stores stores, MessageSource messages) {
        this.reports = reports;
        this.stores = stores;
        this.messages = messages;
    }

    @Operation(
            summary = "Settlement of coupon uses per store and period, as CSV",
            description = "One row per store and coupon: store, storeId, coupon, couponId, uses made in the period,"
                    + " reversed (of those, reversed since), netUses, value (the budget value in yen of the net"
                    + " uses). from and to are days in Japan, both included (YYYY-MM-DD); both missing: this month"
                    + " up to today; at most 366 days. 422 invalid_period names the field at fault; 404 not_found"
                    + " for a store that is not the tenant's. UTF-8 with BOM, or Shift_JIS with charset=Shift_JIS.")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping(path = "/api/v1/coupons/settlement.csv", produces = "text/csv")
    void settlement(
            @Parameter(description = "first day, YYYY-MM-DD") @RequestParam(required = false) @Nullable String from,
            @Parameter(description = "last day, YYYY-MM-DD") @RequestParam(required = false) @Nullable String to,
            @Parameter(description = "a store's id; missing: every store") @RequestParam(required = false) @Nullable
                    String store,
            @Parameter(description = "UTF-8 (default) or Shift_JIS") @RequestParam(required = false) @Nullable
                    String charset,
            HttpServletResponse response,
            Locale locale)
            throws IOException {
        var request = SettlementCsv.request(from, to, store, reports.today(), stores);
        var rows = SettlementCsv.rows(reports.settlement(request.from(), request.to(), request.store()), stores);
        SettlementCsv.write(response, request, rows, charset, messages, locale);
    }
}
