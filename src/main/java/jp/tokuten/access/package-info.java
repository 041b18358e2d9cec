/**
 * Access: per-tenant restrictions on who may reach a tenant's pages at all, before or beside sign-in.
 * A tenant's IP allow-list (IPv4/IPv6 CIDR blocks) for its admin console and tenant API, and HTTP Basic
 * authentication a tenant can switch on for its consumer pages (for example before launch). The shells
 * put {@link jp.tokuten.access.AccessRestrictions}' filters into their security chains; the settings are
 * edited on {@code /admin/settings/access} and through {@code /api/v1/settings/ip-allowlist}.
 *
 * <p>Depends on {@code platform} for the client address behind trusted proxies, {@code tenancy} to find
 * and bind the tenant whose settings apply, and {@code identity} to know which tenant user or API key is
 * calling and with which role.
 */
@ApplicationModule(allowedDependencies = {"platform", "tenancy", "identity", "shared"})
@NullMarked
package jp.tokuten.access;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
