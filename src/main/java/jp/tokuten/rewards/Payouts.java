package jp.tokuten.rewards;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.identity.Entrants;
import jp.tokuten.jobs.JobHandler;
import jp.tokuten.jobs.JobView;
import jp.tokuten.jobs.Jobs;
import jp.tokuten.tenancy.TenantBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pays payout awards after the grant commits: the grant enqueues a {@code rewards.payout} job (unique per
 * award); the job asks the provider (the award id is the idempotency key, so a job run twice asks once), keeps
 * the provider's reference, and while the payout is pending throws so that the job runs again later (polling,
 * with the job table's backoff). Paid: the award is {@code delivered}; failed, or the job dead: {@code
 * payout_failed}.
 */
@Component
class Payouts implements JobHandler {

    static final String JOB = "rewards.payout";

    private static final Logger log = LoggerFactory.getLogger(Payouts.class);

    private final JdbcClient jdbc;
    private final Jobs jobs;
    private final Entrants entrants;
    private final ObjectProvider<PayoutProvider> provider;
    private final TransactionTemplate tx;
    private final Clock clock;

    Payouts(
            JdbcClient jdbc,
            Jobs jobs,
            Entrants entrants,
            ObjectProvider<PayoutProvider> provider,
            TransactionTemplate tx,
            Clock clock) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.entrants = entrants;
        this.provider = provider;
        this.tx = tx;
        this.clock = clock;
    }

    /** In the grant's transaction: the job that pays the award after commit. */
    void start(UUID award) {
        jobs.enqueue(JOB, TenantBinder.required(), Map.of("award", award.toString()), "payout:" + award);
    }

    @Override
    public String type() {
        return JOB;
    }

    @Override
    public void handle(JobView job) {
        PayoutProvider configured = provider.getIfAvailable();
        if (configured == null) {
            throw new PayoutProvider.PayoutException("no payout provider is configured (TOKUTEN_PAYOUT_URL)");
        }
        advance(UUID.fromString(String.valueOf(job.payload().get("award"))), configured);
    }

    @Override
    public void dead(JobView job, DeathCause cause) {
        jdbc.sql("""
                        update rewards.awards set status = 'payout_failed', voided_reason = 'payout_not_completed',
                               updated_at = ? where id = ? and status = 'payout_pending'""")
                .params(
                        Timestamp.from(clock.instant()),
                        UUID.fromString(String.valueOf(job.payload().get("award"))))
                .update();
    }

    /**
     * Moves a pending payout award on with the provider: asks for the payout (or, once asked, reads its
     * status); paid → {@code delivered}, failed → {@code payout_failed}; still pending → throws, to be tried
     * again. Nothing to do for an award no longer pending.
     */
    AwardView.Status advance(UUID awardId, PayoutProvider payouts) {
        record Pending(UUID entrant, long yen, String prize, String reference) {}
        Pending pending = tx.execute(s -> jdbc.sql("""
                        select entrant_id, payout_yen, prize_name, coalesce(payout_reference, '') from rewards.awards
                         where id = ? and kind = 'payout' and status = 'payout_pending'""")
                .param(awardId)
                .query((rs, n) ->
                        new Pending(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), rs.getString(4)))
                .optional()
                .orElse(null));
        if (pending == null) {
            return tx.execute(s -> jdbc.sql("select status from rewards.awards where id = ?")
                    .param(awardId)
                    .query(String.class)
                    .optional()
                    .flatMap(AwardView.Status::of)
                    .orElse(AwardView.Status.VOIDED));
        }
        PayoutProvider.Payout payout;
        if (pending.reference().isEmpty()) {
            String email = tx.execute(
                    s -> entrants.find(pending.entrant()).orElseThrow().email());
            payout = payouts.request(
                    new PayoutProvider.PayoutRequest(awardId.toString(), pending.yen(), email, pending.prize()));
        } else {
            payout = payouts.status(pending.reference());
        }
        AwardView.Status next = switch (payout.status()) {
            case PAID -> AwardView.Status.DELIVERED;
            case FAILED -> AwardView.Status.PAYOUT_FAILED;
            case PENDING -> AwardView.Status.PAYOUT_PENDING;
        };
        tx.executeWithoutResult(s -> jdbc.sql("""
                        update rewards.awards set payout_reference = :ref, status = :status,
                               voided_reason = :failure, updated_at = :now
                         where id = :id and status = 'payout_pending'""")
                .param("ref", payout.reference())
                .param("status", next.code())
                .param("failure", payout.failureCode())
                .param("now", Timestamp.from(clock.instant()))
                .param("id", awardId)
                .update());
        if (next == AwardView.Status.PAYOUT_PENDING) {
            log.info("Payout for award {} still pending with the provider", awardId);
            throw new PayoutProvider.PayoutException("payout still pending");
        }
        return next;
    }
}
