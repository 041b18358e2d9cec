/**
 * Consumer pages shell ({@code /c/{tenantSlug}/…}) and the public rest of the site: the security chain
 * for anonymous visitors, the resolution of the tenant from the URL (unknown or inactive tenant: 404,
 * never a default tenant), mobile-first layout.
 *
 * <p>Depends on {@code tenancy} to resolve and bind the tenant and {@code platform} for the shared
 * response headers, {@code access} for the tenant's optional Basic authentication of its pages; and, for
 * the entrant pages in {@code consumer.web} (campaign landing pages, sign-in, entering, results, my entries),
 * on {@code campaigns}, {@code identity} (entrants, their sign-in and sessions), {@code rewards} (their points
 * balances), {@code receipts} (entries), {@code lottery} (an approved entry's instant-win plays) and
 * {@code shared}.
 */
@ApplicationModule(
        allowedDependencies = {
            "tenancy",
            "platform",
            "access",
            "identity",
            "campaigns",
            "receipts",
            "rewards",
            "lottery",
            "shared"
        })
@NullMarked
package jp.tokuten.consumer;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
