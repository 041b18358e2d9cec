package jp.tokuten.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.jobs.JobQueueFixtures;
import jp.tokuten.stores.StoreDraft;
import jp.tokuten.stores.Stores;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ByteArrayResource;

/**
 * The reading job identifies a receipt's store among the bound tenant's stores by the registration or
 * phone number it prints (decision 102), and never among another tenant's: real photos, the real job,
 * OCR and database.
 */
@TokutenTest
class ReceiptStoreIdentificationTests {

    @Autowired
    ReceiptSubmissions submissions;

    @Autowired
    Stores stores;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    ApplicationContext context;

    <T> T as(TenantView tenant, Callable<T> work) {
        return binder.callAs(tenant.id(), () -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ReceiptStoreIdentificationTests.class.getResourceAsStream("/receipts/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Submits a fixture photo for the tenant, runs the reading job and gives the reading's store. */
    @SuppressWarnings("unchecked")
    Map<String, Object> storeRead(TenantView tenant, String fixture) throws IOException {
        byte[] photo = fixture(fixture);
        UUID id = as(
                tenant,
                () -> submissions
                        .accept(
                                List.of(new ReceiptSubmissions.Page(
                                        new ByteArrayResource(photo), photo.length, fixture)),
                                List.of())
                        .id());
        JobQueueFixtures.drain(context);
        var submission = as(tenant, () -> submissions.find(id).orElseThrow());
        assertThat(submission.status()).isEqualTo("read");
        return (Map<String, Object>) submission.reading().get("store");
    }

    @Test
    void aSubmissionsStoreIsIdentifiedByItsRegistrationNumberAmongTheTenantsStores() throws IOException {
        TenantView tenant = TenantFixtures.aTenant(tenants, "store-by-number");
        // gen_001.jpg prints コーヒーの森 三宮店 and T6458996739737; the tenant keeps the store under its own name
        as(tenant, () -> stores.create(new StoreDraft("コーヒーの森 三宮", null, null, "兵庫県", null, "T6458996739737")));

        Map<String, Object> store = storeRead(tenant, "gen_001.jpg");

        assertThat(store)
                .containsEntry("name", "コーヒーの森 三宮")
                .containsEntry("registrationNumber", "T6458996739737")
                .containsEntry("identifiedBy", "registration");
    }

    @Test
    void aSubmissionsStoreIsIdentifiedByItsPhoneOnlyAmongItsOwnTenantsStores() throws IOException {
        // gen_003.jpg prints コーヒーの森 三宮店 and 07-7597-4451, and no registration number
        TenantView other = TenantFixtures.aTenant(tenants, "store-other");
        as(other, () -> stores.create(new StoreDraft(null, "もりの珈琲", "元町店", "兵庫県", "07-7597-4451", null)));
        TenantView tenant = TenantFixtures.aTenant(tenants, "store-by-phone");

        Map<String, Object> notKnown = storeRead(tenant, "gen_003.jpg");
        assertThat(notKnown)
                .as("another tenant's store with the same phone is not this tenant's")
                .containsEntry("name", "コーヒーの森")
                .containsEntry("identifiedBy", "printed_name");

        Map<String, Object> known = storeRead(other, "gen_003.jpg");
        assertThat(known)
                .containsEntry("name", "もりの珈琲")
                .containsEntry("branch", "元町店")
                .containsEntry("phone", "07-7597-4451")
                .containsEntry("identifiedBy", "phone");
    }
}
