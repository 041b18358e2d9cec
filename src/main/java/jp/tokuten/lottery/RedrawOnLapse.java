package jp.tokuten.lottery;

import jp.tokuten.rewards.AwardLapsed;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * When a draw's win lapses (rewards' {@link AwardLapsed}), records the lapse once and, when the draw re-draws
 * lapsed wins, creates and runs a re-draw, in the transaction that voids the award (before it commits: the
 * lapse and its re-draw commit together or not at all; decision 118). The event enters here, so the tenant
 * it carries is bound here. Awards of instant wins and other sources are not a draw's: nothing to do.
 */
@Component
class RedrawOnLapse {

    private final TenantBinder binder;
    private final Draws draws;

    RedrawOnLapse(TenantBinder binder, Draws draws) {
        this.binder = binder;
        this.draws = draws;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void awardLapsed(AwardLapsed event) {
        binder.runAs(
                event.tenant(),
                () -> draws.lapsed(event.awardId())
                        .filter(Draws.Lapse::redrawOnLapse)
                        .ifPresent(lapse ->
                                draws.run(draws.redraw(lapse.firstDraw()).id())));
    }
}
