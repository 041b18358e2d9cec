package jp.tokuten.lottery;

import java.util.UUID;
import jp.tokuten.receipts.CampaignEntries;
import jp.tokuten.receipts.EntryView;
import jp.tokuten.rewards.NewAward;
import org.jspecify.annotations.Nullable;

/** What every mechanic shares about a win: the award handed to rewards, and what counts against a least amount. */
final class Wins {

    private Wins() {}

    /** The award of one prize of a course to an entrant (and the entry that won it, if any). */
    static NewAward award(
            CourseView course, PrizeView prize, UUID entrantId, @Nullable UUID entryId, NewAward.Source source) {
        return new NewAward(
                course.campaignId(),
                course.id(),
                prize.id(),
                entrantId,
                entryId,
                source,
                NewAward.Kind.of(prize.kind().code()).orElseThrow(),
                prize.name(),
                prize.valueYen(),
                prize.giftCodePoolId(),
                prize.couponId(),
                prize.payoutYen());
    }

    /**
     * What counts against a course's least receipt amount (decision 150): the entry's total as kept at its
     * approval, or for chances per entrant the totals of all the entrant's approved entries to the campaign.
     */
    static long qualifyingTotal(CampaignEntries entries, CourseView course, EntryView entry) {
        if (course.chancesPer() != ChancesPer.ENTRANT) {
            return entry.totalYen() == null ? 0 : entry.totalYen();
        }
        return entries.ofEntrant(entry.entrantId(), entry.campaignId()).stream()
                .filter(e -> "approved".equals(e.status()) && e.totalYen() != null)
                .mapToLong(EntryView::totalYen)
                .sum();
    }
}
