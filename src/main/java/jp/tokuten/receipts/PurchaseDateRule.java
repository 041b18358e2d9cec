package jp.tokuten.receipts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.receipts.EntryJudgement.RuleResult;

/**
 * Every receipt is dated within the campaign's purchase period (both ends included; the upload grace
 * extends the entry period, not this one: decision 058).
 */
final class PurchaseDateRule implements Rule {

    static final String NAME = "purchase_date";
    private static final ReasonCode REASON = ReasonCode.PURCHASE_DATE_OUTSIDE_PERIOD;

    @Override
    public RuleResult check(CampaignView campaign, List<JudgedReceipt> receipts) {
        List<String> dates = new ArrayList<>();
        boolean unsure = false;
        boolean outside = false;
        for (JudgedReceipt r : receipts) {
            LocalDate day = r.purchaseDate();
            dates.add(day == null ? "?" : day.toString());
            if (day == null || !r.sure("purchasedAt")) {
                unsure = true;
            } else if (!campaign.purchasePeriod().contains(day)) {
                outside = true;
            }
        }
        String value = String.join(", ", dates);
        if (outside) {
            return Rule.fail(NAME, REASON, value);
        }
        return unsure ? Rule.unsure(NAME, REASON, value) : Rule.pass(NAME, value);
    }
}
