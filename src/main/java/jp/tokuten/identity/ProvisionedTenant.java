package jp.tokuten.identity;

import jp.tokuten.tenancy.TenantView;

/** A tenant created by an operator, with its first API key. */
public record ProvisionedTenant(TenantView tenant, IssuedApiKey apiKey) {}
