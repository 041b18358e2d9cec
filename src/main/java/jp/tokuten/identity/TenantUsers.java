package jp.tokuten.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The staff of a tenant, each with one role. Every method acts on the bound tenant. */
@Service
public class TenantUsers {

    private final JdbcClient jdbc;
    private final Tenants tenants;
    private final TransactionTemplate tx;
    private final Passwords passwords;
    private final PasswordPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    TenantUsers(
            JdbcClient jdbc,
            Tenants tenants,
            TransactionTemplate tx,
            Passwords passwords,
            PasswordPolicy policy,
            AuditTrail audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.tx = tx;
        this.passwords = passwords;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Adds a user to the bound tenant.
     *
     * @throws PasswordRejectedException when the password breaks the rules (single factor: 15+)
     */
    public UUID create(String email, String displayName, TenantRole role, String rawPassword) {
        TenantBinder.required();
        policy.check(rawPassword, false, java.util.List.of(email, displayName));
        String hash = passwords.hash(rawPassword);
        UUID id = TimeOrderedIds.next(clock);
        tx.executeWithoutResult(status -> jdbc.sql("""
                        insert into identity.tenant_users (id, email, display_name, password_hash, role, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(id, email.strip(), displayName, hash, role.dbValue(), Timestamp.from(clock.instant()))
                .update());
        return id;
    }

    /** The role of the bound tenant's user if the user and the tenant are both active; empty otherwise. */
    public Optional<TenantRole> activeRole(UUID userId) {
        TenantId tenant = TenantBinder.required();
        if (tenants.findById(tenant).filter(TenantView::isActive).isEmpty()) {
            return Optional.empty();
        }
        return tx.execute(
                status -> jdbc.sql("select role from identity.tenant_users where id = ? and status = 'active'")
                        .param(userId)
                        .query(String.class)
                        .optional()
                        .map(TenantRole::fromDb));
    }

    /** Whether the bound tenant's admins require every user to sign in with a second factor. */
    public boolean requiresSecondFactor() {
        TenantBinder.required();
        return tx.execute(status -> jdbc.sql("select require_totp from identity.tenant_sign_in_settings")
                .query(Boolean.class)
                .optional()
                .orElse(false));
    }

    /** Sets whether every user of the bound tenant must sign in with a second factor. */
    public void requireSecondFactor(boolean required) {
        TenantBinder.required();
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                            insert into identity.tenant_sign_in_settings (require_totp, updated_at) values (?, ?)
                            on conflict (tenant_id) do update set require_totp = excluded.require_totp,
                                                                  updated_at = excluded.updated_at""").params(required, Timestamp.from(clock.instant())).update();
            audit.record("tenant.second_factor_rule", null, java.util.Map.of("required", required));
        });
    }

    /**
     * The active user of the bound tenant, if it is active, with this e-mail and password. Costs the
     * same whether a tenant is bound, or the tenant or user exists, or not.
     */
    public Optional<TenantUserPrincipal> authenticate(String email, String rawPassword) {
        Optional<TenantView> tenant =
                TenantBinder.current().flatMap(tenants::findById).filter(TenantView::isActive);
        if (tenant.isEmpty()) {
            passwords.burnCheck(rawPassword);
            return Optional.empty();
        }
        TenantView t = tenant.get();
        record Stored(UUID id, String email, String displayName, String passwordHash, String role, String status) {}
        Optional<Stored> user = tx.execute(status -> jdbc.sql("""
                        select id, email, display_name, password_hash, role, status
                          from identity.tenant_users where lower(email) = ?""")
                .param(email.strip().toLowerCase(Locale.ROOT))
                .query(Stored.class)
                .optional());
        if (user.isEmpty()) {
            passwords.burnCheck(rawPassword);
            return Optional.empty();
        }
        Stored u = user.get();
        if (!passwords.matches(rawPassword, u.passwordHash()) || !u.status().equals("active")) {
            return Optional.empty();
        }
        return Optional.of(new TenantUserPrincipal(
                t.id(), t.slug(), u.id(), u.email(), u.displayName(), TenantRole.fromDb(u.role())));
    }
}
