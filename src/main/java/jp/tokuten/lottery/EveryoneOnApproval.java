package jp.tokuten.lottery;

import jp.tokuten.receipts.EntryApproved;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Gives everyone-gets prizes when an entry is approved, in the transaction that approves it (before it
 * commits: the approval and its prizes commit together or not at all, as points do; decision 150). The event
 * enters here, so the tenant it carries is bound here.
 */
@Component
class EveryoneOnApproval {

    private final TenantBinder binder;
    private final EveryoneGets everyone;

    EveryoneOnApproval(TenantBinder binder, EveryoneGets everyone) {
        this.binder = binder;
        this.everyone = everyone;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void entryApproved(EntryApproved event) {
        binder.runAs(event.tenant(), () -> everyone.entryApproved(event.entryId()));
    }
}
