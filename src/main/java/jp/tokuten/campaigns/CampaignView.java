package jp.tokuten.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A campaign as its rules and pages need it. Dates are business dates in Asia/Tokyo, both ends included.
 *
 * @param uploadGraceDays days after the end of the entry period during which entries are still taken, so
 *     a receipt from the last day of the purchase period can still be sent (decision 058)
 * @param minimumTotal the least receipt total (summed over the entry's receipts) in yen, or null for none
 * @param stores names of the eligible stores; empty means any store (unless chains or prefectures say
 *     otherwise)
 * @param chains eligible chains (store chain names); empty means any
 * @param prefectures eligible prefectures; empty means any
 * @param targetProducts the products that qualify; empty means any product
 * @param previewToken the secret of the preview link that shows the landing page before it opens
 * @param fraudAction what a fraud signal does to an entry: {@code block} (reject) or {@code review}
 */
public record CampaignView(
        UUID id,
        String name,
        CampaignStatus status,
        Period purchasePeriod,
        Period entryPeriod,
        int uploadGraceDays,
        @Nullable Long minimumTotal,
        List<String> stores,
        List<String> chains,
        List<String> prefectures,
        List<TargetProduct> targetProducts,
        EntrantLimit perEntrantLimit,
        int receiptsPerEntry,
        List<FormField> formFields,
        String landingText,
        String terms,
        @Nullable UUID landingImage,
        String previewToken,
        String fraudAction,
        Instant createdAt,
        Instant updatedAt) {

    /** A period of business days, both ends included. */
    public record Period(LocalDate from, LocalDate to) {
        public boolean contains(LocalDate day) {
            return !day.isBefore(from) && !day.isAfter(to);
        }
    }

    /**
     * How many entries one entrant may make: per business day and in total; null means no limit.
     */
    public record EntrantLimit(
            @Nullable Integer perDay, @Nullable Integer total) {}

    /**
     * A product that qualifies, with the names it prints as on receipts (half-width kana, abbreviations) and
     * its JAN codes. An entry qualifies when its receipts carry at least {@code minimumQuantity} of it (and,
     * when set, at least {@code minimumAmount} yen of it).
     */
    public record TargetProduct(
            String name,
            List<String> aliases,
            List<String> janCodes,
            int minimumQuantity,
            @Nullable Long minimumAmount) {}

    /** Whether the campaign takes entries on the given business day: open, and within the entry period plus grace. */
    public boolean takesEntriesOn(LocalDate day) {
        return status == CampaignStatus.OPEN
                && !day.isBefore(entryPeriod.from())
                && !day.isAfter(entryPeriod.to().plusDays(uploadGraceDays));
    }
}
