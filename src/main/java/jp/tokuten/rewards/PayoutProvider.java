package jp.tokuten.rewards;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A provider that pays cash-like digital rewards (a payout of ¥N to a recipient), the seam for payout adapters.
 * Requests are idempotent by key: asking again with the same key answers the same payout. LINE Pay ended in
 * Japan in April 2025; tokuten ships {@link HttpPayoutProvider}, which speaks the protocol in
 * docs/modules/rewards.md. Failures to reach the provider or to trust its answer throw
 * {@link PayoutException}; the caller tries again later.
 */
public interface PayoutProvider {

    /** Asks for a payout; the same {@code idempotencyKey} again answers the same payout. */
    Payout request(PayoutRequest request);

    /** Where a payout stands now. */
    Payout status(String reference);

    /** A payout to ask for: ¥{@code amountYen} to the recipient's e-mail address. */
    record PayoutRequest(String idempotencyKey, long amountYen, String recipientEmail, String description) {
        @Override
        public String toString() {
            return "PayoutRequest[" + idempotencyKey + ", " + amountYen + " yen]";
        }
    }

    /** A payout as the provider reports it; {@code failureCode} says why it failed. */
    record Payout(
            String reference,
            Status status,
            long amountYen,
            @Nullable String failureCode) {}

    enum Status {
        PENDING,
        PAID,
        FAILED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The provider could not be reached, refused the request, or answered with something not to be trusted. */
    class PayoutException extends RuntimeException {
        public PayoutException(String message) {
            super(message);
        }

        public PayoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
