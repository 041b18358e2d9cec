package jp.tokuten.coupons.web;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.coupons.CouponReports;
import jp.tokuten.coupons.Coupons;
import jp.tokuten.coupons.Proof;
import jp.tokuten.coupons.Redemptions;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.stores.StoreView;
import jp.tokuten.stores.Stores;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/redeem}: store staff's redemption screen (消し込み), made for a phone at the counter. Staff
 * choose their store once (kept in the session), type the holder's code and the six-digit token the
 * holder's screen shows; "check" shows the coupon when the token is current and refuses a stale one (a
 * screenshot or a recording); "use" records the use with the idempotency key made when that form was shown,
 * so pressing it twice or a retried request records one use. The day's uses at the store are listed, and
 * within its window a use can be reversed with a reason. Store staff, editors and admins redeem; store staff
 * and admins reverse.
 */
@Controller
@RequestMapping("/admin/redeem")
@PreAuthorize("hasAnyRole('TENANT_STORE_STAFF', 'TENANT_EDITOR')")
class StoreRedemptionController {

    static final String STORE = "coupons.staff.store";
    private static final String PAGE = "coupons/admin/redeem";

    private final Redemptions redemptions;
    private final Coupons coupons;
    private final CouponReports reports;
    private final Stores stores;
    private final Clock clock;

    StoreRedemptionController(
            Redemptions redemptions, Coupons coupons, CouponReports reports, Stores stores, Clock clock) {
        this.redemptions = redemptions;
        this.coupons = coupons;
        this.reports = reports;
        this.stores = stores;
        this.clock = clock;
    }

    @GetMapping
    String page(HttpSession session, @AuthenticationPrincipal TenantUserPrincipal user, Model model) {
        return page(session, user, model, "", "");
    }

    /** Chooses the store this screen redeems at; remembered for the session. */
    @PostMapping("/store")
    String chooseStore(
            @RequestParam(required = false) @Nullable String store,
            HttpSession session,
            @AuthenticationPrincipal TenantUserPrincipal user,
            Model model,
            HttpServletResponse response) {
        UUID id = store == null ? null : CouponJson.parseUuid(store.strip());
        var found = id == null ? null : stores.find(id).orElse(null);
        if (found == null) {
            session.removeAttribute(STORE);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "coupons.staff.error.store");
            return page(session, user, model, "", "");
        }
        session.setAttribute(STORE, found.id());
        return "redirect:/admin/redeem";
    }

    /** Checks the token the holder's screen shows: the coupon and its state when current, else why not. */
    @PostMapping("/check")
    String check(
            @RequestParam(required = false) @Nullable String code,
            @RequestParam(required = false) @Nullable String token,
            HttpSession session,
            @AuthenticationPrincipal TenantUserPrincipal user,
            Model model,
            HttpServletResponse response) {
        String typedCode = code == null ? "" : code.strip();
        String typedToken = folded(token);
        if (store(session) == null) {
            return "redirect:/admin/redeem";
        }
        try {
            if (typedCode.isEmpty()) {
                throw new ProblemException(404, "not_found");
            }
            if (!typedToken.matches("[0-9]{6}")) {
                throw new ProblemException(409, "stale_token");
            }
            var instance = redemptions.checkToken(typedCode, typedToken);
            var coupon = coupons.require(instance.couponId());
            model.addAttribute("checked", instance);
            model.addAttribute("checkedCoupon", coupon);
            model.addAttribute("state", instance.state(clock.instant()).name().toLowerCase(Locale.ROOT));
            model.addAttribute("usableHere", coupon.usableAt(store(session)));
            model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        } catch (ProblemException e) {
            refusal(e, model, response);
        }
        return page(session, user, model, typedCode, typedToken);
    }

    /** Uses the checked coupon at the chosen store, proven by the holder's current token. */
    @PostMapping("/use")
    String use(
            @RequestParam(required = false) @Nullable String code,
            @RequestParam(required = false) @Nullable String token,
            @RequestParam(required = false) @Nullable String idempotencyKey,
            HttpSession session,
            @AuthenticationPrincipal TenantUserPrincipal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        UUID store = store(session);
        if (store == null) {
            return "redirect:/admin/redeem";
        }
        String typedCode = code == null ? "" : code.strip();
        try {
            if (typedCode.isEmpty()) {
                throw new ProblemException(404, "not_found");
            }
            var used = redemptions.redeem(typedCode, store, Proof.token(folded(token)), idempotencyKey);
            var coupon = coupons.require(used.couponId());
            redirect.addFlashAttribute("usedTitle", coupon.title());
            redirect.addFlashAttribute("usedLeft", used.usesLeft());
            return "redirect:/admin/redeem";
        } catch (ProblemException e) {
            refusal(e, model, response);
            return page(session, user, model, typedCode, "");
        }
    }

    /** Reverses a use made at this store, within the coupon's window, with a reason. */
    @PostMapping("/reverse")
    @PreAuthorize("hasAnyRole('TENANT_STORE_STAFF', 'TENANT_ADMIN')")
    String reverse(
            @RequestParam(required = false) @Nullable String code,
            @RequestParam(required = false) @Nullable String redemption,
            @RequestParam(required = false) @Nullable String reason,
            HttpSession session,
            @AuthenticationPrincipal TenantUserPrincipal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (store(session) == null) {
            return "redirect:/admin/redeem";
        }
        try {
            UUID id = redemption == null ? null : CouponJson.parseUuid(redemption.strip());
            if (id == null || code == null || code.isBlank()) {
                throw new ProblemException(404, "not_found");
            }
            redemptions.reverse(code, id, reason);
            redirect.addFlashAttribute("reversed", true);
            return "redirect:/admin/redeem";
        } catch (ProblemException e) {
            refusal(e, model, response);
            model.addAttribute("reverseFor", redemption);
            return page(session, user, model, "", "");
        }
    }

    @ExceptionHandler(ProblemException.class)
    void refusedPage(ProblemException e, HttpServletResponse response) throws IOException {
        response.sendError(e.status());
    }

    private String page(HttpSession session, TenantUserPrincipal user, Model model, String code, String token) {
        UUID storeId = store(session);
        StoreView store = storeId == null ? null : stores.find(storeId).orElse(null);
        if (store == null && storeId != null) {
            session.removeAttribute(STORE);
        }
        model.addAttribute("store", store);
        model.addAttribute(
                "storeChoices",
                stores.list(null, 0, AdminCouponController.STORE_CHOICES).items());
        model.addAttribute("code", code);
        model.addAttribute("token", token);
        model.addAttribute("now", clock.instant());
        model.addAttribute("canReverse", user.role() == TenantRole.STORE_STAFF || user.role() == TenantRole.ADMIN);
        if (store != null) {
            model.addAttribute("today", reports.usesAt(store.id(), reports.today(), 100));
        }
        return PAGE;
    }

    private void refusal(ProblemException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status() == 404 ? 404 : e.status() == 422 ? 400 : 409);
        model.addAttribute("refusal", e.code());
    }

    private static @Nullable UUID store(HttpSession session) {
        return session.getAttribute(STORE) instanceof UUID id ? id : null;
    }

    /** Digits as typed on a phone: full-width ones folded, spaces dropped. */
    private static String folded(@Nullable String s) {
        if (s == null) {
            return "";
        }
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).replaceAll("\\s", "");
    }
}
