package jp.tokuten.receipts;

import java.util.Optional;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.shared.FoldedText;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Stores known from the campaign alone: the read store name matches a listed store or chain name when,
 * after folding (NFKC, kana and width), the listed name appears in it almost exactly (a receipt prints
 * "イオン 新宿店" for the store "イオン新宿店" or the chain "イオン"). Prefectures are not known this way.
 */
@Component
class CampaignStoreDirectory implements StoreDirectory {

    static final double THRESHOLD = 0.85;

    @Override
    public Optional<MatchedStore> match(
            CampaignView campaign, @Nullable String name, @Nullable String phone, @Nullable String registrationNumber) {
        if (name == null || FoldedText.fold(name).isEmpty()) {
            return Optional.empty();
        }
        String chain = campaign.chains().stream()
                .filter(c -> matches(name, c))
                .findFirst()
                .orElse(null);
        for (String store : campaign.stores()) {
            if (matches(name, store) || FoldedText.similarity(name, store) >= THRESHOLD) {
                return Optional.of(new MatchedStore(store, chain, null));
            }
        }
        return chain == null ? Optional.empty() : Optional.of(new MatchedStore(name, chain, null));
    }

    static boolean matches(String read, String listed) {
        return FoldedText.fold(listed).length() >= 2 && FoldedText.containsApproximately(read, listed, THRESHOLD);
    }
}
