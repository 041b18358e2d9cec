package jp.tokuten.stores.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.stores.CsvImport;
import jp.tokuten.stores.StoreDraft;
import jp.tokuten.stores.StoreView;
import jp.tokuten.stores.Stores;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The tenant's stores for its automation: list and search, create, read, replace and delete one, import
 * and export them as CSV; read a store's PIN and QR code (editors and store staff), change the PIN and
 * issue a new QR code (editors). Viewers read; editors change.
 */
@RestController
@RequestMapping("/api/v1/stores")
@PreAuthorize("hasRole('TENANT_VIEWER')")
class StoreApiController {

    private final Stores stores;
    private final StoreQrCodes qrCodes;

    StoreApiController(Stores stores, StoreQrCodes qrCodes) {
        this.stores = stores;
        this.qrCodes = qrCodes;
    }

    record StoreBody(
            @Nullable String name,
            @Nullable String chain,
            @Nullable String branch,
            @Nullable String prefecture,
            @Nullable String phone,
            @Nullable String registrationNumber) {
        StoreDraft draft() {
            return new StoreDraft(name, chain, branch, prefecture, phone, registrationNumber);
        }
    }

    record Store(
            UUID id,
            String name,
            String chain,
            String branch,
            @Nullable String prefecture,
            @Nullable String phone,
            @Nullable String registrationNumber,
            Instant createdAt,
            Instant updatedAt) {
        static Store of(StoreView s) {
            return new Store(
                    s.id(),
                    s.name(),
                    s.chain(),
                    s.branch(),
                    s.prefecture(),
                    s.phone(),
                    s.registrationNumber(),
                    s.createdAt(),
                    s.updatedAt());
        }
    }

    record PinBody(@Nullable String pin) {}

    record Pin(String pin) {}

    record Secrets(String pin, String qrToken, String qrUrl) {}

    record QrCode(String qrToken, String qrUrl) {}

    record StoreList(List<Store> items, long total, int page, int size) {}

    @Operation(
            summary = "List the stores",
            description = "Stores whose name, chain or branch contains q (width and kana folded), whose prefecture"
                    + " or registration number is q or whose phone contains its digits; all for no q. Paged from 0.")
    @GetMapping
    StoreList list(
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        var found = stores.list(q, page, size);
        return new StoreList(found.items().stream().map(Store::of).toList(), found.total(), found.page(), found.size());
    }

    @Operation(
            summary = "Add a store",
            description = "422 invalid_store names the field at fault; 409 duplicate_store when another store has"
                    + " the name, or the chain and branch.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    ResponseEntity<Store> create(@RequestBody StoreBody body) {
        var created = stores.create(body.draft());
        return ResponseEntity.created(URI.create("/api/v1/stores/" + created.id()))
                .body(Store.of(created));
    }

    @Operation(summary = "Read a store")
    @GetMapping("/{id}")
    Store get(@PathVariable String id) {
        return Store.of(stores.require(id(id)));
    }

    @Operation(summary = "Replace a store", description = "Every field as sent; a missing one is cleared.")
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    Store update(@PathVariable String id, @RequestBody StoreBody body) {
        return Store.of(stores.update(id(id), body.draft()));
    }

    @Operation(summary = "Delete a store")
    @DeleteMapping("/{id}")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    ResponseEntity<Void> delete(@PathVariable String id) {
        stores.delete(id(id));
        return ResponseEntity.noContent().build();
    }

    @Operation(
            summary = "Import stores from CSV",
            description = "The CSV as the body (text/csv) or as the multipart field file: UTF-8 (with or without"
                    + " BOM) or Shift_JIS (CP932), up to 5 MB, a header row of Japanese or English column names"
                    + " (店舗名/name, チェーン名/chain, 支店名/branch, 都道府県/prefecture, 電話番号/phone,"
                    + " 登録番号/registration_number). A row updates the store of its chain and branch (or, without"
                    + " a chain, of its name) or adds one. All rows or none: 422 invalid_csv lists errors"
                    + " [{line, column, code}].")
    @PostMapping(
            path = "/import",
            consumes = {"text/csv", MediaType.MULTIPART_FORM_DATA_VALUE})
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    CsvImport importCsv(
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file, HttpServletRequest request)
            throws IOException {
        try (InputStream in = file != null ? file.getInputStream() : request.getInputStream()) {
            return stores.importCsv(readBounded(in));
        }
    }

    @Operation(
            summary = "Export the stores as CSV",
            description = "UTF-8 with BOM, header in the request's language; cells a spreadsheet would run as a"
                    + " formula start with an apostrophe. Imports again as it is.")
    @GetMapping(path = "/export", produces = "text/csv")
    void exportCsv(HttpServletResponse response, Locale locale) throws IOException {
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"stores.csv\"");
        var writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        stores.exportCsv(writer, locale);
        writer.flush();
    }

    @Operation(
            summary = "Read a store's PIN and QR code",
            description = "The 4-digit PIN a coupon holder types at the counter, the token of the store's QR code"
                    + " and the URL it opens (/c/{tenant slug}/s/{qrToken}). Editors, admins and store staff.")
    @GetMapping("/{id}/secrets")
    @PreAuthorize("hasAnyRole('TENANT_EDITOR', 'TENANT_STORE_STAFF')")
    ResponseEntity<Secrets> secrets(@PathVariable String id, HttpServletRequest request) {
        var s = stores.secrets(id(id));
        return noStore(new Secrets(s.pin(), s.qrToken(), qrCodes.url(s, request)));
    }

    @Operation(
            summary = "Change a store's PIN",
            description = "{\"pin\": \"4 digits\"} sets it (full-width digits are read as digits); {} or"
                    + " {\"pin\": null} makes a new random one. The old PIN stops matching. 422 invalid_store"
                    + " with field pin for anything but 4 digits.")
    @PostMapping(path = "/{id}/pin", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    ResponseEntity<Pin> changePin(@PathVariable String id, @RequestBody PinBody body) {
        return noStore(new Pin(stores.changePin(id(id), body.pin())));
    }

    @Operation(
            summary = "Issue a new QR code for a store",
            description = "A new random token: the old QR code, and every poster printed with it, stops working.")
    @PostMapping("/{id}/qr")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    ResponseEntity<QrCode> rotateQr(@PathVariable String id, HttpServletRequest request) {
        UUID store = id(id);
        stores.rotateQrToken(store);
        var s = stores.secrets(store);
        return noStore(new QrCode(s.qrToken(), qrCodes.url(s, request)));
    }

    @Operation(
            summary = "The store's QR code as PNG",
            description = "512×512 pixels, opening the qrUrl of GET /api/v1/stores/{id}/secrets. Editors, admins"
                    + " and store staff.")
    @GetMapping(path = "/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    @PreAuthorize("hasAnyRole('TENANT_EDITOR', 'TENANT_STORE_STAFF')")
    ResponseEntity<byte[]> qrPng(@PathVariable String id, HttpServletRequest request) {
        var s = stores.secrets(id(id));
        return noStore(StoreQrCodes.png(qrCodes.url(s, request)));
    }

    /** Secrets are not kept by caches on the way. */
    private static <T> ResponseEntity<T> noStore(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    /** The body, or 413 {@code too_large} past the import limit, read no further than that. */
    static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(Stores.MAX_CSV_BYTES + 1);
        if (bytes.length > Stores.MAX_CSV_BYTES) {
            throw new ProblemException(413, "too_large", Stores.MAX_CSV_BYTES / (1024 * 1024))
                    .detail("problem.too_large.limit")
                    .with("reason", "too_large");
        }
        return bytes;
    }

    private static UUID id(String text) {
        return parse(text).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    static Optional<UUID> parse(String text) {
        try {
            return text.length() == 36 ? Optional.of(UUID.fromString(text)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
