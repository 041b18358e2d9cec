package jp.tokuten.receipts;

import java.util.List;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.receipts.EntryJudgement.RuleResult;

/** Every receipt was read at all: a photo from which nothing was read is rejected so it can be retaken. */
final class ReadableRule implements Rule {

    static final String NAME = "readable";

    @Override
    public RuleResult check(CampaignView campaign, List<JudgedReceipt> receipts) {
        long unreadable = receipts.stream().filter(JudgedReceipt::unreadable).count();
        String value = (receipts.size() - unreadable) + "/" + receipts.size();
        return unreadable == 0 || receipts.isEmpty()
                ? Rule.pass(NAME, value)
                : Rule.fail(NAME, ReasonCode.UNREADABLE_IMAGE, value);
    }
}
