/**
 * Campaigns (キャンペーン): a tenant's receipt campaigns, their periods, eligibility rules (purchase window,
 * stores, target products, minimum total), per-entrant limits, entry form fields and landing page, and
 * their life cycle draft → open → closed → archived. Judging entries against these rules happens in
 * {@code receipts}, which reads a campaign through {@link jp.tokuten.campaigns.Campaigns}.
 *
 * <p>Depends on {@code tenancy} for the bound tenant, {@code shared} for problems and ids, {@code audit} for
 * the meaning entries of its life-cycle steps, and {@code files} for the intake and keeping of the landing
 * page image. Its web package holds the campaign API, the admin console pages and the public image of the
 * landing page.
 */
@ApplicationModule(allowedDependencies = {"tenancy", "identity", "audit", "files", "shared"})
@NullMarked
package jp.tokuten.campaigns;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
