package jp.tokuten.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@TokutenTest
class StoredFilesTests {

    @Autowired
    StoredFiles files;

    @Autowired
    TenantBinder binder;

    @Autowired
    Tenants tenants;

    @Autowired
    PlatformTransactionManager transactions;

    TenantView tenant;

    @BeforeEach
    void aTenant() {
        tenant = TenantFixtures.aTenant(tenants, "files");
    }

    long filesOnDisk() {
        return FilesOnDisk.count(files, tenant.id());
    }

    @Test
    void deletesTheWrittenFileWhenTheTransactionRollsBackAfterwards() throws Exception {
        Photo photo = PhotoIntake.withDefaults().check(Photos.jpeg(120, 60));
        var transaction = new TransactionTemplate(transactions);

        assertThatThrownBy(() -> binder.runAs(
                        tenant.id(),
                        () -> transaction.executeWithoutResult(status -> {
                            files.storeReceiptPhoto(photo);
                            assertThat(files.count()).isEqualTo(1);
                            throw new IllegalStateException("a later step of the same request failed");
                        })))
                .hasMessageContaining("later step");
        assertThat(binder.callAs(tenant.id(), files::count)).isZero();
        assertThat(filesOnDisk()).isZero();

        binder.runAs(
                tenant.id(),
                () -> transaction.executeWithoutResult(status -> {
                    files.storeReceiptPhoto(photo);
                    status.setRollbackOnly();
                }));
        assertThat(binder.callAs(tenant.id(), files::count)).isZero();
        assertThat(filesOnDisk()).isZero();
    }

    @Test
    void keepsTheFileWhenTheTransactionCommits() throws Exception {
        Photo photo = PhotoIntake.withDefaults().check(Photos.jpeg(120, 60));
        var transaction = new TransactionTemplate(transactions);

        var stored = binder.callAs(tenant.id(), () -> transaction.execute(status -> files.storeReceiptPhoto(photo)));

        assertThat(filesOnDisk()).isEqualTo(1);
        assertThat(binder.callAs(tenant.id(), () -> files.read(stored.id()))).isPresent();
    }
}
