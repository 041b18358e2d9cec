package jp.tokuten.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.CompactIds;
import jp.tokuten.shared.Secrets;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenant API keys. A key reads {@code tk_<tenant id, 32 hex>_<secret>}: the tenant part lets the key be
 * checked inside its own tenant (row-level security stays on), and only a SHA-256 of the secret is
 * stored.
 */
@Service
public class ApiKeys {

    private static final Pattern KEY = Pattern.compile("tk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})");

    private final JdbcClient jdbc;
    private final TenantBinder binder;
    private final Tenants tenants;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Clock clock;

    ApiKeys(
            JdbcClient jdbc,
            TenantBinder binder,
            Tenants tenants,
            TransactionTemplate tx,
            AuditTrail audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.binder = binder;
        this.tenants = tenants;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
    }

    /** A key as the admin console lists it: never the secret. */
    public record ApiKeySummary(
            UUID id,
            String name,
            TenantRole role,
            java.time.Instant createdAt,
            java.time.@Nullable Instant lastUsedAt,
            java.time.@Nullable Instant revokedAt) {}

    public java.util.List<ApiKeySummary> list(TenantId tenant) {
        return binder.callAs(
                tenant,
                () -> tx.execute(status -> jdbc.sql("""
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
                        .list()));
    }

    /** A tenant admin issues a key with a role; the key is returned once. */
    public IssuedApiKey issue(TenantUserPrincipal actor, String name, TenantRole role) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100) {
            throw new AccountRequestException("name", "apiKeys.error.name", 100);
        }
        return binder.callAs(
                actor.tenantId(), () -> tx.execute(status -> issueForBoundTenant(n, role, actor.userId())));
    }

    /** Revokes a key of the actor's tenant; it stops working at once. */
    public void revoke(TenantUserPrincipal actor, UUID keyId) {
        binder.runAs(
                actor.tenantId(),
                () -> tx.executeWithoutResult(status -> {
                    int revoked = jdbc.sql(
                                    "update identity.api_keys set revoked_at = ? where id = ? and revoked_at is null")
                            .params(Timestamp.from(clock.instant()), keyId)
                            .update();
                    if (revoked != 1) {
                        throw new AccountRequestException("key", "apiKeys.error.notFound");
                    }
                    audit.record("api_key.revoked", null, Map.of("key", keyId));
                }));
    }

    /** Issues a key for the bound tenant. Must run with that tenant bound. */
    IssuedApiKey issueForBoundTenant(String name, TenantRole role, @Nullable UUID createdBy) {
        TenantId tenant = TenantBinder.current().orElseThrow(() -> new IllegalStateException("No tenant bound"));
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

    /**
     * The principal for a presented key, if it is well-formed, not revoked and its tenant is active.
     * Records when the key was last used.
     */
    public Optional<ApiKeyPrincipal> authenticate(String presented) {
        var m = KEY.matcher(presented);
        if (!m.matches()) {
            return Optional.empty();
        }
        var tenantId = new TenantId(CompactIds.fromHex(m.group(1)));
        Optional<TenantView> tenant = tenants.findById(tenantId).filter(TenantView::isActive);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = Secrets.sha256(m.group(2));
        return binder.callAs(
                tenantId,
                () -> tx.execute(status -> jdbc.sql("""
                        update identity.api_keys set last_used_at = ?
                         where secret_sha256 = ? and revoked_at is null
                        returning id, name, role""")
                        .params(Timestamp.from(clock.instant()), digest)
                        .query((rs, row) -> new ApiKeyPrincipal(
                                tenantId,
                                rs.getObject("id", UUID.class),
                                rs.getString("name"),
                                TenantRole.fromDb(rs.getString("role"))))
                        .optional()));
    }
}
