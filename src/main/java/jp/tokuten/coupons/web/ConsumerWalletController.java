package jp.tokuten.coupons.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.coupons.CouponView;
import jp.tokuten.coupons.Coupons;
import jp.tokuten.coupons.InstanceView;
import jp.tokuten.coupons.Proof;
import jp.tokuten.coupons.Redemptions;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.Secrets;
import jp.tokuten.stores.StoreView;
import jp.tokuten.stores.Stores;
import jp.tokuten.tenancy.TenantView;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The holder's wallet ("my coupons": held, used, expired; addable to the home screen), a coupon's screen
 * with the rotating token and the live time, and the three ways a use is confirmed from it: store staff
 * press "use", the holder types the store PIN, or the holder scans the store's QR code ({@code
 * /c/<slug>/s/<token>}). Every use form carries an idempotency key made when the page was drawn, so a
 * double tap or a retry records one use. Only the holder's own coupons are found: another holder's code,
 * an unknown one and another tenant's are the same 404 page.
 */
@Controller
class ConsumerWalletController {

    private final Coupons coupons;
    private final Redemptions redemptions;
    private final Stores stores;
    private final HolderCookies cookies;
    private final HolderPages pages;
    private final MessageSource messages;
    private final Clock clock;

    ConsumerWalletController(
            Coupons coupons,
            Redemptions redemptions,
            Stores stores,
            HolderCookies cookies,
            HolderPages pages,
            MessageSource messages,
            Clock clock) {
        this.coupons = coupons;
        this.redemptions = redemptions;
        this.stores = stores;
        this.cookies = cookies;
        this.pages = pages;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/c/{slug}/coupons/mine")
    String wallet(HttpServletRequest request, Locale locale, Model model) {
        List<String> holders = cookies.holders(request);
        Instant now = clock.instant();
        Map<UUID, Optional<ShownCoupon>> shown = new LinkedHashMap<>();
        Map<String, List<ShownInstance>> sections = new LinkedHashMap<>();
        for (String s : List.of("usable", "used", "expired")) {
            sections.put(s, new ArrayList<>());
        }
        holders.stream()
                .flatMap(h -> redemptions.instancesOf(h).stream())
                .sorted(Comparator.comparing(InstanceView::createdAt).reversed())
                .forEach(i -> shown.computeIfAbsent(
                                i.couponId(),
                                id -> coupons.find(id).map(c -> ShownCoupon.of(c, stores, messages, locale)))
                        .ifPresent(c -> {
                            var row = ShownInstance.of(i, c, stores, now);
                            String section = row.state().equals("not_yet_valid") ? "usable" : row.state();
                            sections.get(section).add(row);
                        }));
        model.addAttribute("tenant", pages.tenant());
        model.addAttribute("entrant", cookies.entrant(request).orElse(null));
        model.addAttribute("anonymous", cookies.anonymous(request).isPresent());
        model.addAttribute("sections", sections);
        return "coupons/consumer/wallet";
    }

    @GetMapping("/c/{slug}/coupons/mine/{code}")
    String screen(@PathVariable String code, HttpServletRequest request, Locale locale, Model model) {
        var instance = own(code, request);
        return screenPage(instance, locale, model, null);
    }

    /** The rotating token now: {@code {"token", "serverTime", "changesAt"}}; never cached. */
    @GetMapping(path = "/c/{slug}/coupons/mine/{code}/token", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, String>> token(@PathVariable String code, HttpServletRequest request) {
        var instance = own(code, request);
        var token = redemptions.currentToken(instance.code());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(Map.of(
                        "token", token.value(),
                        "serverTime", token.at().toString(),
                        "changesAt", token.changesAt().toString()));
    }

    /** Store staff pressed "use" on the holder's screen (after its confirm step). */
    @PostMapping("/c/{slug}/coupons/mine/{code}/staff")
    String useByStaff(
            @PathVariable String code,
            @RequestParam(required = false) @Nullable String store,
            @RequestParam(defaultValue = "") String key,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale,
            Model model) {
        var instance = own(code, request);
        var coupon = coupons.find(instance.couponId()).orElseThrow(HolderPages::notFound);
        UUID storeId = chosenStore(coupon, store);
        if (storeId == null && !coupon.stores().isEmpty()) {
            return refused(instance, locale, model, response, new ProblemException(422, "invalid_form"));
        }
        return use(instance, storeId, Proof.staff(), key, request, response, locale, model);
    }

    /** The holder typed the store's PIN (choosing the store when the coupon is good at several). */
    @PostMapping("/c/{slug}/coupons/mine/{code}/pin")
    String useByPin(
            @PathVariable String code,
            @RequestParam(required = false) @Nullable String store,
            @RequestParam(defaultValue = "") String pin,
            @RequestParam(defaultValue = "") String key,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale,
            Model model) {
        var instance = own(code, request);
        var coupon = coupons.find(instance.couponId()).orElseThrow(HolderPages::notFound);
        UUID storeId = chosenStore(coupon, store);
        if (storeId == null) {
            return refused(instance, locale, model, response, new ProblemException(422, "invalid_form"));
        }
        if (pin.isBlank() || pin.length() > 16) {
            return refused(instance, locale, model, response, new ProblemException(422, "invalid_pin"));
        }
        return usePin(instance, storeId, pin, key, request, response, locale, model);
    }

    /**
     * Every PIN typed on the holder's pages goes through here (the place for the limit of attempts per
     * source address and per holder: a PIN has only 10,000 values).
     */
    private String usePin(
            InstanceView instance,
            UUID storeId,
            String pin,
            String key,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale,
            Model model) {
        return use(instance, storeId, Proof.pin(pin), key, request, response, locale, model);
    }

    /** The store's QR code, scanned with the phone's camera: the store, and the holder's coupons usable there. */
    @GetMapping("/c/{slug}/s/{token}")
    String store(@PathVariable String token, HttpServletRequest request, Locale locale, Model model) {
        var store = stores.findByQrToken(token).orElseThrow(HolderPages::notFound);
        return storePage(store, token, request, locale, model, null);
    }

    @PostMapping("/c/{slug}/s/{token}/use")
    String useByStoreQr(
            @PathVariable String token,
            @RequestParam(defaultValue = "") String code,
            @RequestParam(defaultValue = "") String key,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale,
            Model model) {
        var store = stores.findByQrToken(token).orElseThrow(HolderPages::notFound);
        var instance = own(code, request);
        if (key.isBlank()) {
            response.setStatus(422);
            return storePage(store, token, request, locale, model, HolderPages.refusal("invalid_form"));
        }
        try {
            redemptions.redeem(instance.code(), store.id(), Proof.storeQr(token), key);
            return "redirect:/c/" + pages.tenant().slug() + "/coupons/mine/" + instance.code();
        } catch (ProblemException p) {
            if (p.status() >= 500) {
                throw p;
            }
            status(response, p);
            return storePage(store, token, request, locale, model, HolderPages.refusal(p.code()));
        }
    }

    /** The web app manifest that lets the holder add "my coupons" to the phone's home screen. */
    @GetMapping(path = "/c/{slug}/coupons/manifest.webmanifest")
    @ResponseBody
    ResponseEntity<Map<String, Object>> manifest(HttpServletRequest request, Locale locale) {
        TenantView tenant = pages.tenant();
        String base = request.getContextPath() + "/c/" + tenant.slug();
        String icons = request.getContextPath() + "/images/coupons/";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", messages.getMessage("coupon.holder.manifest.name", new Object[] {tenant.displayName()}, locale));
        m.put("short_name", messages.getMessage("coupon.holder.manifest.shortName", null, locale));
        m.put("lang", locale.getLanguage());
        m.put("id", base + "/coupons/mine");
        m.put("start_url", base + "/coupons/mine");
        m.put("scope", base + "/");
        m.put("display", "standalone");
        m.put("orientation", "portrait");
        m.put("theme_color", THEME_COLOUR);
        m.put("background_color", "#f5f7fa");
        m.put(
                "icons",
                List.of(
                        Map.of("src", icons + "icon-192.png", "sizes", "192x192", "type", "image/png"),
                        Map.of("src", icons + "icon-512.png", "sizes", "512x512", "type", "image/png"),
                        Map.of(
                                "src",
                                icons + "icon-512.png",
                                "sizes",
                                "512x512",
                                "type",
                                "image/png",
                                "purpose",
                                "maskable")));
        return ResponseEntity.ok()
                .contentType(MediaType.valueOf("application/manifest+json"))
                .cacheControl(CacheControl.noCache())
                .body(m);
    }

    /** The brand colour of the consumer pages (tokuten.css {@code --brand}), for the phone's browser bar. */
    static final String THEME_COLOUR = "#e4572e";

    private String use(
            InstanceView instance,
            @Nullable UUID storeId,
            Proof proof,
            String key,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale,
            Model model) {
        if (key.isBlank()) {
            return refused(instance, locale, model, response, new ProblemException(422, "invalid_form"));
        }
        try {
            redemptions.redeem(instance.code(), storeId, proof, key);
            return "redirect:/c/" + pages.tenant().slug() + "/coupons/mine/" + instance.code();
        } catch (ProblemException p) {
            if (p.status() >= 500) {
                throw p;
            }
            return refused(instance, locale, model, response, p);
        }
    }

    private String refused(
            InstanceView instance, Locale locale, Model model, HttpServletResponse response, ProblemException p) {
        status(response, p);
        // read again: the page shows the coupon as the database has it now
        var now = redemptions.instance(instance.code()).orElse(instance);
        return screenPage(now, locale, model, HolderPages.refusal(p.code()));
    }

    private static void status(HttpServletResponse response, ProblemException p) {
        response.setStatus(p.status());
        if (p.retryAfter() != null) {
            response.setHeader(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, p.retryAfter().toSeconds())));
        }
    }

    private String screenPage(InstanceView instance, Locale locale, Model model, @Nullable String refusal) {
        var coupon = coupons.find(instance.couponId()).orElseThrow(HolderPages::notFound);
        var shown = ShownCoupon.of(coupon, stores, messages, locale);
        var token = redemptions.currentToken(instance.code());
        model.addAttribute("tenant", pages.tenant());
        model.addAttribute("coupon", shown);
        model.addAttribute("instance", ShownInstance.of(instance, shown, stores, clock.instant()));
        model.addAttribute("token", token);
        model.addAttribute("clock", ShownCoupon.TIME.format(token.at().atZone(ShownCoupon.TOKYO)));
        model.addAttribute("stores", usableStores(coupon));
        model.addAttribute("key", Secrets.randomToken(24));
        model.addAttribute("refusal", refusal);
        return "coupons/consumer/screen";
    }

    private String storePage(
            StoreView store,
            String token,
            HttpServletRequest request,
            Locale locale,
            Model model,
            @Nullable String refusal) {
        Instant now = clock.instant();
        Map<UUID, Optional<CouponView>> read = new LinkedHashMap<>();
        List<StoreUse> usable = new ArrayList<>();
        for (String holder : cookies.holders(request)) {
            for (var i : redemptions.instancesOf(holder)) {
                if (i.state(now) != InstanceView.State.USABLE) {
                    continue;
                }
                var coupon = read.computeIfAbsent(i.couponId(), coupons::find);
                if (coupon.isPresent() && coupon.get().usableAt(store.id())) {
                    var shown = ShownCoupon.of(coupon.get(), stores, messages, locale);
                    usable.add(new StoreUse(ShownInstance.of(i, shown, stores, now), Secrets.randomToken(24)));
                }
            }
        }
        model.addAttribute("tenant", pages.tenant());
        model.addAttribute("store", store);
        model.addAttribute("qr", token);
        model.addAttribute("usable", usable);
        model.addAttribute("signedIn", !cookies.holders(request).isEmpty());
        model.addAttribute("refusal", refusal);
        return "coupons/consumer/store";
    }

    /** A coupon usable at the scanned store, with the idempotency key of its "use here" form. */
    record StoreUse(ShownInstance instance, String key) {}

    /** The stores the holder may choose from: the coupon's, or every store of the tenant when it names none. */
    private List<StoreView> usableStores(CouponView coupon) {
        if (coupon.stores().isEmpty()) {
            return stores.list(null, 0, Stores.MAX_PAGE_SIZE).items();
        }
        return coupon.stores().stream()
                .map(stores::find)
                .flatMap(Optional::stream)
                .toList();
    }

    /**
     * The store named by the form: one the coupon is usable at; when the form names none, the only store
     * the coupon can be used at, if there is just one.
     */
    private @Nullable UUID chosenStore(CouponView coupon, @Nullable String store) {
        if (store != null && !store.isBlank()) {
            UUID id = HolderPages.uuid(store.strip());
            return id != null && coupon.usableAt(id) && stores.find(id).isPresent() ? id : null;
        }
        var all = usableStores(coupon);
        return all.size() == 1 ? all.get(0).id() : null;
    }

    /** The holder's own instance with this code; anything else is the 404 page. */
    private InstanceView own(String code, HttpServletRequest request) {
        if (code.length() > 40) {
            throw HolderPages.notFound();
        }
        List<String> holders = cookies.holders(request);
        return redemptions
                .instance(code)
                .filter(i -> i.holder() != null && holders.contains(i.holder()))
                .orElseThrow(HolderPages::notFound);
    }
}
