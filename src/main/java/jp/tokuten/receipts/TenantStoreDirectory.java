package jp.tokuten.receipts;

import java.util.Optional;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.shared.FoldedText;
import jp.tokuten.stores.StoreView;
import jp.tokuten.stores.Stores;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Stores known from the tenant's store list ({@code stores.Stores.match}: registration number, phone, then
 * name), with their chain and prefecture; a store the list does not know is looked for among the
 * campaign's own store and chain names ({@link CampaignStoreDirectory}).
 */
@Component
class TenantStoreDirectory implements StoreDirectory {

    private final Stores stores;
    private final CampaignStoreDirectory campaignNames = new CampaignStoreDirectory();

    TenantStoreDirectory(Stores stores) {
        this.stores = stores;
    }

    @Override
    public Optional<MatchedStore> match(
            CampaignView campaign, @Nullable String name, @Nullable String phone, @Nullable String registrationNumber) {
        Optional<StoreView> known = stores.match(name, phone, registrationNumber);
        if (known.isEmpty()) {
            return campaignNames.match(campaign, name, phone, registrationNumber);
        }
        StoreView store = known.get();
        // the campaign lists stores by name: the listed name this store goes by, if any
        String listed = campaign.stores().stream()
                .filter(s -> sameName(s, store))
                .findFirst()
                .orElse(store.name());
        return Optional.of(
                new MatchedStore(listed, store.chain().isBlank() ? null : store.chain(), store.prefecture()));
    }

    private static boolean sameName(String listed, StoreView store) {
        String l = FoldedText.fold(listed);
        return l.equals(FoldedText.fold(store.name()))
                || l.equals(FoldedText.fold(store.name() + store.branch()))
                || l.equals(FoldedText.fold(store.chain() + store.branch()));
    }
}
