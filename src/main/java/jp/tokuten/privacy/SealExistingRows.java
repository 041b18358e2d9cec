package jp.tokuten.privacy;

import java.util.List;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The migration step of issue 14's encryption: once the application is ready, seals the personal data that
 * rows written before it still hold in plain text, tenant by tenant (binding each: an entry point), 500 rows
 * per transaction. Idempotent and cheap when nothing is left (one indexed query per table and tenant); two
 * nodes doing it at once only seal a row twice.
 */
@Component
class SealExistingRows {

    private static final Logger log = LoggerFactory.getLogger(SealExistingRows.class);
    private static final int BATCH = 500;

    private final Tenants tenants;
    private final TenantBinder binder;
    private final TransactionTemplate tx;
    private final List<PlaintextSealing> tables;

    SealExistingRows(Tenants tenants, TenantBinder binder, TransactionTemplate tx, List<PlaintextSealing> tables) {
        this.tenants = tenants;
        this.binder = binder;
        this.tx = tx;
        this.tables = tables;
    }

    @EventListener(ApplicationReadyEvent.class)
    void sealAll() {
        for (var tenant : tenants.list()) {
            if (tenant.status() == jp.tokuten.tenancy.TenantStatus.DELETED) {
                continue; // its key is gone on purpose: nothing of it is left to seal
            }
            for (var table : tables) {
                int total = 0;
                int n;
                try {
                    do {
                        Integer sealed = binder.callAs(tenant.id(), () -> tx.execute(s -> table.sealSome(BATCH)));
                        n = sealed == null ? 0 : sealed;
                        total += n;
                    } while (n == BATCH);
                } catch (RuntimeException e) {
                    // e.g. two plain rows of one address: left in plain text, still read, sealed once resolved
                    log.warn("Could not seal {} of tenant {}: {}", table.table(), tenant.slug(), e.getMessage());
                }
                if (total > 0) {
                    log.info(
                            "Sealed the personal data of {} rows of {} for tenant {}",
                            total,
                            table.table(),
                            tenant.slug());
                }
            }
        }
    }
}
