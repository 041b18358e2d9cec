package jp.tokuten.coupons.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.coupons.CouponStatus;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.coupons.Coupons;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.stores.Stores;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/coupons}: the tenant's coupons in the admin console: listed by status, created and edited
 * with every setting, published and closed, and previewed as a holder's phone shows them. Viewers and the
 * roles above read; editors and admins change. Store staff use the redemption screen instead.
 */
@Controller
@RequestMapping("/admin/coupons")
@PreAuthorize("hasRole('TENANT_VIEWER')")
class AdminCouponController {

    static final int STORE_CHOICES = 200;

    private final Coupons coupons;
    private final Stores stores;
    private final CouponPoster poster;
    private final CouponLinks links;

    AdminCouponController(Coupons coupons, Stores stores, CouponPoster poster, CouponLinks links) {
        this.coupons = coupons;
        this.stores = stores;
        this.poster = poster;
        this.links = links;
    }

    /** The slug of the bound tenant, for links to the coupon's public page. */
    @ModelAttribute("tenantSlug")
    String tenantSlug() {
        return links.slug();
    }

    /** The coupon's A4 QR poster (PDF) of its public page, as the API gives it (decision 112). */
    @GetMapping("/{coupon}/poster.pdf")
    ResponseEntity<byte[]> poster(@PathVariable String coupon, HttpServletRequest request, Locale locale) {
        var found = require(coupon);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "inline; filename=\"coupon-" + found.id() + "-poster.pdf\"")
                .body(poster.pdf(found, links.publicUrl(found.id(), request), locale));
    }

    @GetMapping
    String list(@RequestParam(required = false) @Nullable String status, Model model) {
        CouponStatus filter = null;
        if (status != null && !status.isBlank()) {
            for (CouponStatus s : CouponStatus.values()) {
                if (s.wire().equals(status.strip())) {
                    filter = s;
                }
            }
        }
        model.addAttribute("status", filter == null ? "" : filter.wire());
        model.addAttribute("statuses", CouponStatus.values());
        model.addAttribute("coupons", coupons.list(filter));
        return "coupons/admin/list";
    }

    @GetMapping("/new")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String newCoupon(Model model) {
        return form(model, null, CouponForm.empty());
    }

    @PostMapping
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String create(
            @ModelAttribute("form") CouponForm form,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            var created = coupons.create(form.draft());
            redirect.addFlashAttribute("notice", "coupons.admin.created");
            return "redirect:/admin/coupons/" + created.id();
        } catch (ProblemException e) {
            return refused(e, model, response, null, form);
        }
    }

    @GetMapping("/{coupon}")
    String edit(@PathVariable String coupon, Model model) {
        var found = require(coupon);
        return form(model, found, CouponForm.of(found));
    }

    @PostMapping("/{coupon}")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String update(
            @PathVariable String coupon,
            @ModelAttribute("form") CouponForm form,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var found = require(coupon);
        try {
            coupons.update(found.id(), found.status() == CouponStatus.DRAFT ? form.draft() : form.textsOver(found));
            redirect.addFlashAttribute("notice", "coupons.admin.saved");
            return "redirect:/admin/coupons/" + found.id();
        } catch (ProblemException e) {
            return refused(
                    e,
                    model,
                    response,
                    found,
                    found.status() == CouponStatus.DRAFT ? form : form.withSettingsOf(found));
        }
    }

    @PostMapping("/{coupon}/publish")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String publish(
            @PathVariable String coupon, RedirectAttributes redirect, HttpServletResponse response, Model model) {
        var found = require(coupon);
        try {
            coupons.publish(found.id());
        } catch (ProblemException e) {
            return transitionRefused(e, found, model, response);
        }
        redirect.addFlashAttribute("notice", "coupons.admin.published");
        return "redirect:/admin/coupons/" + found.id();
    }

    @PostMapping("/{coupon}/close")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String close(@PathVariable String coupon, RedirectAttributes redirect, HttpServletResponse response, Model model) {
        var found = require(coupon);
        try {
            coupons.close(found.id());
        } catch (ProblemException e) {
            return transitionRefused(e, found, model, response);
        }
        redirect.addFlashAttribute("notice", "coupons.admin.closed");
        return "redirect:/admin/coupons/" + found.id();
    }

    /** The coupon as a holder's phone shows it, alone on a page 390 px wide. */
    @GetMapping("/{coupon}/preview")
    String preview(@PathVariable String coupon, Model model) {
        model.addAttribute("coupon", require(coupon));
        return "coupons/admin/preview";
    }

    /** A page's refusal (an unknown or another tenant's coupon): the error page, not problem JSON. */
    @ExceptionHandler(ProblemException.class)
    void refusedPage(ProblemException e, HttpServletResponse response) throws IOException {
        response.sendError(e.status());
    }

    private String transitionRefused(ProblemException e, CouponView found, Model model, HttpServletResponse response)
            throws ProblemException {
        if (e.status() == 404) {
            throw e;
        }
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        model.addAttribute("actionError", "coupons.admin.error.transition");
        return form(model, found, CouponForm.of(found));
    }

    private String refused(
            ProblemException e,
            Model model,
            HttpServletResponse response,
            @Nullable CouponView found,
            CouponForm form) {
        if (e.status() == 404) {
            throw e;
        }
        String field = String.valueOf(e.properties().getOrDefault("field", ""));
        if (field.startsWith("stores[")) {
            field = "stores";
        }
        response.setStatus(e.status() == 409 ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("errorField", field);
        model.addAttribute(
                "error",
                e.code().equals("coupon_published")
                        ? "coupons.admin.error.published"
                        : e.code().equals("invalid_coupon")
                                ? "coupons.admin.error." + field
                                : "coupons.admin.error.other");
        return form(model, found, form);
    }

    private String form(Model model, @Nullable CouponView coupon, CouponForm form) {
        model.addAttribute("coupon", coupon);
        model.addAttribute("form", form);
        model.addAttribute("storeChoices", stores.list(null, 0, STORE_CHOICES).items());
        model.addAttribute("benefitTypes", List.of("amount_off", "percent_off", "free_item", "gift", "text"));
        model.addAttribute("weekdayNumbers", List.of(1, 2, 3, 4, 5, 6, 7));
        return "coupons/admin/form";
    }

    private CouponView require(String text) {
        UUID id = CouponJson.parseUuid(text);
        if (id == null) {
            throw new ProblemException(404, "not_found");
        }
        return coupons.require(id);
    }
}
