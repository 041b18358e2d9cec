package jp.tokuten.coupons.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.coupons.Acquisitions;
import jp.tokuten.coupons.CouponRateLimits;
import jp.tokuten.coupons.Coupons;
import jp.tokuten.coupons.Lottery;
import jp.tokuten.coupons.SerialCodes;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * Handing coupons out other than first come, first served, for the tenant's automation: serial codes in
 * bulk (generate, export, import) and a holder's claim of one; the acquisition lottery (apply, draw, the
 * counts). Claims and applications are rate limited per holder ({@link CouponRateLimits}; per source
 * address too when {@code tokuten.coupons.rate.api-by-source} is on, decision 110).
 */
@RestController
class CouponDistributionApiController {

    private final Coupons coupons;
    private final Acquisitions acquisitions;
    private final SerialCodes serials;
    private final Lottery lottery;
    private final CouponRateLimits limits;
    private final MessageSource messages;
    private final Clock clock;

    CouponDistributionApiController(
            Coupons coupons,
            Acquisitions acquisitions,
            SerialCodes serials,
            Lottery lottery,
            CouponRateLimits limits,
            MessageSource messages,
            Clock clock) {
        this.coupons = coupons;
        this.acquisitions = acquisitions;
        this.serials = serials;
        this.lottery = lottery;
        this.limits = limits;
        this.messages = messages;
        this.clock = clock;
    }

    private @Nullable String source(HttpServletRequest request) {
        return limits.apiSource(request.getRemoteAddr());
    }

    @Schema(name = "CouponSerials")
    record Serials(
            UUID couponId,
            @Schema(description = "codes made by this call") int count,

            @Schema(description = "the coupon's serial codes not yet claimed")
            long serials,

            @Schema(description = "instances left under the total cap; null: no cap") @Nullable
            Long remaining) {}

    @Schema(name = "SerialCount")
    record SerialCount(@Schema(description = "1 to 100,000") int count) {}

    @Operation(
            summary = "Generate unique serial codes",
            description = "{\"count\": N} (1 to 100,000) codes of 12 characters from 25 without look-alikes (about"
                    + " 55.7 bits each), with no holder yet: printed or handed out, then claimed by a holder or"
                    + " redeemed as they are. Each takes a unit of the total cap; 409 cap_reached (and none made)"
                    + " when fewer are left. 409 coupon_not_published, coupon_closed, acquisition_by_lottery;"
                    + " 422 invalid_count.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/coupons/{id}/serials", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Serials> generate(
            @PathVariable String id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @io.swagger.v3.oas.annotations.media.Content(
                                            schema = @Schema(implementation = SerialCount.class)))
                    @RequestBody
                    JsonNode body) {
        UUID couponId = CouponApiController.id(id);
        JsonNode count = body.isObject() ? body.get("count") : null;
        if (count == null || !count.isIntegralNumber() || !count.canConvertToInt()) {
            throw new ProblemException(422, "invalid_count", SerialCodes.MAX_PER_CALL).with("field", "count");
        }
        int made = serials.generate(couponId, count.intValue());
        return ResponseEntity.created(URI.create("/api/v1/coupons/" + couponId + "/serials.csv"))
                .body(counts(couponId, made));
    }

    private Serials counts(UUID couponId, int made) {
        var c = coupons.require(couponId);
        return new Serials(couponId, made, c.serials(), c.remaining());
    }

    @Operation(
            summary = "The coupon's serial codes as CSV",
            description = "code (as printed, XXXX-XXXX-XXXX), state (unclaimed, claimed, used, expired), who"
                    + " claimed it and when. UTF-8 with BOM, or Shift_JIS with charset=Shift_JIS.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @GetMapping(path = "/api/v1/coupons/{id}/serials.csv", produces = "text/csv")
    void exportCsv(
            @PathVariable String id,
            @RequestParam(name = "charset", required = false) @Nullable String charset,
            HttpServletResponse response,
            Locale locale)
            throws IOException {
        UUID couponId = CouponApiController.id(id);
        coupons.require(couponId);
        SerialCsv.write(response, couponId, each -> serials.export(couponId, each), charset, messages, locale);
    }

    @Operation(
            summary = "Import serial codes printed elsewhere",
            description = "A CSV (text/csv body or multipart field file; UTF-8 with or without BOM, or Shift_JIS) with"
                    + " one code in the first cell of each line (a header line is skipped): 12 to 20 characters of"
                    + " 346789ACDEFHJKMNPQRTUVWXY, any case, hyphens and spaces ignored; up to 100,000. All or none:"
                    + " 422 invalid_csv lists errors [{line, code}] (invalid_code, duplicate_in_file,"
                    + " already_exists, too_many_rows, no_codes); 409 cap_reached and as for generating.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(
            path = "/api/v1/coupons/{id}/serials/import",
            consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE})
    ResponseEntity<Serials> importCsv(
            @PathVariable String id,
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
            HttpServletRequest request)
            throws IOException {
        UUID couponId = CouponApiController.id(id);
        byte[] bytes;
        try (InputStream in = file != null ? file.getInputStream() : request.getInputStream()) {
            bytes = in.readNBytes(SerialCsv.MAX_BYTES + 1);
        }
        int made = serials.importCodes(couponId, SerialCsv.firstCells(bytes));
        return ResponseEntity.created(URI.create("/api/v1/coupons/" + couponId + "/serials.csv"))
                .body(counts(couponId, made));
    }

    @Operation(
            summary = "A holder claims a serial code",
            description = "{\"holder\"}: the code becomes the holder's, under the per-holder cap. A wrong code, one"
                    + " already claimed and one already used get the same answer, 404 not_found. 409"
                    + " holder_cap_reached, coupon_closed, expired; 422 invalid_holder; 429 rate_limited with"
                    + " Retry-After after too many tries or wrong codes.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/coupon-instances/{code}/claim", consumes = MediaType.APPLICATION_JSON_VALUE)
    CouponJson.Instance claim(@PathVariable String code, @RequestBody JsonNode body, HttpServletRequest request) {
        String holder = CouponApiController.holder(body);
        String source = source(request);
        limits.codeEntry(source, holder);
        try {
            return CouponJson.instance(acquisitions.claim(code, holder), clock.instant());
        } catch (ProblemException e) {
            if (e.status() == 404) {
                limits.failure(source, holder);
            }
            throw e;
        }
    }

    @Schema(name = "LotteryApplication")
    record Applied(UUID couponId, String holder, Instant appliedAt, String status) {}

    @Operation(
            summary = "A holder applies to a lottery coupon",
            description = "{\"holder\"}, within the coupon's application window; one application per holder. 409"
                    + " already_applied, not_in_application_window, not_a_lottery, coupon_not_published,"
                    + " coupon_closed; 422 invalid_holder; 429 rate_limited.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping(path = "/api/v1/coupons/{id}/apply", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Applied> apply(@PathVariable String id, @RequestBody JsonNode body, HttpServletRequest request) {
        UUID couponId = CouponApiController.id(id);
        String holder = CouponApiController.holder(body);
        limits.acquisition(source(request), holder);
        var a = lottery.apply(couponId, holder);
        return ResponseEntity.created(URI.create("/api/v1/coupons/" + couponId + "/applications"))
                .body(new Applied(a.couponId(), a.holder(), a.appliedAt(), "applied"));
    }

    @Schema(name = "LotteryDraw")
    record Drawn(UUID couponId, int applications, int won, int lost, Instant drawnAt) {}

    @Operation(
            summary = "Draw a lottery coupon's winners",
            description = "After the application window, once: shuffles the applications (SecureRandom), gives up to"
                    + " winners of them an instance each under the caps, marks the others lost. 409 already_drawn,"
                    + " application_window_open, not_a_lottery, coupon_not_published, coupon_closed.")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    @PostMapping("/api/v1/coupons/{id}/draw")
    Drawn draw(@PathVariable String id) {
        var d = lottery.draw(CouponApiController.id(id));
        return new Drawn(d.couponId(), d.applications(), d.won(), d.lost(), d.drawnAt());
    }

    @Schema(name = "LotteryApplications")
    record Counts(
            UUID couponId,
            long applications,
            long won,
            long lost,
            @Nullable OffsetDateTime applyFrom,
            @Nullable OffsetDateTime applyUntil,
            @Nullable Integer winners,
            @Nullable Instant drawnAt) {}

    @Operation(summary = "A lottery coupon's applications counted", description = "409 not_a_lottery.")
    @PreAuthorize("hasRole('TENANT_VIEWER')")
    @GetMapping("/api/v1/coupons/{id}/applications")
    Counts applications(@PathVariable String id) {
        var a = lottery.applications(CouponApiController.id(id));
        return new Counts(
                a.couponId(),
                a.applications(),
                a.won(),
                a.lost(),
                a.applyFrom() == null
                        ? null
                        : a.applyFrom().atZone(CouponJson.TOKYO).toOffsetDateTime(),
                a.applyUntil() == null
                        ? null
                        : a.applyUntil().atZone(CouponJson.TOKYO).toOffsetDateTime(),
                a.winners(),
                a.drawnAt());
    }
}
