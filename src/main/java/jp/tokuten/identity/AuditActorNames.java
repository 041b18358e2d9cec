package jp.tokuten.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.audit.ActorDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The names behind the actors of the audit log: tenant users and API keys of the bound tenant (row-level
 * security shows no other tenant's), and operators (who act in a tenant during an emergency access).
 */
@Component
class AuditActorNames implements ActorDirectory {

    private final JdbcClient jdbc;

    AuditActorNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, ActorName> names(Collection<String> actors) {
        var users = ids(actors, "user:");
        var operators = ids(actors, "operator:");
        var keys = ids(actors, "api-key:");
        var names = new HashMap<String, ActorName>();
        if (!users.isEmpty()) {
            jdbc.sql("select id, display_name, email from identity.tenant_users where id = any(?)")
                    .param(users.toArray(UUID[]::new))
                    .query((rs, n) -> names.put(
                            "user:" + rs.getObject("id", UUID.class),
                            new ActorName("user", rs.getString("display_name"), rs.getString("email"))))
                    .list();
        }
        if (!operators.isEmpty()) {
            jdbc.sql("select id, display_name, email from identity.operators where id = any(?)")
                    .param(operators.toArray(UUID[]::new))
                    .query((rs, n) -> names.put(
                            "operator:" + rs.getObject("id", UUID.class),
                            new ActorName("operator", rs.getString("display_name"), rs.getString("email"))))
                    .list();
        }
        if (!keys.isEmpty()) {
            jdbc.sql("select id, name from identity.api_keys where id = any(?)")
                    .param(keys.toArray(UUID[]::new))
                    .query((rs, n) -> names.put(
                            "api-key:" + rs.getObject("id", UUID.class),
                            new ActorName("api-key", rs.getString("name"), null)))
                    .list();
        }
        return names;
    }

    private static List<UUID> ids(Collection<String> actors, String prefix) {
        var ids = new ArrayList<UUID>();
        for (String actor : actors) {
            if (actor != null && actor.startsWith(prefix)) {
                try {
                    ids.add(UUID.fromString(actor.substring(prefix.length())));
                } catch (IllegalArgumentException e) {
                    // not an id we issued: shown as recorded
                }
            }
        }
        return ids;
    }
}
