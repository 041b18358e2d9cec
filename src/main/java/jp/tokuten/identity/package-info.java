/**
 * Identity: who is calling. Operators (platform staff) with passwords and API tokens, tenant users
 * with one role each, and tenant API keys. It provisions tenants (a tenant plus its first API key, in
 * one transaction) and seeds the demo tenant on an empty embedded database.
 *
 * <p>Depends on {@code tenancy} to find tenants and to bind one while reading its users and keys, and on
 * {@code notifications} to e-mail invitations, on {@code audit} to record what it did and why, and on
 * {@code privacy} to seal what entrants type on entry forms.
 */
@ApplicationModule(allowedDependencies = {"tenancy", "notifications", "audit", "privacy", "shared"})
@NullMarked
package jp.tokuten.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
