package jp.tokuten.audit.web;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import jp.tokuten.audit.ActorDirectory;
import jp.tokuten.audit.ActorDirectory.ActorName;
import jp.tokuten.audit.AuditEntryView;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;

/**
 * The audit log as people read it: the entries one transaction wrote become one row, headed by the action
 * a person took (a meaning entry) or else its first change, with the rest expandable; actions, tables and
 * operations are words from the bundles, actors are names or e-mail addresses.
 */
final class AuditLogPage {

    /** One row to read. {@code parts} are the other entries the same transaction wrote. */
    record Row(
            long id,
            OffsetDateTime recordedAt,
            String what,
            String code,
            String actor,
            @Nullable String actorEmail,
            @Nullable String actorFilter,
            @Nullable String reason,
            @Nullable String details,
            List<Part> parts) {}

    record Part(String what, String code, @Nullable String details) {}

    /** A sign-in is recorded before anyone is signed in: the account it signed in names the actor. */
    private static final Pattern SIGNED_IN_ACCOUNT =
            Pattern.compile("\"account\": \"([0-9a-f-]{36})\".*\"console\": \"(ADMIN|OPERATOR)\"");

    private final MessageSource messages;
    private final Locale locale;

    AuditLogPage(MessageSource messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    List<Row> rows(List<AuditEntryView> entries, List<ActorDirectory> directories) {
        var actors = new LinkedHashSet<String>();
        for (var e : entries) {
            String actor = actor(e);
            if (actor != null) {
                actors.add(actor);
            }
        }
        Map<String, ActorName> names = new LinkedHashMap<>();
        if (!actors.isEmpty()) {
            for (var directory : directories) {
                names.putAll(directory.names(actors));
            }
        }
        var byTransaction = new LinkedHashMap<Long, List<AuditEntryView>>();
        for (var e : entries) {
            byTransaction
                    .computeIfAbsent(e.transactionId(), t -> new ArrayList<>())
                    .add(e);
        }
        var rows = new ArrayList<Row>(byTransaction.size());
        for (var group : byTransaction.values()) {
            AuditEntryView head =
                    group.stream().filter(e -> e.action() != null).findFirst().orElse(group.getFirst());
            var parts = new ArrayList<Part>();
            for (var e : group) {
                if (e != head) {
                    parts.add(new Part(what(e), code(e), details(e)));
                }
            }
            String actor = actor(head);
            ActorName name = actor == null ? null : names.get(actor);
            rows.add(new Row(
                    head.id(),
                    head.recordedAt(),
                    what(head),
                    code(head),
                    actorLabel(actor, name),
                    name == null ? null : name.email(),
                    actor,
                    head.reason(),
                    details(head),
                    parts));
        }
        return rows;
    }

    private static @Nullable String actor(AuditEntryView e) {
        if (e.actor() != null && !e.actor().isBlank()) {
            return e.actor();
        }
        if ("sign_in.succeeded".equals(e.action()) && e.details() != null) {
            var m = SIGNED_IN_ACCOUNT.matcher(e.details());
            if (m.find()) {
                return (m.group(2).equals("ADMIN") ? "user:" : "operator:") + m.group(1);
            }
        }
        return null;
    }

    String what(AuditEntryView e) {
        if (e.action() != null) {
            return action(e.action());
        }
        String table = e.tableName() == null ? "" : e.tableName();
        String operation = e.operation() == null ? "" : e.operation();
        return messages.getMessage(
                "audit.change",
                new Object[] {
                    messages.getMessage("audit.table." + table, null, table, locale),
                    messages.getMessage("audit.operation." + operation, null, operation, locale)
                },
                locale);
    }

    String action(String code) {
        return messages.getMessage("audit.action." + code, null, code, locale);
    }

    String table(String table) {
        return messages.getMessage("audit.table." + table, null, table, locale);
    }

    private static String code(AuditEntryView e) {
        return e.action() != null ? e.action() : e.operation() + " " + e.tableName();
    }

    private static @Nullable String details(AuditEntryView e) {
        if (e.action() != null) {
            return e.details();
        }
        return e.newValues() != null ? e.newValues() : e.oldValues();
    }

    private String actorLabel(@Nullable String actor, @Nullable ActorName name) {
        if (actor == null || actor.isBlank()) {
            return messages.getMessage("audit.actor.system", null, locale);
        }
        if (name == null) {
            return messages.getMessage("audit.actor.unknown", null, locale);
        }
        return switch (name.kind()) {
            case "operator" -> messages.getMessage("audit.actor.operator", new Object[] {name.name()}, locale);
            case "api-key" -> messages.getMessage("audit.actor.apiKey", new Object[] {name.name()}, locale);
            default -> name.name();
        };
    }
}
