package jp.tokuten.coupons.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.coupons.CouponStatus;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.coupons.Coupons;
import jp.tokuten.coupons.InstanceView;
import jp.tokuten.coupons.LimitedAcquisitions;
import jp.tokuten.coupons.Redemptions;
import jp.tokuten.identity.EntrantSignIn;
import jp.tokuten.platform.ClientAddresses;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.stores.Stores;
import jp.tokuten.tenancy.TenantView;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A coupon's public page ({@code /c/<slug>/coupons/<id>}, the URL and QR poster hand out) and getting it:
 * signed in with the e-mail one-time code (the entrants' sign-in, whose pages here lead back to the coupon
 * and take it), or, when the coupon allows it, without signing in under this browser's anonymous holder
 * reference (decision 108). A refusal (none left, the holder's limit, closed, by lottery) is a message on
 * the page. A draft, an unknown id and another tenant's coupon are the same 404 page.
 */
@Controller
class ConsumerCouponController {

    private static final Pattern QR_TOKEN = Pattern.compile("^[A-Za-z0-9_-]{20,64}$");

    private final Coupons coupons;
    private final LimitedAcquisitions limited;
    private final Redemptions redemptions;
    private final Stores stores;
    private final HolderCookies cookies;
    private final HolderPages pages;
    private final EntrantSignIn signIn;
    private final ClientAddresses clients;
    private final MessageSource messages;
    private final Clock clock;

    ConsumerCouponController(
            Coupons coupons,
            LimitedAcquisitions limited,
            Redemptions redemptions,
            Stores stores,
            HolderCookies cookies,
            HolderPages pages,
            EntrantSignIn signIn,
            ClientAddresses clients,
            MessageSource messages,
            Clock clock) {
        this.coupons = coupons;
        this.limited = limited;
        this.redemptions = redemptions;
        this.stores = stores;
        this.cookies = cookies;
        this.pages = pages;
        this.signIn = signIn;
        this.clients = clients;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/c/{slug}/coupons/{id}")
    String coupon(@PathVariable String id, HttpServletRequest request, Locale locale, Model model) {
        var coupon = shown(id).orElseThrow(HolderPages::notFound);
        var tenant = pages.tenant();
        List<String> holders = cookies.holders(request);
        var now = clock.instant();
        List<String> held = holders.stream()
                .flatMap(h -> redemptions.instancesOf(h).stream())
                .filter(i -> i.couponId().equals(coupon.id()) && i.state(now) == InstanceView.State.USABLE)
                .map(InstanceView::code)
                .toList();
        model.addAttribute("tenant", tenant);
        model.addAttribute("coupon", ShownCoupon.of(coupon, stores, messages, locale));
        model.addAttribute("entrant", cookies.entrant(request).orElse(null));
        model.addAttribute("held", held);
        return "coupons/consumer/coupon";
    }

    /** "Get this coupon": a signed-in holder takes it now; anyone else signs in first and takes it then. */
    @PostMapping("/c/{slug}/coupons/{id}/get")
    String get(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
        var coupon = shown(id).orElseThrow(HolderPages::notFound);
        var tenant = pages.tenant();
        var entrant = cookies.entrant(request);
        if (entrant.isEmpty()) {
            return "redirect:/c/" + tenant.slug() + "/coupons/signin?coupon=" + coupon.id();
        }
        return acquire(tenant, coupon.id(), entrant.get().email(), request, redirect);
    }

    /** "Get without signing in", only where the coupon allows it: this browser's anonymous reference holds it. */
    @PostMapping("/c/{slug}/coupons/{id}/get-anonymously")
    String getAnonymously(
            @PathVariable String id,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var coupon = shown(id).orElseThrow(HolderPages::notFound);
        var tenant = pages.tenant();
        if (!coupon.anonymous()) {
            redirect.addFlashAttribute("refusal", HolderPages.refusal("anonymous_not_allowed"));
            return "redirect:/c/" + tenant.slug() + "/coupons/" + coupon.id();
        }
        return acquire(tenant, coupon.id(), cookies.anonymous(request, response, tenant), request, redirect);
    }

    /**
     * Every acquisition from the holder's pages goes through here (the place for the limit per source
     * address and per holder): to the new coupon's screen, or back to the public page with the refusal.
     */
    private String acquire(
            TenantView tenant, UUID coupon, String holder, HttpServletRequest request, RedirectAttributes redirect) {
        try {
            var instance = limited.acquire(coupon, holder, clients.textOf(request));
            redirect.addFlashAttribute("acquired", true);
            return "redirect:/c/" + tenant.slug() + "/coupons/mine/" + instance.code();
        } catch (ProblemException p) {
            if (p.status() >= 500) {
                throw p;
            }
            redirect.addFlashAttribute("refusal", HolderPages.refusal(p.code()));
            return "redirect:/c/" + tenant.slug() + "/coupons/" + coupon;
        }
    }

    @GetMapping("/c/{slug}/coupons/signin")
    String emailForm(
            @RequestParam(required = false) @Nullable String coupon,
            @RequestParam(required = false) @Nullable String qr,
            Model model) {
        model.addAttribute("tenant", pages.tenant());
        model.addAttribute("email", "");
        return signInPage(model, coupon, qr, "coupons/consumer/signin");
    }

    @PostMapping("/c/{slug}/coupons/signin")
    String sendCode(
            @RequestParam(defaultValue = "") String email,
            @RequestParam(required = false) @Nullable String coupon,
            @RequestParam(required = false) @Nullable String qr,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect,
            Model model) {
        var tenant = pages.tenant();
        String address = email.strip().length() > 254 ? "" : email.strip();
        var started = signIn.start(address, clients.textOf(request));
        switch (started.outcome()) {
            case SENT, SHOWN -> {
                cookies.pendingEmail(request, response, tenant, address);
                if (started.shownCode() != null) {
                    redirect.addFlashAttribute("shownCode", started.shownCode());
                }
                return "redirect:/c/" + tenant.slug() + "/coupons/signin/code" + next(coupon, qr);
            }
            default -> {
                response.setStatus(
                        switch (started.outcome()) {
                            case THROTTLED -> 429;
                            case FAILED -> 503;
                            default -> 422;
                        });
                model.addAttribute("tenant", tenant);
                model.addAttribute("email", address);
                model.addAttribute(
                        "error",
                        switch (started.outcome()) {
                            case THROTTLED -> "coupon.holder.signin.error.throttled";
                            case FAILED -> "coupon.holder.signin.error.failed";
                            default -> "coupon.holder.signin.error.invalid_email";
                        });
                return signInPage(model, coupon, qr, "coupons/consumer/signin");
            }
        }
    }

    @GetMapping("/c/{slug}/coupons/signin/code")
    String codeForm(
            @RequestParam(required = false) @Nullable String coupon,
            @RequestParam(required = false) @Nullable String qr,
            HttpServletRequest request,
            Model model) {
        var tenant = pages.tenant();
        String email = cookies.pendingEmail(request);
        if (email == null) {
            return "redirect:/c/" + tenant.slug() + "/coupons/signin" + next(coupon, qr);
        }
        model.addAttribute("tenant", tenant);
        model.addAttribute("email", email);
        return signInPage(model, coupon, qr, "coupons/consumer/signin-code");
    }

    /** The code checked: signed in, the coupon the holder came for is taken (or the page they came from shown). */
    @PostMapping("/c/{slug}/coupons/signin/code")
    String checkCode(
            @RequestParam(defaultValue = "") String code,
            @RequestParam(required = false) @Nullable String coupon,
            @RequestParam(required = false) @Nullable String qr,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect,
            Model model) {
        var tenant = pages.tenant();
        String email = cookies.pendingEmail(request);
        if (email == null) {
            return "redirect:/c/" + tenant.slug() + "/coupons/signin" + next(coupon, qr);
        }
        var result = signIn.verify(email, code.length() > 20 ? "" : code);
        if (result.outcome() == EntrantSignIn.VerifyOutcome.VERIFIED && result.entrant() != null) {
            cookies.signIn(request, response, tenant, result.entrant());
            UUID wanted = couponParam(coupon);
            if (wanted != null && shown(wanted.toString()).isPresent()) {
                return acquire(tenant, wanted, result.entrant().email(), request, redirect);
            }
            String store = qrParam(qr);
            return "redirect:/c/" + tenant.slug() + (store != null ? "/s/" + store : "/coupons/mine");
        }
        response.setStatus(422);
        model.addAttribute("tenant", tenant);
        model.addAttribute("email", email);
        model.addAttribute(
                "error",
                switch (result.outcome()) {
                    case EXPIRED -> "coupon.holder.signin.error.expired";
                    case TOO_MANY_ATTEMPTS -> "coupon.holder.signin.error.too_many_attempts";
                    default -> "coupon.holder.signin.error.wrong";
                });
        return signInPage(model, coupon, qr, "coupons/consumer/signin-code");
    }

    private static String signInPage(Model model, @Nullable String coupon, @Nullable String qr, String view) {
        UUID c = couponParam(coupon);
        model.addAttribute("coupon", c == null ? null : c.toString());
        model.addAttribute("qr", c == null ? qrParam(qr) : null);
        return view;
    }

    /** Where the sign-in pages lead back to: a well-formed coupon id or store QR token, or nowhere. */
    private static String next(@Nullable String coupon, @Nullable String qr) {
        UUID c = couponParam(coupon);
        if (c != null) {
            return "?coupon=" + c;
        }
        String q = qrParam(qr);
        return q == null ? "" : "?qr=" + q;
    }

    private static @Nullable UUID couponParam(@Nullable String coupon) {
        return coupon == null ? null : HolderPages.uuid(coupon);
    }

    private static @Nullable String qrParam(@Nullable String qr) {
        return qr != null && QR_TOKEN.matcher(qr).matches() ? qr : null;
    }

    /** A coupon a holder may see: published or closed (a draft is nobody's yet). */
    private Optional<CouponView> shown(String id) {
        UUID uuid = HolderPages.uuid(id);
        return uuid == null ? Optional.empty() : coupons.find(uuid).filter(c -> c.status() != CouponStatus.DRAFT);
    }
}
