package jp.tokuten.receipts;

import java.util.List;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.receipts.EntryJudgement.Outcome;
import jp.tokuten.receipts.EntryJudgement.RuleResult;
import org.jspecify.annotations.Nullable;

/** One eligibility rule of a campaign, judged on all the receipts of an entry. */
interface Rule {

    RuleResult check(CampaignView campaign, List<JudgedReceipt> receipts);

    static RuleResult pass(String rule, @Nullable String value) {
        return new RuleResult(rule, Outcome.PASS, null, value);
    }

    static RuleResult fail(String rule, ReasonCode reason, @Nullable String value) {
        return new RuleResult(rule, Outcome.FAIL, reason, value);
    }

    /** Not decided surely: the entry goes to review, never to an automatic rejection. */
    static RuleResult unsure(String rule, ReasonCode reason, @Nullable String value) {
        return new RuleResult(rule, Outcome.UNSURE, reason, value);
    }
}
