/**
 * Operator console shell ({@code /operator}): the security chain (operator sign-in with a session),
 * layout and navigation of the platform staff's pages. Operators see no tenant data here; they see the
 * tenant list, and one tenant's record and usage (counts, never rows); they onboard, suspend and
 * reactivate tenants.
 *
 * <p>Depends on {@code identity} for sign-in and onboarding, {@code tenancy} for the tenant list,
 * {@code files} for a tenant's storage used, {@code ops} for the availability on the dashboard, {@code platform} for the shared response headers and
 * {@code shared} for API problems.
 */
@ApplicationModule(allowedDependencies = {"identity", "tenancy", "platform", "files", "ops", "shared"})
@NullMarked
package jp.tokuten.operator;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
