package jp.tokuten.coupons;

import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Acquisitions under the rate limits per holder and per source address ({@link CouponRateLimits}), every
 * request counted once whatever its answer. When only the holder is counted (the API, whose caller is the
 * tenant's own server), the count is one statement of the acquisition's own transaction; a refusal rolls
 * it back with the rest, so a refused request is then counted in a transaction of its own (which also
 * answers 429 and reports the first refusal of a window). With a source address the count comes first, in
 * its own transaction, as before: one address's row would otherwise stay locked through each of its
 * holders' acquisitions. Decision 153.
 */
@Component
public class LimitedAcquisitions {

    private final Acquisitions acquisitions;
    private final CouponRateLimits limits;

    LimitedAcquisitions(Acquisitions acquisitions, CouponRateLimits limits) {
        this.acquisitions = acquisitions;
        this.limits = limits;
    }

    /** One acquisition of the coupon by the holder, from the source address (null: not counted by source). */
    public InstanceView acquire(UUID coupon, String holder, @Nullable String source) {
        if (source != null) {
            limits.acquisition(source, holder);
            return acquisitions.acquire(coupon, holder);
        }
        try {
            return acquisitions.acquireCounted(coupon, holder);
        } catch (ProblemException refused) {
            limits.acquisition(null, holder); // counted again, on its own: answers 429 when over the limit
            throw refused;
        }
    }
}
