package jp.tokuten.receipts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An entry (応募) to a campaign as the bound tenant sees it.
 *
 * @param status {@code pending} (being read and judged), {@code approved}, {@code rejected} or {@code review}
 * @param reasons reason codes from the fixed list (docs/api.md), empty when approved
 * @param submissions the entry's receipts, in the order they were sent
 * @param decidedBy the tenant user who decided it, null when judged automatically or not yet judged
 * @param totalYen the sum of its receipts' totals as read and corrected, kept when it was approved (null before
 *     that; receipts without a total count 0)
 */
public record EntryView(
        UUID id,
        UUID campaignId,
        UUID entrantId,
        @Nullable UUID detailsId,
        String status,
        List<String> reasons,
        List<UUID> submissions,
        @Nullable UUID resubmissionOf,
        @Nullable UUID decidedBy,
        Instant createdAt,
        @Nullable Instant judgedAt,
        @Nullable Long totalYen) {}
