package jp.tokuten.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.CompactIds;
import jp.tokuten.shared.RecentAnswers;
import jp.tokuten.shared.Secrets;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenant API keys. A key reads {@code tk_<tenant id, 32 hex>_<secret>}: the tenant part lets the key be
 * checked inside its own tenant (row-level security stays on), and only a SHA-256 of the secret is
 * stored. Every method acts on the bound tenant; the API key filter binds the tenant a key names before
 * it asks {@link #authenticate}.
 */
@Service
public class ApiKeys {

    /** How often at most a key's last use is written: a busy key costs one UPDATE a minute, not one a call. */
    static final java.time.Duration LAST_USE_PRECISION = java.time.Duration.ofMinutes(1);

    public static final int MAX_NAME_LENGTH = 100;

    private static final Pattern KEY = Pattern.compile("tk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})");

    private final JdbcClient jdbc;
    private final Tenants tenants;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Clock clock;
    /** Valid keys as this node checked them a moment ago, by tenant and digest (decision 128). */
    private final RecentAnswers<String, Optional<ApiKeyPrincipal>> recent;

    ApiKeys(
            JdbcClient jdbc,
            Tenants tenants,
            TransactionTemplate tx,
            AuditTrail audit,
            Clock clock,
            @Value("${tokuten.access-checks.recheck-after:PT5S}") java.time.Duration recheckAfter) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.recent = new RecentAnswers<>(recheckAfter, 10_000);
    }

    /** A key as the admin console lists it: never the secret. */
    public record ApiKeySummary(
            UUID id,
            String name,
            TenantRole role,
            java.time.Instant createdAt,
            java.time.@Nullable Instant lastUsedAt,
            java.time.@Nullable Instant revokedAt) {}

    /** The bound tenant's keys, active first, newest first. */
    public java.util.List<ApiKeySummary> list() {
        TenantBinder.required();
        return tx.execute(status -> jdbc.sql("""
                        select id, name, role, created_at, last_used_at, revoked_at
                          from identity.api_keys order by revoked_at is not null, created_at desc""")
                .query((rs, row) -> new ApiKeySummary(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        TenantRole.fromDb(rs.getString("role")),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("last_used_at") == null
                                ? null
                                : rs.getTimestamp("last_used_at").toInstant(),
                        rs.getTimestamp("revoked_at") == null
                                ? null
                                : rs.getTimestamp("revoked_at").toInstant()))
                .list());
    }

    /**
     * Issues a key of the bound tenant with a role; the key is returned once. {@code createdBy} is the
     * tenant user who asked, or null when an API key asked (the audit log names the actor either way).
     *
     * @throws AccountRequestException when the name is empty, too long or has control characters
     */
    public IssuedApiKey issue(@Nullable String name, TenantRole role, @Nullable UUID createdBy) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME_LENGTH || n.codePoints().anyMatch(Character::isISOControl)) {
            throw new AccountRequestException("name", "apiKeys.error.name", MAX_NAME_LENGTH);
        }
        TenantBinder.required();
        return tx.execute(status -> issueForBoundTenant(n, role, createdBy));
    }

    /**
     * Revokes a key of the bound tenant; it stops working at once on this node, and on the others within
     * {@code tokuten.access-checks.recheck-after} (decision 128).
     *
     * @throws AccountRequestException when the bound tenant has no such active key
     */
    public void revoke(UUID keyId) {
        TenantBinder.required();
        tx.executeWithoutResult(status -> {
            int revoked = jdbc.sql("update identity.api_keys set revoked_at = ? where id = ? and revoked_at is null")
                    .params(Timestamp.from(clock.instant()), keyId)
                    .update();
            if (revoked != 1) {
                throw new AccountRequestException("key", "apiKeys.error.notFound");
            }
            recent.changed();
            audit.record("api_key.revoked", null, Map.of("key", keyId));
        });
    }

    /** Issues a key for the bound tenant. Must run with that tenant bound. */
    IssuedApiKey issueForBoundTenant(String name, TenantRole role, @Nullable UUID createdBy) {
        TenantId tenant = TenantBinder.required();
        String secret = Secrets.randomToken(32);
        String key = "tk_" + CompactIds.toHex(tenant.value()) + "_" + secret;
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("""
                insert into identity.api_keys (id, name, secret_sha256, role, created_by, created_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(id, name, Secrets.sha256(secret), role.dbValue(), createdBy, Timestamp.from(clock.instant()))
                .update();
        audit.record("api_key.issued", null, Map.of("key", id, "name", name, "role", role.name()));
        return new IssuedApiKey(id, key);
    }

    /** The tenant a presented key names, if it is well-formed: what the API key filter binds. */
    public static Optional<TenantId> tenantOf(@Nullable String presented) {
        var m = KEY.matcher(presented == null ? "" : presented);
        return m.matches() ? Optional.of(new TenantId(CompactIds.fromHex(m.group(1)))) : Optional.empty();
    }

    /**
     * The principal for a presented key of the bound tenant, if it is well-formed, not revoked and the
     * tenant is active. Records when the key was last used, at most once per {@link #LAST_USE_PRECISION}
     * (one conditional UPDATE; the audit log leaves this column out, decision 045). A valid key's answer and
     * the tenant's status are reused for {@code tokuten.access-checks.recheck-after} (5 s) on this node, so a
     * busy key is not a transaction per call: a revocation or suspension made on this node applies at once,
     * one made on another node within that time (decision 128).
     */
    public Optional<ApiKeyPrincipal> authenticate(String presented) {
        var m = KEY.matcher(presented);
        if (!m.matches()) {
            return Optional.empty();
        }
        var tenantId = new TenantId(CompactIds.fromHex(m.group(1)));
        if (!TenantBinder.current().map(tenantId::equals).orElse(false)) {
            return Optional.empty();
        }
        if (tenants.findByIdRecently(tenantId).filter(TenantView::isActive).isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = Secrets.sha256(m.group(2));
        return recent.get(
                m.group(1) + ":" + HexFormat.of().formatHex(digest),
                () -> lookUp(tenantId, digest),
                Optional::isPresent);
    }

    /** Forgets the kept answers, as a change made here would: for tests that change rows behind its back. */
    void forgetRecentAnswers() {
        recent.changed();
    }

    private Optional<ApiKeyPrincipal> lookUp(TenantId tenantId, byte[] digest) {
        var now = clock.instant();
        return tx.execute(status -> jdbc.sql("""
                        with key as (
                            select id, name, role from identity.api_keys
                             where secret_sha256 = ? and revoked_at is null),
                        used as (
                            update identity.api_keys set last_used_at = ?
                             where id = (select id from key) and (last_used_at is null or last_used_at < ?))
                        select id, name, role from key""")
                .params(digest, Timestamp.from(now), Timestamp.from(now.minus(LAST_USE_PRECISION)))
                .query((rs, row) -> new ApiKeyPrincipal(
                        tenantId,
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        TenantRole.fromDb(rs.getString("role"))))
                .optional());
    }
}
