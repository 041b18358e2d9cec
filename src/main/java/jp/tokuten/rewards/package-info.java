/**
 * Rewards (景品): what happens after a win. One award per prize handed to an entrant, whatever decided it
 * (instant win, closed draw, everyone gets, points spent), and its kind's work: an address request with a
 * deadline for a physical prize, a code from the tenant's gift-code pool, a tokuten coupon, a payout through a
 * payout provider. Also the entrants' points, earned by approved receipts and spent on courses. Limits (one
 * code per winner, balances never below zero) are single conditional statements (docs/modules/rewards.md).
 *
 * <p>Depends on {@code tenancy} for the bound tenant (its event listeners bind the tenant an event carries),
 * {@code audit} for meaning entries, {@code identity} for entrants' e-mail addresses and the tenant's admins,
 * {@code coupons} to issue coupon prizes, {@code receipts} for the event an approved entry publishes (points),
 * {@code campaigns} for the campaigns its settings and pools belong to, {@code notifications} for e-mail, {@code jobs} for payouts made after commit, {@code privacy} to seal winners' addresses, and {@code shared} for
 * problems and ids. It never depends on {@code lottery}, which depends on it: it tells lottery things by events
 * ({@link jp.tokuten.rewards.AwardLapsed}).
 */
@ApplicationModule(
        allowedDependencies = {
            "tenancy",
            "audit",
            "identity",
            "coupons",
            "receipts",
            "campaigns",
            "notifications",
            "jobs",
            "privacy",
            "shared"
        })
@NullMarked
package jp.tokuten.rewards;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
