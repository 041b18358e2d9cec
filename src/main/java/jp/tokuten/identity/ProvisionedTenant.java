package jp.tokuten.identity;

import jp.tokuten.tenancy.TenantView;
import org.jspecify.annotations.Nullable;

/**
 * A tenant created by an operator, with its first API key (for the provisioning API; none when created in
 * the console) and, when onboarding named one, the invitation of its first admin.
 */
public record ProvisionedTenant(
        TenantView tenant, @Nullable IssuedApiKey apiKey, TenantUserAdministration.@Nullable Invitation adminInvite) {}
