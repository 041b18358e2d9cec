/**
 * Tenant staff console shell ({@code /admin}): the security chain (tenant user sign-in, the session
 * pinned to the tenant chosen there), the binding of that tenant for every request, layout and
 * navigation.
 *
 * <p>Depends on {@code identity} for sign-in, {@code tenancy} to bind and show the tenant and
 * {@code platform} for the shared response headers, {@code access} to refuse addresses outside the tenant's
 * IP allow-list, {@code shared} to give the layout's attributes to rendered pages ({@code PageAttributes}).
 */
@ApplicationModule(allowedDependencies = {"identity", "tenancy", "platform", "access", "shared"})
@NullMarked
package jp.tokuten.admin;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
