package jp.tokuten.rewards;

import java.util.UUID;
import jp.tokuten.tenancy.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * A winner let an award's deadline pass (a physical prize's address was not given in time): the award is now
 * {@code voided}. Published by the delivery deadline job in the transaction that voids the award, with the
 * tenant bound; {@code lottery} listens and may re-draw the prize. Listeners bind {@link #tenant()}.
 */
public record AwardLapsed(
        TenantId tenant,
        UUID awardId,
        UUID campaignId,
        UUID courseId,
        UUID prizeId,
        UUID entrantId,
        @Nullable UUID entryId,
        NewAward.Source source) {}
