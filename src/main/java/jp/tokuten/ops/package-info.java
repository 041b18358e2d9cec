/**
 * Operations of the service (issue 14): maintenance windows, monitoring with alerts, availability, the
 * public status page and incidents ({@link jp.tokuten.ops.Monitoring}, {@link jp.tokuten.ops.Availability},
 * {@link jp.tokuten.ops.Incidents}), release notes from {@code CHANGELOG.md} ({@link jp.tokuten.ops.ReleaseNotes})
 * and the admin's page of plan usage. Operators schedule a window at least
 * seven days ahead, or an emergency one at any time ({@link jp.tokuten.ops.MaintenanceWindows}); tenant admins
 * are e-mailed when one is scheduled; admin and consumer pages show the notice; while a window is on,
 * consumer and admin pages and the tenant API answer 503 with {@code Retry-After}, while the operator
 * console and API, health and static files keep working ({@code MaintenanceGate}). Design:
 * {@code docs/modules/ops.md}.
 *
 * <p>Depends on {@code tenancy} and {@code identity} for the tenants and their admins, {@code notifications}
 * for the e-mail, {@code audit} for meaning entries, {@code platform} for filter order and problems, and
 * {@code shared} for {@code RecentAnswers} and API problems; monitoring reads {@code jobs} for the queue lag
 * and dead letters and {@code ocr} for the engine check; {@code files} gives the storage a tenant uses (its
 * plan page).
 */
@ApplicationModule(
        allowedDependencies = {
            "tenancy",
            "identity",
            "files",
            "notifications",
            "audit",
            "platform",
            "jobs",
            "ocr",
            "shared",
            "privacy"
        })
@NullMarked
package jp.tokuten.ops;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
