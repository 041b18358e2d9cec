package jp.tokuten.receipts;

import java.util.ArrayList;
import java.util.List;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.receipts.EntryJudgement.RuleResult;
import jp.tokuten.shared.FoldedText;

/**
 * Every receipt comes from an eligible store: one of the campaign's stores, or a store of one of its
 * chains, or in one of its prefectures (any of the lists that is set; none set means any store).
 */
final class StoreRule implements Rule {

    static final String NAME = "store";
    private static final ReasonCode REASON = ReasonCode.STORE_NOT_ELIGIBLE;
    private final StoreDirectory directory;

    StoreRule(StoreDirectory directory) {
        this.directory = directory;
    }

    @Override
    public RuleResult check(CampaignView campaign, List<JudgedReceipt> receipts) {
        List<String> names = new ArrayList<>();
        receipts.forEach(r -> names.add(r.storeName() == null ? "?" : r.storeName()));
        String value = String.join(", ", names);
        if (campaign.stores().isEmpty()
                && campaign.chains().isEmpty()
                && campaign.prefectures().isEmpty()) {
            return Rule.pass(NAME, value);
        }
        boolean unsure = false;
        for (JudgedReceipt r : receipts) {
            var store = directory.match(campaign, r.storeName(), r.storePhone(), r.registrationNumber());
            boolean eligible = store.map(s -> eligible(campaign, s)).orElse(false);
            if (eligible) {
                continue;
            }
            boolean prefectureUnknown = !campaign.prefectures().isEmpty()
                    && store.map(s -> s.prefecture() == null).orElse(true);
            if (r.storeName() == null || !r.sure("store.name") || prefectureUnknown) {
                unsure = true;
            } else {
                return Rule.fail(NAME, REASON, value);
            }
        }
        return unsure ? Rule.unsure(NAME, REASON, value) : Rule.pass(NAME, value);
    }

    static boolean eligible(CampaignView campaign, StoreDirectory.MatchedStore store) {
        // a listed name may be a store's name or, as the API's one "stores" list invites, its chain's name
        boolean listed = campaign.stores().stream()
                .anyMatch(s -> FoldedText.fold(s).equals(FoldedText.fold(store.name()))
                        || (store.chain() != null && FoldedText.fold(s).equals(FoldedText.fold(store.chain()))));
        boolean chain = store.chain() != null
                && campaign.chains().stream().anyMatch(c -> FoldedText.fold(c).equals(FoldedText.fold(store.chain())));
        boolean prefecture = store.prefecture() != null
                && campaign.prefectures().stream()
                        .anyMatch(p -> FoldedText.fold(p).equals(FoldedText.fold(store.prefecture())));
        return listed || chain || prefecture;
    }
}
