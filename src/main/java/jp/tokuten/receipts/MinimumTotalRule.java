package jp.tokuten.receipts;

import java.math.BigDecimal;
import java.util.List;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.receipts.EntryJudgement.RuleResult;

/** The totals of the entry's receipts, summed, reach the campaign's minimum total (mall "buy ¥5,000 in total"). */
final class MinimumTotalRule implements Rule {

    static final String NAME = "minimum_total";
    private static final ReasonCode REASON = ReasonCode.BELOW_MINIMUM_AMOUNT;

    @Override
    public RuleResult check(CampaignView campaign, List<JudgedReceipt> receipts) {
        BigDecimal sum = BigDecimal.ZERO;
        boolean unsure = false;
        for (JudgedReceipt r : receipts) {
            if (r.total() == null) {
                unsure = true;
            } else {
                sum = sum.add(r.total());
                unsure |= !r.sure("total");
            }
        }
        String value = sum.toPlainString();
        Long minimum = campaign.minimumTotal();
        if (minimum == null) {
            return Rule.pass(NAME, value);
        }
        if (unsure) {
            return Rule.unsure(NAME, REASON, value);
        }
        return sum.compareTo(BigDecimal.valueOf(minimum)) >= 0
                ? Rule.pass(NAME, value)
                : Rule.fail(NAME, REASON, value);
    }
}
