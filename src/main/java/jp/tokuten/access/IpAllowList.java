package jp.tokuten.access;

import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import jp.tokuten.access.InvalidAccessSettingsException.Problem;
import jp.tokuten.platform.ClientAddresses;
import jp.tokuten.shared.RecentAnswers;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tenant's IP allow-list for its admin console and tenant API. No entries: no restriction. Every change
 * runs under a per-tenant lock and is refused when the resulting list would exclude the address the change
 * comes from (no locking yourself out). Matching is PostgreSQL's {@code cidr >>= inet}.
 */
@Service
public class IpAllowList {

    /** More entries than this are refused: an allow-list this long is no longer a restriction. */
    public static final int MAX_ENTRIES = 100;

    public static final int MAX_NOTE_LENGTH = 100;

    /** One entry as given to {@link #replace}. */
    public record NewEntry(@Nullable String cidr, @Nullable String note) {}

    private static final Logger log = LoggerFactory.getLogger(IpAllowList.class);
    private static final String ALLOWS = """
            select not exists (select 1 from access.ip_allowlist_entries)
                or exists (select 1 from access.ip_allowlist_entries where network >>= cast(? as inet))""";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final RecentAnswers<String, Boolean> recent;

    IpAllowList(
            JdbcClient jdbc,
            TransactionTemplate tx,
            Clock clock,
            @Value("${tokuten.access-checks.recheck-after:PT5S}") java.time.Duration recheckAfter) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.recent = new RecentAnswers<>(recheckAfter, 10_000);
    }

    /**
     * Whether {@code client} may use the bound tenant's admin console and API: the list is empty or has it.
     * The answer is reused for {@code tokuten.access-checks.recheck-after} (5 s) on this node: a change made
     * here applies at once, one made on another node within that time (decision 128).
     */
    public boolean allows(InetAddress client) {
        TenantId tenant = TenantBinder.required();
        String address = ClientAddresses.format(client);
        return recent.get(
                tenant + " " + address,
                () -> Boolean.TRUE.equals(tx.execute(s ->
                        jdbc.sql(ALLOWS).param(address).query(Boolean.class).single())),
                answer -> true);
    }

    /** The bound tenant's list. */
    public List<AllowListEntry> entries() {
        TenantBinder.required();
        return tx.execute(s -> list());
    }

    /**
     * Adds one network.
     *
     * @throws InvalidAccessSettingsException for a bad block or note, a duplicate or a full list
     * @throws LockoutRefusedException when the list would then exclude {@code changer}
     */
    public AllowListEntry add(@Nullable String cidr, @Nullable String note, InetAddress changer, ChangedBy by) {
        TenantId tenant = TenantBinder.required();
        var problems = new ArrayList<Problem>();
        AllowedNetwork network = AllowedNetwork.parse(cidr, "cidr", problems);
        String cleanNote = note(note, "note", problems);
        throwIfAny(problems);
        AllowListEntry added = tx.execute(s -> {
            lock(tenant);
            var existing = list();
            if (existing.stream().anyMatch(e -> e.cidr().equals(network.cidr()))) {
                throw invalid("cidr", "access.error.cidr.duplicate", network.cidr());
            }
            if (existing.size() >= MAX_ENTRIES) {
                throw invalid("cidr", "access.error.allowlist.full", String.valueOf(MAX_ENTRIES));
            }
            UUID id = insert(network, cleanNote, by);
            refuseLockout(changer);
            return list().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
        });
        log.info("IP allow-list of tenant {}: {} added {} (from {})", tenant, by, added.cidr(), format(changer));
        return added;
    }

    /**
     * Removes one network.
     *
     * @return false when the tenant has no such entry
     * @throws LockoutRefusedException when the remaining list would exclude {@code changer}
     */
    public boolean remove(UUID id, InetAddress changer, ChangedBy by) {
        TenantId tenant = TenantBinder.required();
        String removed = tx.execute(s -> {
            lock(tenant);
            String cidr = jdbc.sql("delete from access.ip_allowlist_entries where id = ? returning network::text")
                    .param(id)
                    .query(String.class)
                    .optional()
                    .orElse(null);
            if (cidr != null) {
                refuseLockout(changer);
            }
            return cidr;
        });
        if (removed == null) {
            return false;
        }
        log.info("IP allow-list of tenant {}: {} removed {} (from {})", tenant, by, removed, format(changer));
        return true;
    }

    /**
     * Replaces the whole list: entries already there keep their id and creation time.
     *
     * @throws InvalidAccessSettingsException naming every bad entry ({@code entries[2].cidr}); nothing saved
     * @throws LockoutRefusedException when the new list would exclude {@code changer}
     */
    public List<AllowListEntry> replace(List<NewEntry> wanted, InetAddress changer, ChangedBy by) {
        TenantId tenant = TenantBinder.required();
        var problems = new ArrayList<Problem>();
        if (wanted.size() > MAX_ENTRIES) {
            problems.add(new Problem("entries", "access.error.allowlist.full", List.of(String.valueOf(MAX_ENTRIES))));
            throwIfAny(problems);
        }
        Map<String, String> notesByCidr = new LinkedHashMap<>();
        Map<String, AllowedNetwork> networks = new LinkedHashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
            NewEntry e = wanted.get(i);
            String prefix = "entries[" + i + "].";
            if (e == null) {
                problems.add(new Problem(prefix + "cidr", "access.error.cidr.required", List.of()));
                continue;
            }
            AllowedNetwork n = AllowedNetwork.parse(e.cidr(), prefix + "cidr", problems);
            String note = note(e.note(), prefix + "note", problems);
            if (n != null && networks.putIfAbsent(n.cidr(), n) != null) {
                problems.add(new Problem(prefix + "cidr", "access.error.cidr.duplicate", List.of(n.cidr())));
            } else if (n != null) {
                notesByCidr.put(n.cidr(), note);
            }
        }
        throwIfAny(problems);
        record Change(List<String> added, List<String> removed, List<String> renoted) {}
        Change change = tx.execute(s -> {
            lock(tenant);
            var added = new ArrayList<String>();
            var removed = new ArrayList<String>();
            var renoted = new ArrayList<String>();
            for (AllowListEntry old : list()) {
                String note = notesByCidr.get(old.cidr());
                if (note == null) {
                    jdbc.sql("delete from access.ip_allowlist_entries where id = ?")
                            .param(old.id())
                            .update();
                    removed.add(old.cidr());
                } else {
                    if (!note.equals(old.note())) {
                        jdbc.sql("update access.ip_allowlist_entries set note = ? where id = ?")
                                .params(note, old.id())
                                .update();
                        renoted.add(old.cidr());
                    }
                    networks.remove(old.cidr());
                }
            }
            for (AllowedNetwork n : networks.values()) {
                insert(n, Objects.requireNonNull(notesByCidr.get(n.cidr())), by);
                added.add(n.cidr());
            }
            refuseLockout(changer);
            return new Change(added, removed, renoted);
        });
        if (!change.added().isEmpty()
                || !change.removed().isEmpty()
                || !change.renoted().isEmpty()) {
            log.info(
                    "IP allow-list of tenant {}: {} replaced the list (added {}, removed {}, notes changed {}; from {})",
                    tenant,
                    by,
                    change.added(),
                    change.removed(),
                    change.renoted(),
                    format(changer));
        }
        return entries();
    }

    private List<AllowListEntry> list() {
        return jdbc.sql("""
                select id, network::text as cidr, note, created_at
                  from access.ip_allowlist_entries order by network""")
                .query((rs, row) -> new AllowListEntry(
                        rs.getObject("id", UUID.class),
                        AllowedNetwork.canonical(rs.getString("cidr")),
                        rs.getString("note"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    private UUID insert(AllowedNetwork network, String note, ChangedBy by) {
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("""
                insert into access.ip_allowlist_entries (id, network, note, created_at, created_by)
                values (?, cast(? as cidr), ?, ?, ?)""")
                .params(id, network.cidr(), note, Timestamp.from(clock.instant()), by.toString())
                .update();
        return id;
    }

    /** Serialises changes of one tenant's list, so two admins cannot together lock everyone out. */
    /** Every change of a tenant's list starts here: one change at a time, and the kept answers forgotten. */
    private void lock(TenantId tenant) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("access.ip_allowlist:" + tenant)
                .query((rs, row) -> 1)
                .list();
        recent.changed();
    }

    private void refuseLockout(InetAddress changer) {
        boolean allowed = Boolean.TRUE.equals(
                jdbc.sql(ALLOWS).param(format(changer)).query(Boolean.class).single());
        if (!allowed) {
            throw new LockoutRefusedException(format(changer));
        }
    }

    private static String note(@Nullable String note, String field, List<Problem> problems) {
        String n = note == null ? "" : note.strip();
        if (n.codePointCount(0, n.length()) > MAX_NOTE_LENGTH) {
            problems.add(new Problem(field, "access.error.note.length", List.of(String.valueOf(MAX_NOTE_LENGTH))));
        } else if (n.codePoints().anyMatch(Character::isISOControl)) {
            problems.add(new Problem(field, "access.error.note.control", List.of()));
        }
        return n;
    }

    private static String format(InetAddress address) {
        return ClientAddresses.format(address);
    }

    private static InvalidAccessSettingsException invalid(String field, String code, String arg) {
        return new InvalidAccessSettingsException(List.of(new Problem(field, code, List.of(arg))));
    }

    private static void throwIfAny(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidAccessSettingsException(problems);
        }
    }
}
