package jp.tokuten.coupons.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import jp.tokuten.coupons.CouponReports;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.coupons.Coupons;
import jp.tokuten.coupons.Redemption;
import jp.tokuten.coupons.Redemptions;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.stores.Stores;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The admin console's coupon reports: a coupon's analytics (issued, acquired, used and reversed per day, and
 * uses per store, as SVG charts drawn on the server), its per-use log with CSV, and the settlement of a
 * period per store as CSV (UTF-8 with BOM or Shift_JIS). Viewers and the roles above.
 */
@Controller
@PreAuthorize("hasRole('TENANT_VIEWER')")
class AdminCouponReportController {

    private final Coupons coupons;
    private final CouponReports reports;
    private final Redemptions redemptions;
    private final Stores stores;
    private final MessageSource messages;

    AdminCouponReportController(
            Coupons coupons, CouponReports reports, Redemptions redemptions, Stores stores, MessageSource messages) {
        this.coupons = coupons;
        this.reports = reports;
        this.redemptions = redemptions;
        this.stores = stores;
        this.messages = messages;
    }

    @GetMapping("/admin/coupons/{coupon}/analytics")
    String analytics(@PathVariable String coupon, Model model, Locale locale) {
        var found = require(coupon);
        var figures = reports.analytics(found.id());
        var days = figures.perDay();
        model.addAttribute("coupon", found);
        model.addAttribute(
                "series",
                List.of(
                        CouponCharts.columns("issued", days, CouponReports.DayCounts::issued),
                        CouponCharts.columns("acquired", days, CouponReports.DayCounts::acquired),
                        CouponCharts.columns("used", days, CouponReports.DayCounts::used),
                        CouponCharts.columns("reversed", days, CouponReports.DayCounts::reversed)));
        String noStore = messages.getMessage("coupons.settlement.noStore", null, "", locale);
        var names = storeNames(figures.byStore().stream()
                .map(CouponReports.StoreCounts::storeId)
                .toList());
        model.addAttribute(
                "byStore",
                CouponCharts.bars(figures.byStore().stream()
                        .map(s -> new CouponCharts.Named(
                                s.storeId() == null ? noStore : names.getOrDefault(s.storeId(), ""),
                                s.used(),
                                s.reversed(),
                                s.value()))
                        .toList()));
        return "coupons/admin/analytics";
    }

    @GetMapping("/admin/coupons/{coupon}/redemptions")
    String log(@PathVariable String coupon, Model model) {
        var found = require(coupon);
        List<Redemption> uses = redemptions.redemptions(found.id());
        model.addAttribute("coupon", found);
        model.addAttribute("uses", uses.reversed());
        model.addAttribute(
                "storeNames", storeNames(uses.stream().map(Redemption::storeId).toList()));
        return "coupons/admin/redemptions";
    }

    @GetMapping(path = "/admin/coupons/{coupon}/redemptions.csv", produces = "text/csv")
    void logCsv(
            @PathVariable String coupon,
            @RequestParam(required = false) @Nullable String charset,
            HttpServletResponse response,
            Locale locale)
            throws IOException {
        var found = require(coupon);
        var uses = redemptions.redemptions(found.id());
        RedemptionCsv.write(
                response,
                found,
                uses,
                storeNames(uses.stream().map(Redemption::storeId).toList()),
                charset,
                messages,
                locale);
    }

    /** The settlement form, and with a period given, its rows on the page. */
    @GetMapping("/admin/coupons/settlement")
    String settlement(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String store,
            Model model,
            HttpServletResponse response) {
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        model.addAttribute("store", store == null ? "" : store);
        model.addAttribute(
                "storeChoices",
                stores.list(null, 0, AdminCouponController.STORE_CHOICES).items());
        try {
            var request = SettlementCsv.request(from, to, store, reports.today(), stores);
            var rows = SettlementCsv.rows(reports.settlement(request.from(), request.to(), request.store()), stores);
            model.addAttribute("period", request);
            model.addAttribute("rows", rows);
        } catch (ProblemException e) {
            response.setStatus(e.status() == 404 ? 404 : 400);
            model.addAttribute("errorField", e.properties().getOrDefault("field", ""));
            model.addAttribute(
                    "error", e.status() == 404 ? "coupons.settlement.error.store" : "coupons.settlement.error.period");
        }
        return "coupons/admin/settlement";
    }

    @GetMapping(path = "/admin/coupons/settlement.csv", produces = "text/csv")
    String settlementCsv(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String store,
            @RequestParam(required = false) @Nullable String charset,
            Model model,
            HttpServletResponse response,
            Locale locale)
            throws IOException {
        SettlementCsv.Request request;
        try {
            request = SettlementCsv.request(from, to, store, reports.today(), stores);
            var rows = SettlementCsv.rows(reports.settlement(request.from(), request.to(), request.store()), stores);
            SettlementCsv.write(response, request, rows, charset, messages, locale);
            return null;
        } catch (ProblemException e) {
            response.setContentType("text/html;charset=UTF-8");
            return settlement(from, to, store, model, response);
        }
    }

    /** A page's refusal (an unknown or another tenant's coupon): the error page, not problem JSON. */
    @ExceptionHandler(ProblemException.class)
    void refusedPage(ProblemException e, HttpServletResponse response) throws IOException {
        response.sendError(e.status());
    }

    private Map<UUID, String> storeNames(List<@Nullable UUID> ids) {
        var names = new HashMap<UUID, String>();
        ids.stream()
                .filter(Objects::nonNull)
                .distinct()
                .forEach(s -> stores.find(s).ifPresent(v -> names.put(s, v.name())));
        return names;
    }

    private CouponView require(String text) {
        UUID id = CouponJson.parseUuid(text);
        if (id == null) {
            throw new ProblemException(404, "not_found");
        }
        return coupons.require(id);
    }
}
