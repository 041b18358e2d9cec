/**
 * Tenancy: the tenants (customer companies) of a deployment, and the one place where the current
 * tenant is bound for a unit of work. {@link jp.tokuten.tenancy.TenantBinder} sets it, and the
 * transaction manager defined here hands it to PostgreSQL ({@code set_config('tokuten.tenant_id', …,
 * true)}) at the start of every transaction, where row-level security enforces it. No tenant bound:
 * reads see nothing and writes fail.
 *
 * <p>Plans and limits ({@link jp.tokuten.tenancy.Plans}, {@link jp.tokuten.tenancy.PlanLimits}): the plan of
 * each tenant and its caps, counted caps taken in one conditional statement (decisions 145-147).
 *
 * <p>Depends on {@code platform} only through the database it prepared; it uses no other module.
 */
@ApplicationModule(allowedDependencies = {"shared"})
@NullMarked
package jp.tokuten.tenancy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
