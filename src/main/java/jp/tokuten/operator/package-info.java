/**
 * Operator console shell ({@code /operator}): the security chain (operator sign-in with a session),
 * layout and navigation of the platform staff's pages. Operators see no tenant data here; they see the
 * tenant list.
 *
 * <p>Depends on {@code identity} for sign-in, {@code tenancy} for the tenant list and {@code platform}
 * for the shared response headers.
 */
@ApplicationModule(allowedDependencies = {"identity", "tenancy", "platform"})
@NullMarked
package jp.tokuten.operator;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
