/**
 * Digital coupons (デジタルクーポン): a tenant's coupons from draft to closed, handing them out (acquisition
 * under a total and a per-holder cap, issue to a known holder), the holders' instances, and redemption at
 * the counter (消し込み) that a retried request cannot count twice and a screenshot cannot fake, with
 * reversal. Caps, uses and budgets are enforced by the database, each in one conditional statement; the
 * total cap is split over stripes so that one hot coupon is not one hot row (docs/modules/coupons.md).
 *
 * <p>Depends on {@code tenancy} for the bound tenant, {@code audit} for meaning entries, {@code stores} for
 * the stores a coupon is used at (and their PINs and QR codes), {@code identity} for the demo tenant's first
 * run and for the holders' identity on their pages in {@code coupons.web} (the entrants' e-mail one-time code
 * and sessions), {@code platform} for the client address those pages' sign-in throttles by, {@code privacy}
 * to seal holders' references (looked up by keyed hash), and
 * {@code shared} for problems, ids and secrets.
 */
@ApplicationModule(allowedDependencies = {"tenancy", "audit", "stores", "identity", "platform", "privacy", "shared"})
@NullMarked
package jp.tokuten.coupons;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
