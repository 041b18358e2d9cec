package jp.tokuten.audit.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import jp.tokuten.audit.AuditFilter;
import jp.tokuten.audit.AuditLog;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Admin console: the tenant's own audit log, filtered, and its CSV export. Tenant admins only. */
@Controller
@PreAuthorize("hasRole('TENANT_ADMIN')")
class AdminAuditLogController {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final int PAGE = 100;
    private final AuditLog log;

    AdminAuditLogController(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/admin/audit")
    String page(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String table,
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable Long before,
            Model model) {
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("action", action);
        model.addAttribute("table", table);
        model.addAttribute("actor", actor);
        try {
            var filter = filter(from, to, action, table, actor, before);
            var entries = log.entries(filter, PAGE);
            model.addAttribute("entries", entries);
            model.addAttribute(
                    "next", entries.size() == PAGE ? entries.getLast().id() : null);
        } catch (DateTimeParseException e) {
            model.addAttribute("entries", java.util.List.of());
            model.addAttribute("filterError", true);
        }
        return "audit/admin/log";
    }

    @GetMapping("/admin/audit.csv")
    void export(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String table,
            @RequestParam(required = false) @Nullable String actor,
            HttpServletResponse response)
            throws IOException {
        AuditFilter filter;
        try {
            filter = filter(from, to, action, table, actor, null);
        } catch (DateTimeParseException e) {
            response.sendError(400);
            return;
        }
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
        var writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        log.exportCsv(filter, writer);
        writer.flush();
    }

    private static AuditFilter filter(
            @Nullable String from,
            @Nullable String to,
            @Nullable String action,
            @Nullable String table,
            @Nullable String actor,
            @Nullable Long before) {
        return new AuditFilter(
                blank(from)
                        ? null
                        : LocalDate.parse(from.strip()).atStartOfDay(TOKYO).toInstant(),
                blank(to)
                        ? null
                        : LocalDate.parse(to.strip())
                                .plusDays(1)
                                .atStartOfDay(TOKYO)
                                .toInstant(),
                blank(table) ? null : table.strip(),
                blank(action) ? null : action.strip(),
                blank(actor) ? null : actor.strip(),
                before);
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }
}
