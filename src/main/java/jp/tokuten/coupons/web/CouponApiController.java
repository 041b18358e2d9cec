package jp.tokuten.coupons.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.coupons.Acquisitions;
import jp.tokuten.coupons.CouponStatus;
import jp.tokuten.coupons.Coupons;
import jp.tokuten.coupons.Proof;
import jp.tokuten.coupons.Redemptions;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.stores.Stores;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The tenant's coupons for its automation: define and publish them, hand them out, redeem and reverse uses,
 * and read the per-use log. Viewers and store staff read; editors define and hand out; store staff and
 * editors redeem; store staff and admins reverse.
 */
@RestController
class CouponApiController {

    private final Coupons coupons;
    private final Acquisitions acquisitions;
    private final Redemptions redemptions;
    private final jp.tokuten.coupons.CouponRateLimits limits;
    private final jp.tokuten.coupons.LimitedAcquisitions limited;
    private final Stores stores;
    private final CouponPoster poster;
    private final CouponLinks links;
    private final MessageSource messages;
    private final Clock clock;

    CouponApiController(
            Coupons coupons,
            Acquisitions acquisitions,
            Redemptions redemptions,
            jp.tokuten.coupons.CouponRateLimits limits,
            jp.tokuten.coupons.LimitedAcquisitions limited,
            Stores stores,
            CouponPoster poster,
            CouponLinks links,
            MessageSource messages,
            Clock clock) {
        this.limits = limits;
        this.limited = limited;
        this.coupons = coupons;
        this.stores = stores;
        this.poster = poster;
        this.links = links;
        this.messages = messages;
        this.acquisitions = acquisitions;
        this.redemptions = redemptions;
        this.clock = clock;
    }

    @Operation(
            summary = "Create a coupon (a draft)",
            description = "422 invalid_coupon names the field at fault. perHolderCap null: no per-holder cap;"
                    + " stores empty or missing: every store.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/coupons", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CouponJson.Resource> create(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = CouponJson.Body.class)))
                    @RequestBody
                    JsonNode body) {
        var created = coupons.create(CouponJson.draft(body));
        return ResponseEntity.created(URI.create("/api/v1/coupons/" + created.id()))
                .body(CouponJson.resource(created));
    }

    record CouponList(List<CouponJson.Resource> coupons) {}

    @Operation(summary = "List the coupons", description = "Newest first; status filters by one status.")
    @PreAuthorize("hasAnyRole('TENANT_VIEWER', 'TENANT_STORE_STAFF')")
    @GetMapping("/api/v1/coupons")
    CouponList list(
            @Schema(allowableValues = {"draft", "published", "closed"}) @RequestParam(required = false) @Nullable
                    String status) {
        CouponStatus filter = null;
        if (status != null && !status.isBlank()) {
            try {
                filter = CouponStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ProblemException(422, "invalid_status").with("field", "status");
            }
        }
        return new CouponList(
                coupons.list(filter).stream().map(CouponJson::resource).toList());
    }

    @Operation(summary = "Read a coupon, with its counts (issued, used, reversed, remaining)")
    @PreAuthorize("hasAnyRole('TENANT_VIEWER', 'TENANT_STORE_STAFF')")
    @GetMapping("/api/v1/coupons/{id}")
    CouponJson.Resource get(@PathVariable String id) {
        return CouponJson.resource(coupons.require(id(id)));
    }

    @Operation(
            summary = "Replace a coupon's settings",
            description = "A draft changes whole; a published or closed coupon only its title, description and"
                    + " terms (409 coupon_published names the first other setting that differs).")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PutMapping(path = "/api/v1/coupons/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    CouponJson.Resource update(
            @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = CouponJson.Body.class)))
                    @RequestBody
                    JsonNode body) {
        UUID couponId = id(id);
        return CouponJson.resource(coupons.update(couponId, CouponJson.draft(body)));
    }

    @Operation(summary = "Publish a draft", description = "409 invalid_transition unless it is a draft.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/api/v1/coupons/{id}/publish")
    CouponJson.Resource publish(@PathVariable String id) {
        return CouponJson.resource(coupons.publish(id(id)));
    }

    @Operation(
            summary = "Close a published coupon",
            description = "No more acquisitions; coupons already held stay usable until they expire.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/api/v1/coupons/{id}/close")
    CouponJson.Resource close(@PathVariable String id) {
        return CouponJson.resource(coupons.close(id(id)));
    }

    @Operation(
            summary = "A holder acquires the coupon",
            description = "holder: an e-mail address or the tenant's own reference for the person. 409 cap_reached"
                    + " (the total cap is taken), holder_cap_reached, coupon_not_published, coupon_closed,"
                    + " acquisition_by_lottery; 422 invalid_holder; 429 rate_limited (per holder) with Retry-After.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/coupons/{id}/acquire", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CouponJson.Instance> acquire(
            @PathVariable String id, @RequestBody JsonNode body, jakarta.servlet.http.HttpServletRequest request) {
        UUID couponId = id(id);
        String holder = holder(body);
        var instance = limited.acquire(couponId, holder, limits.apiSource(request.getRemoteAddr()));
        return ResponseEntity.created(URI.create("/api/v1/coupon-instances/" + instance.code()))
                .body(CouponJson.instance(instance, clock.instant()));
    }

    @Operation(
            summary = "Issue the coupon to a known holder (e.g. as a prize)",
            description = "As acquire, under the same caps; a lottery coupon may be issued this way.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/coupons/{id}/issue", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CouponJson.Instance> issue(@PathVariable String id, @RequestBody JsonNode body) {
        UUID couponId = id(id);
        var instance = acquisitions.issue(couponId, holder(body));
        return ResponseEntity.created(URI.create("/api/v1/coupon-instances/" + instance.code()))
                .body(CouponJson.instance(instance, clock.instant()));
    }

    @Operation(summary = "Read a coupon instance by its code")
    @PreAuthorize("hasAnyRole('TENANT_VIEWER', 'TENANT_STORE_STAFF')")
    @GetMapping("/api/v1/coupon-instances/{code}")
    CouponJson.Instance instance(@PathVariable String code) {
        return CouponJson.instance(
                redemptions.instance(code).orElseThrow(() -> new ProblemException(404, "not_found")), clock.instant());
    }

    @Operation(
            summary = "Use a coupon at a store",
            description = "storeId: where it is used (may be null when the coupon is good at every store); token:"
                    + " the rotating token the holder's screen shows, checked when given (409 stale_token). The"
                    + " same Idempotency-Key again answers the first use and records nothing. 409 already_used,"
                    + " expired, not_yet_valid, outside_hours, wrong_store, budget_spent; 404 not_found for an"
                    + " unknown code.")
    @PreAuthorize("hasAnyRole('TENANT_STORE_STAFF', 'TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/coupon-instances/{code}/redeem")
    CouponJson.Used redeem(
            @PathVariable String code,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
            @RequestBody(required = false) @Nullable JsonNode body) {
        UUID storeId = null;
        String token = "";
        if (body != null && !body.isNull()) {
            if (!body.isObject()) {
                throw new ProblemException(422, "invalid_redemption").with("field", "body");
            }
            String store = CouponJson.member(body, "storeId", "invalid_redemption");
            if (!store.isEmpty()) {
                storeId = CouponJson.parseUuid(store);
                if (storeId == null) {
                    throw new ProblemException(409, "wrong_store");
                }
            }
            token = CouponJson.member(body, "token", "invalid_redemption");
        }
        Proof proof = token.isBlank() ? Proof.api() : Proof.token(token);
        return CouponJson.Used.of(redemptions.redeem(code, storeId, proof, idempotencyKey));
    }

    @Operation(
            summary = "Reverse a use",
            description = "Within the coupon's reversal window, with a reason; gives the use back when the coupon"
                    + " says so. 409 already_reversed, reversal_window_passed; 422 invalid_reason; 404 not_found.")
    @PreAuthorize("hasAnyRole('TENANT_STORE_STAFF', 'TENANT_ADMIN')")
    @PostMapping(path = "/api/v1/coupon-instances/{code}/reverse", consumes = MediaType.APPLICATION_JSON_VALUE)
    CouponJson.Used reverse(@PathVariable String code, @RequestBody JsonNode body) {
        String redemption = CouponJson.member(body, "redemptionId", "invalid_reversal");
        UUID redemptionId = CouponJson.parseUuid(redemption);
        if (redemptionId == null) {
            throw new ProblemException(404, "not_found");
        }
        String reason = CouponJson.member(body, "reason", "invalid_reason");
        return CouponJson.Used.of(redemptions.reverse(code, redemptionId, reason));
    }

    record TokenCheck(String code, int usesLeft, String state) {}

    @Operation(
            summary = "Check the rotating token a holder's screen shows",
            description = "200 when it is current (or the one just before); 409 stale_token for an old one, as a"
                    + " screenshot or a recording shows.")
    @PreAuthorize("hasAnyRole('TENANT_STORE_STAFF', 'TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/coupon-instances/{code}/check-token", consumes = MediaType.APPLICATION_JSON_VALUE)
    TokenCheck checkToken(@PathVariable String code, @RequestBody JsonNode body) {
        String token = CouponJson.member(body, "token", "invalid_token");
        var instance = redemptions.checkToken(code, token);
        return new TokenCheck(
                instance.code(),
                instance.usesLeft(),
                instance.state(clock.instant()).name().toLowerCase(Locale.ROOT));
    }

    @Operation(
            summary = "The coupon's uses as CSV",
            description =
                    "One row per use, reversed ones too; UTF-8 with BOM, or Shift_JIS with" + " charset=Shift_JIS.")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping(path = "/api/v1/coupons/{id}/redemptions.csv", produces = "text/csv")
    void redemptionsCsv(
            @PathVariable String id,
            @RequestParam(name = "charset", required = false) @Nullable String charset,
            HttpServletResponse response,
            Locale locale)
            throws IOException {
        UUID couponId = id(id);
        var coupon = coupons.require(couponId);
        var uses = redemptions.redemptions(couponId);
        var names = new java.util.HashMap<UUID, String>();
        uses.stream()
                .map(jp.tokuten.coupons.Redemption::storeId)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .forEach(s -> stores.find(s).ifPresent(v -> names.put(s, v.name())));
        RedemptionCsv.write(response, coupon, uses, names, charset, messages, locale);
    }

    @Operation(
            summary = "The coupon's printable QR poster (PDF, A4)",
            description = "Title, benefit, validity and a QR code of the coupon's public page"
                    + " (/c/{tenant}/coupons/{id}), in the request's language.")
    @PreAuthorize("hasAnyRole('TENANT_VIEWER', 'TENANT_STORE_STAFF')")
    @GetMapping(path = "/api/v1/coupons/{id}/poster.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> poster(@PathVariable String id, HttpServletRequest request, Locale locale) {
        var coupon = coupons.require(id(id));
        byte[] pdf = poster.pdf(coupon, links.publicUrl(coupon.id(), request), locale);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "inline; filename=\"coupon-" + coupon.id() + "-poster.pdf\"")
                .body(pdf);
    }

    static String holder(@Nullable JsonNode body) {
        String holder = CouponJson.member(body, "holder", "invalid_holder");
        if (holder.isBlank()) {
            throw new ProblemException(422, "invalid_holder").with("field", "holder");
        }
        return holder;
    }

    static UUID id(String text) {
        UUID id = CouponJson.parseUuid(text);
        if (id == null) {
            throw new ProblemException(404, "not_found");
        }
        return id;
    }
}
