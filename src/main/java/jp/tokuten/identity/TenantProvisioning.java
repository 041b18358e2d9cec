package jp.tokuten.identity;

import java.util.Map;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.TenantStatus;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operators create tenants (the tenant, its first admin API key and the invitation of its first admin,
 * together or not at all), suspend and reactivate them. An entry point: it binds the tenant it is
 * creating for the key and the invitation. Every step is audited in the platform chain.
 */
@Service
public class TenantProvisioning {

    private static final Logger log = LoggerFactory.getLogger(TenantProvisioning.class);

    private final Tenants tenants;
    private final TenantBinder binder;
    private final ApiKeys apiKeys;
    private final TenantUserAdministration administration;
    private final AuditTrail audit;
    private final JdbcClient jdbc;

    TenantProvisioning(
            Tenants tenants,
            TenantBinder binder,
            ApiKeys apiKeys,
            TenantUserAdministration administration,
            AuditTrail audit,
            JdbcClient jdbc) {
        this.tenants = tenants;
        this.binder = binder;
        this.apiKeys = apiKeys;
        this.administration = administration;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /**
     * Creates the tenant and an admin API key for its provisioning automation.
     *
     * @throws jp.tokuten.tenancy.InvalidTenantException for an unacceptable slug or name
     * @throws jp.tokuten.tenancy.TenantSlugTakenException when the slug is in use
     */
    @Transactional
    public ProvisionedTenant provision(String slug, String name) {
        var tenant = create(slug, name);
        var key = binder.callAs(tenant.id(), () -> apiKeys.issueForBoundTenant("provisioning", TenantRole.ADMIN, null));
        return new ProvisionedTenant(tenant, key, null);
    }

    /**
     * Onboarding: creates the tenant and its provisioning key, and invites {@code adminEmail} as its first
     * admin at once (by e-mail when a mail server is configured; the invitation's link is in the answer).
     *
     * @throws AccountRequestException for an unusable e-mail address (field {@code adminEmail}); nothing
     *     is created
     * @throws jp.tokuten.tenancy.InvalidTenantException for an unacceptable slug or name
     * @throws jp.tokuten.tenancy.TenantSlugTakenException when the slug is in use
     */
    @Transactional
    public ProvisionedTenant provision(
            OperatorPrincipal operator, String slug, String name, @Nullable String adminEmail) {
        return onboard(operator, slug, name, adminEmail, true);
    }

    /**
     * Onboarding from the operator console: like {@link #provision(OperatorPrincipal, String, String,
     * String)} but without an API key (the tenant's admin issues keys when needed).
     */
    @Transactional
    public ProvisionedTenant onboard(
            OperatorPrincipal operator, String slug, String name, @Nullable String adminEmail) {
        return onboard(operator, slug, name, adminEmail, false);
    }

    private ProvisionedTenant onboard(
            OperatorPrincipal operator, String slug, String name, @Nullable String adminEmail, boolean withKey) {
        String email = adminEmail == null ? "" : adminEmail.strip();
        if (email.length() > 254 || !OperatorAdministration.EMAIL.matcher(email).matches()) {
            throw new AccountRequestException("adminEmail", "account.error.email");
        }
        var tenant = create(slug, name);
        return binder.callAs(tenant.id(), () -> {
            var key = withKey ? apiKeys.issueForBoundTenant("provisioning", TenantRole.ADMIN, null) : null;
            var invitation = administration.inviteFirstAdmin(operator, email);
            log.info("Operator {} created tenant {} and invited its first admin", operator.email(), tenant.slug());
            return new ProvisionedTenant(tenant, key, invitation);
        });
    }

    /**
     * Suspends an active tenant: its users cannot sign in (signed-in sessions end at their next request)
     * and its API keys are refused, until it is reactivated.
     *
     * @return false when there is no such tenant or it is not active
     */
    @Transactional
    public boolean suspend(OperatorPrincipal operator, TenantId tenant) {
        return changeStatus(operator, tenant, TenantStatus.ACTIVE, TenantStatus.SUSPENDED, "tenant.suspended");
    }

    /**
     * Reactivates a suspended tenant.
     *
     * @return false when there is no such tenant or it is not suspended
     */
    @Transactional
    public boolean reactivate(OperatorPrincipal operator, TenantId tenant) {
        return changeStatus(operator, tenant, TenantStatus.SUSPENDED, TenantStatus.ACTIVE, "tenant.reactivated");
    }

    /** How many active users the tenant has: one number, read without binding the tenant. */
    @Transactional(readOnly = true)
    public long userCount(TenantId tenant) {
        return jdbc.sql("select identity.user_count(?)")
                .param(tenant.value())
                .query(Long.class)
                .single();
    }

    private TenantView create(String slug, String name) {
        var tenant = tenants.create(slug, name);
        audit.record("tenant.created", null, Map.of("tenant", tenant.id().value(), "slug", tenant.slug()));
        return tenant;
    }

    private boolean changeStatus(
            OperatorPrincipal operator, TenantId id, TenantStatus from, TenantStatus to, String action) {
        if (TenantBinder.current().isPresent()) {
            throw new IllegalStateException("Tenant status changes are recorded in the platform chain");
        }
        var tenant = tenants.findById(id);
        if (tenant.isEmpty() || !tenants.changeStatus(id, from, to)) {
            return false;
        }
        audit.record(
                action,
                null,
                Map.of("tenant", id.value(), "slug", tenant.get().slug(), "operator", operator.getName()));
        log.info(
                "Operator {} set tenant {} to {}",
                operator.email(),
                tenant.get().slug(),
                to);
        return true;
    }
}
