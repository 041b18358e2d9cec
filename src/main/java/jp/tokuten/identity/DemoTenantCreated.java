package jp.tokuten.identity;

import jp.tokuten.tenancy.TenantId;

/**
 * The demo tenant was just created on a first run. Published with that tenant bound, to listeners that
 * run at once (plain {@code @EventListener}s) and give it sample data on the bound tenant.
 */
public record DemoTenantCreated(TenantId tenant) {}
