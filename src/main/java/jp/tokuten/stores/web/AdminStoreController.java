package jp.tokuten.stores.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.stores.StoreDraft;
import jp.tokuten.stores.StoreSecrets;
import jp.tokuten.stores.StoreView;
import jp.tokuten.stores.Stores;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/stores}: the tenant's stores in the admin console: search them, add, change and delete
 * one, upload and download them as CSV; see and change a store's PIN, its QR code and a poster of it to
 * print. Viewers read; editors change; store staff may see the QR code and the poster (decision 106).
 */
@Controller
@RequestMapping("/admin/stores")
@PreAuthorize("hasRole('TENANT_VIEWER')")
class AdminStoreController {

    private static final String LIST = "stores/admin/list";
    private static final String FORM = "stores/admin/form";
    private static final int PAGE_SIZE = 50;

    private static final String POSTER = "stores/admin/poster";

    private final Stores stores;
    private final MessageSource messages;
    private final StoreQrCodes qrCodes;

    AdminStoreController(Stores stores, MessageSource messages, StoreQrCodes qrCodes) {
        this.stores = stores;
        this.messages = messages;
        this.qrCodes = qrCodes;
    }

    /** The form's fields, as typed. */
    record Form(
            @Nullable String name,
            @Nullable String chain,
            @Nullable String branch,
            @Nullable String prefecture,
            @Nullable String phone,
            @Nullable String registrationNumber) {
        StoreDraft draft() {
            return new StoreDraft(name, chain, branch, prefecture, phone, registrationNumber);
        }

        static Form of(StoreView s) {
            return new Form(s.name(), s.chain(), s.branch(), s.prefecture(), s.phone(), s.registrationNumber());
        }

        static Form empty() {
            return new Form(null, null, null, null, null, null);
        }
    }

    /** A line of a refused CSV file, worded for the page. */
    record CsvError(String line, String column, String message) {}

    @GetMapping
    String list(
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(defaultValue = "0") int page,
            @AuthenticationPrincipal TenantUserPrincipal user,
            Model model) {
        model.addAttribute("canEdit", user.role().includes(TenantRole.EDITOR));
        var found = stores.list(q, page, PAGE_SIZE);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("found", found);
        model.addAttribute("maxMegabytes", Stores.MAX_CSV_BYTES / (1024 * 1024));
        return LIST;
    }

    @GetMapping("/new")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String newStore(Model model) {
        return form(model, null, Form.empty(), null);
    }

    @PostMapping
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String create(@ModelAttribute Form form, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            var created = stores.create(form.draft());
            redirect.addFlashAttribute("saved", created.name());
        } catch (ProblemException e) {
            return refused(e, model, response, null, form, null);
        }
        return "redirect:/admin/stores";
    }

    @GetMapping("/{store}")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String edit(@PathVariable String store, Model model, HttpServletRequest request) {
        var found = stores.find(id(store)).orElseThrow(AdminStoreController::notFound);
        return form(model, found.id(), Form.of(found), request);
    }

    /** Sets the PIN typed, or with {@code generate} a new random one. */
    @PostMapping("/{store}/pin")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String changePin(
            @PathVariable String store,
            @RequestParam(required = false) @Nullable String pin,
            @RequestParam(required = false) @Nullable String generate,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        var found = stores.find(id(store)).orElseThrow(AdminStoreController::notFound);
        try {
            stores.changePin(found.id(), generate != null ? null : (pin == null ? "" : pin));
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw notFound();
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("pinError", "stores.pin.error");
            return form(model, found.id(), Form.of(found), request);
        }
        redirect.addFlashAttribute("pinChanged", true);
        return "redirect:/admin/stores/" + found.id();
    }

    /** Issues a new QR code: the old one, and every poster of it, stops working. */
    @PostMapping("/{store}/qr")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String rotateQr(@PathVariable String store, RedirectAttributes redirect) {
        var found = stores.find(id(store)).orElseThrow(AdminStoreController::notFound);
        stores.rotateQrToken(found.id());
        redirect.addFlashAttribute("qrRotated", true);
        return "redirect:/admin/stores/" + found.id();
    }

    @GetMapping(path = "/{store}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    @PreAuthorize("hasAnyRole('TENANT_EDITOR', 'TENANT_STORE_STAFF')")
    ResponseEntity<byte[]> qrPng(@PathVariable String store, HttpServletRequest request) {
        var secrets = secrets(store);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(StoreQrCodes.png(qrCodes.url(secrets, request)));
    }

    /** A page to print and put up at the counter: the store's name, its QR code and what to do with it. */
    @GetMapping("/{store}/poster")
    @PreAuthorize("hasAnyRole('TENANT_EDITOR', 'TENANT_STORE_STAFF')")
    String poster(
            @PathVariable String store,
            @RequestParam(required = false) @Nullable String paper,
            Model model,
            HttpServletResponse response) {
        var found = stores.find(id(store)).orElseThrow(AdminStoreController::notFound);
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("store", found);
        model.addAttribute("paper", "a5".equalsIgnoreCase(paper) ? "A5" : "A4");
        return POSTER;
    }

    @PostMapping("/{store}")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String update(
            @PathVariable String store,
            @ModelAttribute Form form,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        UUID id = id(store);
        try {
            var updated = stores.update(id, form.draft());
            redirect.addFlashAttribute("saved", updated.name());
        } catch (ProblemException e) {
            return refused(e, model, response, id, form, request);
        }
        return "redirect:/admin/stores";
    }

    @PostMapping("/{store}/delete")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String delete(@PathVariable String store, RedirectAttributes redirect) {
        var found = stores.find(id(store)).orElseThrow(AdminStoreController::notFound);
        stores.delete(found.id());
        redirect.addFlashAttribute("deleted", found.name());
        return "redirect:/admin/stores";
    }

    @PostMapping("/import")
    @PreAuthorize("hasRole('TENANT_EDITOR')")
    String importCsv(
            @RequestParam(name = "file", required = false) @Nullable MultipartFile file,
            @AuthenticationPrincipal TenantUserPrincipal user,
            Model model,
            HttpServletResponse response,
            Locale locale,
            RedirectAttributes redirect)
            throws IOException {
        try {
            if (file == null || file.isEmpty()) {
                throw new ProblemException(422, "invalid_csv", 1)
                        .with("errors", List.of(Map.of("line", 0, "code", "empty")));
            }
            try (InputStream in = file.getInputStream()) {
                redirect.addFlashAttribute("imported", stores.importCsv(StoreApiController.readBounded(in)));
            }
        } catch (ProblemException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("csvErrors", csvErrors(e, locale));
            return list(null, 0, user, model);
        }
        return "redirect:/admin/stores";
    }

    @GetMapping("/export.csv")
    void exportCsv(HttpServletResponse response, Locale locale) throws IOException {
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"stores.csv\"");
        var writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        stores.exportCsv(writer, locale);
        writer.flush();
    }

    private String form(Model model, @Nullable UUID id, Form form, @Nullable HttpServletRequest request) {
        model.addAttribute("storeId", id);
        if (id != null && request != null) {
            var secrets = stores.secrets(id);
            model.addAttribute("pin", secrets.pin());
            model.addAttribute("qrUrl", qrCodes.url(secrets, request));
        }
        model.addAttribute("form", form);
        model.addAttribute("prefectures", Stores.PREFECTURES);
        return FORM;
    }

    private String refused(
            ProblemException e,
            Model model,
            HttpServletResponse response,
            @Nullable UUID id,
            Form form,
            @Nullable HttpServletRequest request) {
        if (e.status() == 404) {
            throw notFound();
        }
        response.setStatus(e.status() == 409 ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("errorField", e.properties().getOrDefault("field", ""));
        model.addAttribute(
                "error",
                e.code().equals("duplicate_store")
                        ? "stores.error.duplicate"
                        : "stores.error." + e.properties().getOrDefault("field", "name"));
        return form(model, id, form, request);
    }

    private List<CsvError> csvErrors(ProblemException e, Locale locale) {
        if (e.code().equals("too_large")) {
            return List.of(new CsvError(
                    "",
                    "",
                    messages.getMessage(
                            "stores.csv.error.too_large",
                            new Object[] {Stores.MAX_CSV_BYTES / (1024 * 1024)},
                            locale)));
        }
        Object errors = e.properties().get("errors");
        if (!(errors instanceof List<?> list)) {
            return List.of(new CsvError("", "", messages.getMessage("stores.csv.error.malformed", null, locale)));
        }
        return list.stream()
                .map(o -> (Map<?, ?>) o)
                .map(m -> {
                    Object line = m.get("line");
                    Object column = m.get("column");
                    String code = String.valueOf(m.get("code"));
                    return new CsvError(
                            line == null || line.equals(0) || line.equals(0L) ? "" : String.valueOf(line),
                            column == null ? "" : String.valueOf(column),
                            messages.getMessage("stores.csv.error." + code, null, code, locale));
                })
                .toList();
    }

    private StoreSecrets secrets(String store) {
        try {
            return stores.secrets(id(store));
        } catch (ProblemException e) {
            throw notFound();
        }
    }

    private static UUID id(String text) {
        return StoreApiController.parse(text).orElseThrow(AdminStoreController::notFound);
    }

    /** A page's 404: the error page, not problem JSON. */
    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
