/**
 * Campaigns (キャンペーン): a tenant's receipt campaigns, their periods, eligibility rules (purchase window,
 * stores, target products, minimum total), per-entrant limits, entry form fields and landing page, and
 * their life cycle draft → open → closed → archived. Judging entries against these rules happens in
 * {@code receipts}, which reads a campaign through {@link jp.tokuten.campaigns.Campaigns}.
 *
 * <p>Depends on {@code tenancy} for the bound tenant and {@code shared} for problems and ids.
 */
@ApplicationModule(allowedDependencies = {"tenancy", "shared"})
@NullMarked
package jp.tokuten.campaigns;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
