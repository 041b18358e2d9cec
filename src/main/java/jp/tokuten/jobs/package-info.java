/**
 * Jobs: work that any live node may do and that must survive a node's death. A job is a row; a worker
 * on any node claims it with {@code FOR UPDATE SKIP LOCKED} and a lease, runs the {@link
 * jp.tokuten.jobs.JobHandler} for its type with the job's tenant bound, and marks it done. A failure is
 * retried with growing delays; after the last attempt the job is dead, listed for operators, who may
 * retry it. A worker that dies mid-job loses its lease and another worker takes the job over.
 *
 * <p>Depends on {@code tenancy} to bind a job's tenant.
 */
@ApplicationModule(allowedDependencies = {"tenancy", "shared"})
@NullMarked
package jp.tokuten.jobs;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
