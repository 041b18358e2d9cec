/**
 * Campaigns (キャンペーン): a tenant's receipt campaigns, their periods, eligibility rules (purchase window,
 * stores, target products, minimum total), per-entrant limits, entry form fields and landing page, and
 * their life cycle draft → open → closed → archived. Judging entries against these rules happens in
 * {@code receipts}, which reads a campaign through {@link jp.tokuten.campaigns.Campaigns}. Themes
 * ({@link jp.tokuten.campaigns.Themes}): the tenant's and each campaign's colours and custom CSS, sanitised
 * with ph-css and served to consumer pages as a stylesheet of our origin (decision 149).
 *
 * <p>Depends on {@code tenancy} for the bound tenant, {@code shared} for problems and ids, {@code audit} for
 * the meaning entries of its life-cycle steps, and {@code files} for the intake and keeping of the landing
 * page image. Its web package holds the campaign API, the admin console pages (campaigns, themes), the
 * public image of the landing page and the theme stylesheets.
 */
@ApplicationModule(allowedDependencies = {"tenancy", "identity", "audit", "files", "shared"})
@NullMarked
package jp.tokuten.campaigns;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
