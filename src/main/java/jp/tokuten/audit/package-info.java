/**
 * Audit: the append-only, hash-chained audit log of every tenant and of the platform.
 *
 * <p>Every INSERT, UPDATE and DELETE on a registered table is recorded below the application by one
 * trigger that {@code platform.register_tenant_table} and {@code register_platform_table} attach (see
 * {@code db/migration/audit}). Use cases add meaning entries (an action with a human reason) through
 * {@link jp.tokuten.audit.AuditTrail} in their own transaction. Writers never wait for the chain: a
 * sealer job links committed entries into their tenant's chain shortly after commit.
 * {@link jp.tokuten.audit.AuditVerification} (and {@code tokuten audit verify}) recomputes the chains;
 * {@link jp.tokuten.audit.AuditLog} lets a tenant read and export its own entries.
 *
 * <p>Depends on {@code tenancy} to name the actor of each request ({@code ActorBinder}) and to read a
 * tenant's entries under its binding, and on {@code platform} for the order of the request filters (the
 * access log comes after the trusted-proxy filter, {@code FilterOrders}).
 */
@ApplicationModule(allowedDependencies = {"tenancy", "platform", "shared"})
@NullMarked
package jp.tokuten.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
