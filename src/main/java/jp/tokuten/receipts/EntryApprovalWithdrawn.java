package jp.tokuten.receipts;

import java.time.Instant;
import java.util.UUID;
import jp.tokuten.tenancy.TenantId;

/**
 * An approved entry is no longer approved (rejected, or sent back to review, by a reviewer): published in the
 * transaction that stores the change, with the tenant bound, once per change away from approved. Listeners
 * bind {@link #tenant()} and must be idempotent per entry: the entry may be approved again
 * ({@link EntryApproved}) and withdrawn again. Rewards takes back the points it earned (decision 152).
 *
 * @param status what the entry is now: {@code rejected} or {@code review}
 */
public record EntryApprovalWithdrawn(
        TenantId tenant, UUID entryId, UUID campaignId, UUID entrantId, String status, Instant at) {}
