/**
 * Platform: the infrastructure every module stands on and nothing more. It starts the embedded
 * PostgreSQL (or connects to an external one), ensures the restricted runtime role, runs each module's
 * Flyway migrations as the owner, and hands the application a {@code DataSource} that logs in as the
 * runtime role. It also owns the schema helpers ({@code platform.register_tenant_table}), the
 * application {@link java.time.Clock}, request ids, the locale rules of the web pages and the service keys
 * from configuration ({@code ServiceKeys}: base64 of 32 bytes, or a generated file for the embedded demo).
 *
 * It renders API errors ({@code Problems}) as problem JSON in the caller's language, maps the framework's
 * own errors to stable codes ({@code ProblemAdvice}) and answers the container's {@code /error} dispatch
 * ({@code ErrorPages}): problem JSON under {@code /api/}, an error page for browsers elsewhere.
 *
 * <p>It depends only on {@code shared} (for {@code ProblemException}).
 */
@ApplicationModule(allowedDependencies = {"shared"})
@NullMarked
package jp.tokuten.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
