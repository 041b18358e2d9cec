package jp.tokuten.receipts;

import java.util.Optional;
import jp.tokuten.receipts.ReceiptReading.StoreIdentification;
import jp.tokuten.stores.StoreView;
import jp.tokuten.stores.Stores;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The bound tenant's stores as the reader's {@link StoreCatalog}: {@link Stores#identify} by registration
 * number, then phone. A chain's store is given as its chain's name with its branch, as receipts print
 * it; a store without a chain by its name.
 */
@Component
class TenantStoreCatalog implements StoreCatalog {

    private final Stores stores;

    TenantStoreCatalog(Stores stores) {
        this.stores = stores;
    }

    @Override
    public Optional<Found> identify(
            @Nullable String readName, @Nullable String readPhone, @Nullable String readRegistrationNumber) {
        return stores.identify(readName, readPhone, readRegistrationNumber).map(i -> {
            StoreView s = i.store();
            boolean chain = !s.chain().isBlank();
            return new Found(
                    chain ? s.chain() : s.name(),
                    chain && !s.branch().isBlank() ? s.branch() : null,
                    s.phone(),
                    s.registrationNumber(),
                    i.by() == Stores.Evidence.REGISTRATION_NUMBER
                            ? StoreIdentification.REGISTRATION
                            : StoreIdentification.PHONE);
        });
    }
}
