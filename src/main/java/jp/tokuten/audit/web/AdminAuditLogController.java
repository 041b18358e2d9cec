package jp.tokuten.audit.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.tokuten.audit.ActorDirectory;
import jp.tokuten.audit.AuditFilter;
import jp.tokuten.audit.AuditLog;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
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

    /** The actions and tables offered in the filter (others can still be filtered by their code in the URL). */
    static final List<String> ACTIONS = List.of(
            "sign_in.succeeded",
            "sign_in.failed",
            "sign_in.throttled",
            "user.invited",
            "user.joined",
            "user.role_changed",
            "user.disabled",
            "user.enabled",
            "second_factor.enrolled",
            "tenant.second_factor_rule",
            "api_key.issued",
            "api_key.revoked",
            "operator.break_glass_opened",
            "operator.break_glass_closed",
            "audit.exported");

    static final List<String> TABLES = List.of(
            "identity.tenant_users",
            "identity.tenant_user_invites",
            "identity.tenant_user_recovery_codes",
            "identity.tenant_sign_in_settings",
            "identity.api_keys",
            "identity.break_glass_grants",
            "access.ip_allowlist_entries",
            "access.consumer_basic_auth",
            "receipts.submissions",
            "files.stored_files");

    private final AuditLog log;
    private final MessageSource messages;
    private final ObjectProvider<ActorDirectory> directories;

    AdminAuditLogController(AuditLog log, MessageSource messages, ObjectProvider<ActorDirectory> directories) {
        this.log = log;
        this.messages = messages;
        this.directories = directories;
    }

    @GetMapping("/admin/audit")
    String page(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String table,
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable Long before,
            Locale locale,
            Model model) {
        var view = new AuditLogPage(messages, locale);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("action", action);
        model.addAttribute("table", table);
        model.addAttribute("actor", actor);
        try {
            var filter = filter(from, to, action, table, actor, before);
            var entries = log.entries(filter, PAGE);
            var rows = view.rows(entries, directories.orderedStream().toList());
            model.addAttribute("rows", rows);
            model.addAttribute(
                    "next", entries.size() == PAGE ? entries.getLast().id() : null);
            if (actor != null && !actor.isBlank()) {
                model.addAttribute(
                        "actorName",
                        rows.stream()
                                .filter(r -> actor.strip().equals(r.actorFilter()))
                                .map(AuditLogPage.Row::actor)
                                .findFirst()
                                .orElse(actor.strip()));
            }
        } catch (DateTimeParseException e) {
            model.addAttribute("rows", List.of());
            model.addAttribute("filterError", "audit.filterError");
        } catch (IllegalArgumentException e) {
            model.addAttribute("rows", List.of());
            model.addAttribute("filterError", "audit.filterInvalid");
        }
        model.addAttribute("actions", options(ACTIONS, view::action));
        model.addAttribute("tables", options(TABLES, view::table));
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
        } catch (DateTimeParseException | IllegalArgumentException e) {
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
        for (String text : new @Nullable String[] {from, to, action, table, actor}) {
            if (text != null && text.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("control character in a filter");
            }
        }
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

    private static Map<String, String> options(List<String> codes, java.util.function.UnaryOperator<String> label) {
        var options = new java.util.LinkedHashMap<String, String>();
        codes.forEach(c -> options.put(c, label.apply(c)));
        return options;
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }
}
