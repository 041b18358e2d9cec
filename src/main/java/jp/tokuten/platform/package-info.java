/**
 * Platform: the infrastructure every module stands on and nothing more. It starts the embedded
 * PostgreSQL (or connects to an external one), ensures the restricted runtime role, runs each module's
 * Flyway migrations as the owner, and hands the application a {@code DataSource} that logs in as the
 * runtime role. It also owns the schema helpers ({@code platform.register_tenant_table}), the
 * application {@link java.time.Clock}, request ids and the locale rules of the web pages.
 *
 * <p>It depends on no other module.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package jp.tokuten.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
