package jp.tokuten.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.privacy.PersonalData;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bound tenant's entrants and the personal data they give with their entries. Personal data lives
 * only in this module's tables (decision 059), so other modules keep the ids this class hands out.
 */
@Service
public class Entrants {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final PersonalData personalData;

    Entrants(JdbcClient jdbc, JsonMapper json, Clock clock, PersonalData personalData) {
        this.jdbc = jdbc;
        this.personalData = personalData;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The entrant with this e-mail address (compared without case), created when new. The caller has
     * verified the address (a one-time code, or a tenant system that vouches for it through the API).
     */
    @Transactional
    public EntrantView findOrCreateByEmail(String email) {
        TenantBinder.required();
        String address = email.strip();
        byte[] lookup = personalData.lookupHash(address);
        var found = byEmail(address, lookup);
        if (found.isPresent()) {
            return found.get();
        }
        jdbc.sql("""
                        insert into identity.entrants (id, email_sealed, email_lookup, created_at) values (?, ?, ?, ?)
                        on conflict (tenant_id, email_lookup) do nothing""")
                .params(TimeOrderedIds.next(clock), personalData.seal(address), lookup, Timestamp.from(clock.instant()))
                .update();
        return byEmail(address, lookup).orElseThrow();
    }

    /** By the keyed hash of the address, or (a row written before the encryption, not yet sealed) by the address. */
    private Optional<EntrantView> byEmail(String address, byte[] lookup) {
        return jdbc.sql("""
                        select * from identity.entrants where email_lookup = ?
                        union all
                        select * from identity.entrants where email_key = lower(?)
                        limit 1""").params(lookup, address).query(this::view).optional();
    }

    @Transactional(readOnly = true)
    public Optional<EntrantView> find(UUID id) {
        return jdbc.sql("select * from identity.entrants where id = ?")
                .param(id)
                .query(this::view)
                .optional();
    }

    /** Keeps the fields an entrant filled in on an entry form; returns the id entries refer to. */
    @Transactional
    public UUID saveDetails(UUID entrant, Map<String, String> fields) {
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("""
                        insert into identity.entrant_details (id, entrant_id, fields_sealed, created_at)
                        values (?, ?, ?, ?)""")
                .params(
                        id,
                        entrant,
                        personalData.seal(json.writeValueAsString(fields)),
                        Timestamp.from(clock.instant()))
                .update();
        return id;
    }

    /** The fields kept by {@link #saveDetails} (their order is the campaign form's, not kept here). */
    @Transactional(readOnly = true)
    public Map<String, String> details(UUID id) {
        return jdbc.sql("select fields_sealed, fields from identity.entrant_details where id = ?")
                .param(id)
                .query((rs, n) -> detailsJson(rs.getBytes(1), rs.getString(2)))
                .optional()
                .map(f -> json.readValue(f, new TypeReference<LinkedHashMap<String, String>>() {}))
                .map(m -> (Map<String, String>) m)
                .orElse(Map.of());
    }

    /**
     * The JSON of an entry form's fields as {@code identity.entrant_details} keeps them: sealed (issue 14), or
     * in plain text in a row written before and not yet sealed. For readers of that table in other modules.
     */
    public String detailsJson(byte @Nullable [] sealed, @Nullable String plain) {
        if (sealed != null) {
            return java.util.Objects.requireNonNull(personalData.open(sealed));
        }
        return plain == null ? "{}" : plain;
    }

    /** An entrant row ({@code select e.*}) as a view, its e-mail address opened. */
    EntrantView view(ResultSet rs, int row) throws SQLException {
        return new EntrantView(
                rs.getObject("id", UUID.class),
                emailOf(rs.getBytes("email_sealed"), rs.getString("email")),
                rs.getBoolean("blocked"),
                rs.getTimestamp("created_at").toInstant());
    }

    /**
     * An entrant's e-mail address as {@code identity.entrants} keeps it: sealed (issue 14), or in plain text in
     * a row written before and not yet sealed. For readers of that table in other modules.
     */
    public String emailOf(byte @Nullable [] sealed, @Nullable String plain) {
        if (sealed != null) {
            return java.util.Objects.requireNonNull(personalData.open(sealed));
        }
        return plain == null ? "" : plain;
    }
}
