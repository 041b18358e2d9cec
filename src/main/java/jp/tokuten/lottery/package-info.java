/**
 * Lottery (抽選): a campaign's courses (A賞, B賞 …) with their prizes and stock, and how an entrant wins one:
 * an instant win (即時当選) decided on the server when an approved entry plays, paced so the stock lasts the
 * whole period; a closed draw after the period that anyone can verify; or everyone qualifies (もれなく).
 * Stock and wins per entrant are enforced by the database, each in one conditional statement; the stock is
 * split over stripes so that one hot course is not one hot row (docs/modules/lottery.md).
 *
 * <p>Depends on {@code campaigns} for a campaign's period (the pacing's horizon), {@code receipts} for the
 * entries that play and their status, {@code rewards} for what happens after a win (an award, handed over in
 * the same transaction), {@code identity} for entrants, {@code audit} for meaning entries, {@code tenancy}
 * for the bound tenant and {@code shared} for problems and ids.
 */
@ApplicationModule(
        allowedDependencies = {"campaigns", "receipts", "rewards", "identity", "audit", "tenancy", "platform", "shared"
        })
@NullMarked
package jp.tokuten.lottery;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
