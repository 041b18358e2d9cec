package jp.tokuten.ops;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Incidents shown on the status page. Monitoring opens one when a check that makes an incident fails (at most
 * one is open) and resolves it when they are all back; operators post updates ({@link #post}), which are
 * meaning entries of the platform audit chain ({@code incident.updated}). Callers authorise the operator role.
 */
@Service
public class Incidents {

    /** The longest update message. */
    public static final int MAX_MESSAGE = 2000;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    Incidents(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Opens an incident for {@code causes} unless one is open; in the caller's transaction. */
    void openIfNone(List<String> causes, Instant at) {
        UUID id = TimeOrderedIds.next(clock);
        int opened = jdbc.sql("""
                insert into ops.incidents (id, causes, opened_at) values (?, ?, ?)
                on conflict do nothing""")
                .params(id, String.join(",", causes), Timestamp.from(at))
                .update();
        if (opened == 1) {
            addUpdate(id, at, "opened", null, null);
            audit.record("incident.opened", null, Map.of("incident", id, "causes", String.join(",", causes)));
        }
    }

    /** Resolves the open incident, if any; in the caller's transaction. */
    void resolveOpen(Instant at) {
        jdbc.sql("update ops.incidents set resolved_at = greatest(?, opened_at) where resolved_at is null returning id")
                .param(Timestamp.from(at))
                .query(UUID.class)
                .optional()
                .ifPresent(id -> {
                    addUpdate(id, at, "resolved", null, null);
                    audit.record("incident.resolved", null, Map.of("incident", id));
                });
    }

    /**
     * An operator's update of an incident (open or resolved). 422 {@code invalid_incident_update} for an empty
     * message or one over {@link #MAX_MESSAGE} characters; 404 {@code not_found} for an unknown incident.
     */
    @Transactional
    public IncidentView.Update post(UUID incident, @Nullable String message, UUID operatorId) {
        String text = message == null ? "" : message.strip();
        if (text.isEmpty() || text.length() > MAX_MESSAGE) {
            throw new ProblemException(422, "invalid_incident_update", MAX_MESSAGE).with("maxLength", MAX_MESSAGE);
        }
        boolean exists = jdbc.sql("select count(*) from ops.incidents where id = ?")
                        .param(incident)
                        .query(Long.class)
                        .single()
                > 0;
        if (!exists) {
            throw new ProblemException(404, "not_found");
        }
        Instant now = clock.instant();
        var update = addUpdate(incident, now, "update", text, operatorId);
        audit.record("incident.updated", null, Map.of("incident", incident, "update", update.id()));
        return update;
    }

    private IncidentView.Update addUpdate(
            UUID incident, Instant at, String kind, @Nullable String message, @Nullable UUID operatorId) {
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("""
                insert into ops.incident_updates (id, incident_id, posted_at, kind, message, posted_by)
                values (?, ?, ?, ?, ?, ?)""")
                .params(id, incident, Timestamp.from(at), kind, message, operatorId)
                .update();
        return new IncidentView.Update(id, at, kind, message);
    }

    @Transactional(readOnly = true)
    public Optional<IncidentView> find(UUID id) {
        return load(jdbc.sql("select * from ops.incidents where id = ?").param(id)).stream()
                .findFirst();
    }

    /** Incidents opened since {@code since}, and any still open, the latest first (at most {@code limit}). */
    @Transactional(readOnly = true)
    public List<IncidentView> since(Instant since, int limit) {
        return load(jdbc.sql("""
                        select * from ops.incidents where opened_at >= ? or resolved_at is null
                         order by opened_at desc limit ?""").params(Timestamp.from(since), Math.clamp(limit, 1, 500)));
    }

    private List<IncidentView> load(JdbcClient.StatementSpec query) {
        var rows = query.query().listOfRows();
        if (rows.isEmpty()) {
            return List.of();
        }
        var ids = rows.stream().map(r -> (UUID) r.get("id")).toArray(UUID[]::new);
        var updates = new HashMap<UUID, List<IncidentView.Update>>();
        jdbc.sql("""
                select * from ops.incident_updates where incident_id = any(?) order by posted_at, id""")
                .param(ids)
                .query((rs, i) -> updates.computeIfAbsent(
                                rs.getObject("incident_id", UUID.class), k -> new ArrayList<>())
                        .add(new IncidentView.Update(
                                rs.getObject("id", UUID.class),
                                rs.getTimestamp("posted_at").toInstant(),
                                rs.getString("kind"),
                                rs.getString("message"))))
                .list();
        return rows.stream()
                .map(r -> {
                    UUID id = (UUID) r.get("id");
                    var resolved = (Timestamp) r.get("resolved_at");
                    return new IncidentView(
                            id,
                            Arrays.asList(((String) r.get("causes")).split(",")),
                            ((Timestamp) r.get("opened_at")).toInstant(),
                            resolved == null ? null : resolved.toInstant(),
                            List.copyOf(updates.getOrDefault(id, List.of())));
                })
                .toList();
    }
}
