package jp.tokuten.receipts;

import java.util.Optional;
import jp.tokuten.campaigns.CampaignView;
import org.jspecify.annotations.Nullable;

/**
 * Finds the store a receipt was printed at, from what was read of it. For now only the campaign's own
 * store and chain names are known ({@link CampaignStoreDirectory}); the tenant's store list (module
 * {@code stores}, with chains, prefectures, phones and registration numbers) plugs in here.
 */
interface StoreDirectory {

    /** A known store: its name as the tenant lists it, and its chain and prefecture when known. */
    record MatchedStore(
            String name, @Nullable String chain, @Nullable String prefecture) {}

    Optional<MatchedStore> match(
            CampaignView campaign, @Nullable String name, @Nullable String phone, @Nullable String registrationNumber);
}
