package jp.tokuten.rewards;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An award as stored: who won what, by which mechanic, where its delivery stands. {@code giftCode} is the code
 * handed to the winner (a secret: shown to its winner only, never logged; {@link #toString()} leaves it out);
 * {@code couponCode} the tokuten coupon instance issued; {@code deadline} when an address request lapses;
 * {@code payoutReference} the payout provider's id of the payout; {@code voidedReason} why an award was voided
 * (or a payout failed).
 */
public record AwardView(
        UUID id,
        UUID campaignId,
        UUID courseId,
        UUID prizeId,
        UUID entrantId,
        @Nullable UUID entryId,
        NewAward.Source source,
        NewAward.Kind kind,
        String prizeName,
        long valueYen,
        Status status,
        @Nullable Instant deadline,
        @Nullable UUID giftCodePoolId,
        @Nullable String giftCode,
        @Nullable UUID couponId,
        @Nullable UUID couponInstanceId,
        @Nullable String couponCode,
        @Nullable Long payoutYen,
        @Nullable String payoutReference,
        @Nullable String voidedReason,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * Where an award stands: a physical prize goes {@code address_requested} → {@code address_given} →
     * {@code shipped} → {@code delivered}, or {@code voided}; gift codes and coupons are {@code delivered} when
     * granted; a payout is {@code payout_pending} until the provider pays ({@code delivered}) or refuses
     * ({@code payout_failed}).
     */
    public enum Status {
        WON,
        ADDRESS_REQUESTED,
        ADDRESS_GIVEN,
        SHIPPED,
        DELIVERED,
        VOIDED,
        PAYOUT_PENDING,
        PAYOUT_FAILED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Status> of(String code) {
            for (Status s : values()) {
                if (s.code().equals(code)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "AwardView[id=" + id + ", campaignId=" + campaignId + ", prizeId=" + prizeId + ", entrantId="
                + entrantId + ", kind=" + kind.code() + ", status=" + status.code()
                + (giftCode == null ? "" : ", giftCode=(secret)") + "]";
    }
}
