package jp.tokuten.receipts;

import java.time.Instant;
import java.util.UUID;
import jp.tokuten.tenancy.TenantId;

/**
 * An entry became approved, by the automatic judgement or by a reviewer: published in the transaction that
 * stores the approval, once per change to approved (an approved entry judged or approved again publishes
 * nothing), with the tenant bound. Listeners bind {@link #tenant()} and must be idempotent per entry: an entry
 * rejected after approval and approved again is published again.
 *
 * @param receipts how many receipts the entry has
 * @param totalYen the sum of its receipts' totals as read (and corrected), in yen; receipts without a total
 *     count 0
 * @param targetItems how many items of the campaign's target products the receipts carry (their quantities
 *     summed); 0 when the campaign names none
 */
public record EntryApproved(
        TenantId tenant,
        UUID entryId,
        UUID campaignId,
        UUID entrantId,
        int receipts,
        long totalYen,
        int targetItems,
        Instant approvedAt) {}
