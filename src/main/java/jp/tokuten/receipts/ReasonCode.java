package jp.tokuten.receipts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why an entry was rejected or sent to review: a fixed list, each with a message an entrant can act on
 * (message key {@code entry.reason.<code>} in {@code i18n/judgement}) and a stable {@link #code()} that the
 * API, filters and CSV use.
 */
public enum ReasonCode {
    /** The purchase date is outside the campaign's purchase period. */
    PURCHASE_DATE_OUTSIDE_PERIOD,
    /** No target product (or not enough of it) on the receipts. */
    NO_TARGET_ITEM,
    /** The receipts' summed total is below the campaign's minimum. */
    BELOW_MINIMUM_AMOUNT,
    /** The store is not one of the campaign's stores, chains or prefectures. */
    STORE_NOT_ELIGIBLE,
    /** Nothing could be read from a photo: a new photo can fix it. */
    UNREADABLE_IMAGE,
    /** The same receipt was already sent by someone in the tenant. */
    DUPLICATE_RECEIPT,
    /** The entrant has made as many entries as the campaign allows (per day or in total). */
    ENTRANT_LIMIT_REACHED,
    /** The photo looks edited, or like a photo of a screen. */
    SUSPECTED_EDITED_IMAGE,
    /** A deciding field was not read surely enough: a person reviews it. */
    LOW_CONFIDENCE,
    /** Many entrants share one identity signal (device, address): a person reviews it. */
    SHARED_IDENTITY,
    /** A reviewer's own reason that fits none of the others. */
    OTHER;

    /** The stable lower_snake code. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The message key of the text an entrant reads. */
    public String messageKey() {
        return "entry.reason." + code();
    }

    /** Whether a new photo of the receipt can fix a rejection for this reason (the entrant may resubmit). */
    public boolean fixableByNewPhoto() {
        return this == UNREADABLE_IMAGE || this == LOW_CONFIDENCE;
    }

    /** The reason of this code, if it is one. */
    public static Optional<ReasonCode> of(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
    }
}
