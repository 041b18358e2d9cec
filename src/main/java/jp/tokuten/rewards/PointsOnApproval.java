package jp.tokuten.rewards;

import jp.tokuten.receipts.EntryApprovalWithdrawn;
import jp.tokuten.receipts.EntryApproved;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Credits points when an entry is approved, by the campaign's rule, in the transaction that approves it
 * (before it commits: the approval and its points commit together or not at all; decision 121). The event
 * enters here, so the tenant it carries is bound here. An entry credits once however often it is approved, and
 * what it credited is taken back when its approval is withdrawn, in that transaction (decision 152). Published
 * outside a transaction (no caller does so today), it runs at once in a transaction of its own.
 */
@Component
class PointsOnApproval {

    private final TenantBinder binder;
    private final RewardSettings settings;
    private final Points points;

    PointsOnApproval(TenantBinder binder, RewardSettings settings, Points points) {
        this.binder = binder;
        this.settings = settings;
        this.points = points;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void entryApproved(EntryApproved event) {
        binder.runAs(event.tenant(), () -> {
            PointsRule rule = settings.pointsRule(event.campaignId());
            long earned = rule.pointsFor(event.receipts(), event.totalYen(), event.targetItems());
            if (earned > 0) {
                points.earn(
                        event.entrantId(),
                        event.campaignId(),
                        Math.min(earned, 100_000_000L),
                        "receipt_approved",
                        event.entryId());
            }
        });
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void approvalWithdrawn(EntryApprovalWithdrawn event) {
        binder.runAs(event.tenant(), () -> points.withdraw(event.entryId()));
    }
}
