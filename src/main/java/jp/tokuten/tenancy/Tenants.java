package jp.tokuten.tenancy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import jp.tokuten.shared.RecentAnswers;
import jp.tokuten.shared.TimeOrderedIds;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The tenants of this deployment: creation by operators and look-up for tenant resolution. */
@Service
public class Tenants {

    static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");
    /** Slugs that would read as part of tokuten itself in URLs, mails and host names. */
    static final Set<String> RESERVED = Set.of(
            "admin",
            "api",
            "operator",
            "c",
            "www",
            "static",
            "assets",
            "css",
            "js",
            "images",
            "actuator",
            "status",
            "login",
            "logout",
            "tokuten",
            "support",
            "help",
            "mail",
            "line",
            "liff");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RecentAnswers<TenantId, Optional<TenantView>> recent;

    Tenants(
            JdbcClient jdbc,
            Clock clock,
            @Value("${tokuten.access-checks.recheck-after:PT5S}") java.time.Duration recheckAfter) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.recent = new RecentAnswers<>(recheckAfter, 10_000);
    }

    /**
     * Creates an active tenant.
     *
     * @throws InvalidTenantException when the slug or name is not acceptable
     * @throws TenantSlugTakenException when another tenant has the slug
     */
    @Transactional
    public TenantView create(String slug, String displayName) {
        String s = slug == null ? "" : slug.strip();
        if (!SLUG.matcher(s).matches()) {
            throw new InvalidTenantException("slug", "tenant.error.slug", 40);
        }
        if (RESERVED.contains(s)) {
            throw new InvalidTenantException("slug", "tenant.error.slugReserved", s);
        }
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > 200) {
            throw new InvalidTenantException("name", "tenant.error.name", 200);
        }
        var id = new TenantId(TimeOrderedIds.next(clock));
        Instant now = clock.instant();
        try {
            jdbc.sql("""
                    insert into tenancy.tenants (id, slug, display_name, created_at, updated_at)
                    values (?, ?, ?, ?, ?)""")
                    .params(id.value(), s, name, java.sql.Timestamp.from(now), java.sql.Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new TenantSlugTakenException(s);
        }
        return findById(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<TenantView> findBySlug(String slug) {
        return jdbc.sql("select * from tenancy.tenants where slug = ?")
                .param(slug.toLowerCase(Locale.ROOT))
                .query(Tenants::map)
                .optional();
    }

    @Transactional(readOnly = true)
    public Optional<TenantView> findById(TenantId id) {
        return jdbc.sql("select * from tenancy.tenants where id = ?")
                .param(id.value())
                .query(Tenants::map)
                .optional();
    }

    /**
     * The tenant as this node read it at most {@code tokuten.access-checks.recheck-after} ago (5 s): for the
     * checks every API call makes. A status change made on this node is seen at once, one made on another
     * node within that time (decision 128).
     */
    public Optional<TenantView> findByIdRecently(TenantId id) {
        // a platform table: readable without a bound tenant or a transaction
        return recent.get(
                id,
                () -> jdbc.sql("select * from tenancy.tenants where id = ?")
                        .param(id.value())
                        .query(Tenants::map)
                        .optional(),
                Optional::isPresent);
    }

    @Transactional(readOnly = true)
    public List<TenantView> list() {
        return jdbc.sql("select * from tenancy.tenants order by created_at, slug")
                .query(Tenants::map)
                .list();
    }

    /**
     * Moves a tenant from status {@code from} to {@code to} (an operator suspends or reactivates it); a
     * suspended tenant's users cannot sign in and its keys are refused.
     *
     * @return false when there is no such tenant or it was not in status {@code from}
     */
    @Transactional
    public boolean changeStatus(TenantId id, TenantStatus from, TenantStatus to) {
        boolean changed = jdbc.sql("update tenancy.tenants set status = ?, updated_at = ? where id = ? and status = ?")
                        .params(to.dbValue(), java.sql.Timestamp.from(clock.instant()), id.value(), from.dbValue())
                        .update()
                == 1;
        if (changed) {
            recent.changed();
        }
        return changed;
    }

    /** Puts a tenant on another plan ({@link Plans#assign} checks the plan). */
    @Transactional
    boolean changePlan(TenantId id, String plan) {
        boolean changed = jdbc.sql("update tenancy.tenants set plan = ?, updated_at = ? where id = ?")
                        .params(plan, java.sql.Timestamp.from(clock.instant()), id.value())
                        .update()
                == 1;
        if (changed) {
            recent.changed();
        }
        return changed;
    }

    @Transactional(readOnly = true)
    public long count() {
        return jdbc.sql("select count(*) from tenancy.tenants")
                .query(Long.class)
                .single();
    }

    private static TenantView map(ResultSet rs, int row) throws SQLException {
        return new TenantView(
                new TenantId(rs.getObject("id", java.util.UUID.class)),
                rs.getString("slug"),
                rs.getString("display_name"),
                rs.getString("plan"),
                TenantStatus.fromDb(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant());
    }
}
