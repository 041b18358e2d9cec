package jp.tokuten.rewards;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.identity.Entrants;
import jp.tokuten.jobs.JobHandler;
import jp.tokuten.jobs.JobView;
import jp.tokuten.jobs.Jobs;
import jp.tokuten.notifications.Mail;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery sweep, one tenant at a time on one node at a time: every minute any node asks which tenants
 * have delivery work due and enqueues one {@code rewards.delivery-sweep} job per tenant and minute (the unique
 * key makes every node's enqueue the same job); the job worker runs it with the tenant bound. The job voids
 * the awards whose address deadline passed (publishing {@link AwardLapsed}) and tells winners what they have
 * not been told yet (address request with the form's link, shipment, lapse; a gift code, a coupon, a payout),
 * and entrants of closed draws who did not win (decision 151), each notice in its own transaction with its
 * notice row, so a crash sends a message at most once more and never loses one.
 */
@Component
class DeliverySweep implements JobHandler {

    static final String JOB = "rewards.delivery-sweep";
    private static final Logger log = LoggerFactory.getLogger(DeliverySweep.class);

    private final JdbcClient jdbc;
    private final Jobs jobs;
    private final Delivery delivery;
    private final WinnerMessages messages;
    private final List<WinnerNotifier> notifiers;
    private final Entrants entrants;
    private final Tenants tenants;
    private final Mail mail;
    private final TransactionTemplate tx;
    private final Clock clock;

    DeliverySweep(
            JdbcClient jdbc,
            Jobs jobs,
            Delivery delivery,
            WinnerMessages messages,
            List<WinnerNotifier> notifiers,
            Entrants entrants,
            Tenants tenants,
            Mail mail,
            TransactionTemplate tx,
            Clock clock) {
        this.jdbc = jdbc;
        this.jobs = jobs;
        this.delivery = delivery;
        this.messages = messages;
        this.notifiers = notifiers;
        this.entrants = entrants;
        this.tenants = tenants;
        this.mail = mail;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${tokuten.rewards.delivery-sweep:PT1M}", initialDelayString = "PT30S")
    void enqueueDue() {
        try {
            enqueue();
        } catch (RuntimeException e) {
            log.warn("Could not enqueue the delivery sweeps; will try at the next run: {}", e.getMessage());
        }
    }

    /** Enqueues a sweep for each tenant with work due, once per tenant and minute; returns how many tenants. */
    int enqueue() {
        Instant now = clock.instant();
        List<UUID> due = jdbc.sql("select rewards.tenants_with_delivery_work(?)")
                .param(Timestamp.from(now))
                .query(UUID.class)
                .list();
        long minute = now.getEpochSecond() / 60;
        for (UUID tenant : due) {
            jobs.enqueue(JOB, new TenantId(tenant), Map.of(), JOB + ":" + tenant + ":" + minute);
        }
        return due.size();
    }

    @Override
    public String type() {
        return JOB;
    }

    @Override
    public void handle(JobView job) {
        sweep();
    }

    /** The bound tenant's delivery work: lapses, then every message not yet sent. */
    void sweep() {
        tx.executeWithoutResult(status -> delivery.voidLapsed());
        List<UUID[]> pending = tx.execute(status -> jdbc.sql("""
                        select a.id, a.status from rewards.awards a
                         where a.kind = 'physical'
                           and (a.status in ('address_requested', 'shipped')
                                or (a.status = 'voided' and a.voided_reason = 'address_deadline_passed'))
                           and not exists (select 1 from rewards.winner_notices n
                                            where n.award_id = a.id
                                              and n.kind = case a.status when 'address_requested' then 'address_request'
                                                                         when 'shipped' then 'shipped'
                                                                         else 'lapsed' end)
                         order by a.created_at limit 500""")
                .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class)})
                .list());
        for (UUID[] award : pending) {
            tx.executeWithoutResult(status -> tell(award[0]));
        }
        List<UUID> won = tx.execute(status -> jdbc.sql("""
                        select a.id from rewards.awards a
                         where a.kind in ('gift_code', 'coupon', 'payout') and a.status = 'delivered'
                           and not exists (select 1 from rewards.winner_notices n
                                            where n.award_id = a.id and n.kind = a.kind)
                         order by a.created_at limit 500""").query(UUID.class).list());
        for (UUID award : won) {
            tx.executeWithoutResult(status -> tell(award));
        }
        List<UUID[]> notWon = tx.execute(status -> jdbc.sql("""
                        select about, entrant_id from rewards.entrant_notices
                         where outcome is null order by queued_at limit 500""")
                .query((rs, n) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .list());
        for (UUID[] notice : notWon) {
            tx.executeWithoutResult(status -> tellNotWon(notice[0], notice[1]));
        }
    }

    /** Tells an entrant of a closed draw that they did not win, once; a failure throws (retried). */
    private void tellNotWon(UUID draw, UUID entrantId) {
        UUID campaign = jdbc.sql("""
                        select campaign_id from rewards.entrant_notices
                         where kind = 'not_won' and about = ? and entrant_id = ? and outcome is null for update""")
                .params(draw, entrantId)
                .query(UUID.class)
                .optional()
                .orElse(null);
        if (campaign == null) {
            return; // sent meanwhile by another run of the sweep
        }
        var entrant = entrants.find(entrantId).orElse(null);
        WinnerNotifier.Outcome outcome = WinnerNotifier.Outcome.NOT_CONFIGURED;
        if (entrant != null) {
            var locale = messages.locale(campaign);
            var rendered = WinnerMessages.render(
                    messages.template(campaign, WinnerNotice.Kind.NOT_WON, locale),
                    new WinnerMessages.Values("", null, "", ""),
                    locale);
            var notice = new WinnerNotice(
                    WinnerNotice.Kind.NOT_WON, null, entrantId, entrant.email(), locale, rendered[0], rendered[1]);
            outcome = send(notice, "the not-won notice of draw " + draw);
        }
        jdbc.sql("""
                        update rewards.entrant_notices set outcome = ?, sent_at = ?
                         where kind = 'not_won' and about = ? and entrant_id = ?""")
                .params(
                        outcome == WinnerNotifier.Outcome.SENT ? "sent" : "not_configured",
                        Timestamp.from(clock.instant()),
                        draw,
                        entrantId)
                .update();
    }

    /** Tells every notifier; an e-mail that fails throws (the sweep is retried). */
    private WinnerNotifier.Outcome send(WinnerNotice notice, String what) {
        WinnerNotifier.Outcome outcome = WinnerNotifier.Outcome.NOT_CONFIGURED;
        for (WinnerNotifier notifier : notifiers) {
            var told = notifier.tell(notice);
            if (told == WinnerNotifier.Outcome.FAILED && notifier.channel().equals("email")) {
                throw new IllegalStateException(what + " could not be sent");
            }
            if (told == WinnerNotifier.Outcome.SENT) {
                outcome = told;
            }
        }
        return outcome;
    }

    /** Tells the winner of one award what they were not told yet, and records it; a failure throws (retried). */
    private void tell(UUID awardId) {
        var award = jdbc.sql(Awards.SELECT + " where a.id = ? for update of a")
                .param(awardId)
                .query(Awards::map)
                .single();
        WinnerNotice.Kind kind = switch (award.kind()) {
            case PHYSICAL ->
                switch (award.status()) {
                    case ADDRESS_REQUESTED -> WinnerNotice.Kind.ADDRESS_REQUEST;
                    case SHIPPED -> WinnerNotice.Kind.SHIPPED;
                    case VOIDED -> WinnerNotice.Kind.LAPSED;
                    default -> null;
                };
            case GIFT_CODE -> award.status() == AwardView.Status.DELIVERED ? WinnerNotice.Kind.GIFT_CODE : null;
            case COUPON -> award.status() == AwardView.Status.DELIVERED ? WinnerNotice.Kind.COUPON : null;
            case PAYOUT -> award.status() == AwardView.Status.DELIVERED ? WinnerNotice.Kind.PAYOUT : null;
        };
        if (kind == null || alreadyTold(awardId, kind)) {
            return;
        }
        String link = "";
        if (kind == WinnerNotice.Kind.ADDRESS_REQUEST) {
            String token = delivery.openLink(awardId);
            if (token == null) {
                return; // a link is open and its notice recorded in the same transaction: told already
            }
            link = mail.baseUrl() + "/c/" + slug() + "/winners/" + token;
        } else if (kind == WinnerNotice.Kind.COUPON && award.couponCode() != null) {
            link = mail.baseUrl() + "/c/" + slug() + "/coupons/mine/" + award.couponCode();
        } else if (kind == WinnerNotice.Kind.GIFT_CODE || kind == WinnerNotice.Kind.PAYOUT) {
            link = mail.baseUrl() + "/c/" + slug() + "/mine";
        }
        String code = switch (kind) {
            case GIFT_CODE -> award.giftCode() == null ? "" : award.giftCode();
            case COUPON -> award.couponCode() == null ? "" : award.couponCode();
            default -> "";
        };
        String tracking = jdbc.sql("select coalesce(tracking_number, '') from rewards.shipments where award_id = ?")
                .param(awardId)
                .query(String.class)
                .optional()
                .orElse("");
        var locale = messages.locale(award.campaignId());
        var rendered = WinnerMessages.render(
                messages.template(award.campaignId(), kind, locale),
                new WinnerMessages.Values(award.prizeName(), award.deadline(), link, tracking, code, award.payoutYen()),
                locale);
        var entrant = entrants.find(award.entrantId()).orElseThrow();
        var notice = new WinnerNotice(kind, award, entrant.id(), entrant.email(), locale, rendered[0], rendered[1]);
        WinnerNotifier.Outcome outcome = send(notice, "the winner e-mail of award " + awardId);
        jdbc.sql("insert into rewards.winner_notices (award_id, kind, outcome, sent_at) values (?, ?, ?, ?)")
                .params(
                        awardId,
                        kind.code(),
                        outcome.name().toLowerCase(java.util.Locale.ROOT),
                        Timestamp.from(clock.instant()))
                .update();
    }

    private String slug() {
        return tenants.findByIdRecently(TenantBinder.required()).orElseThrow().slug();
    }

    private boolean alreadyTold(UUID awardId, WinnerNotice.Kind kind) {
        return jdbc.sql("select count(*) from rewards.winner_notices where award_id = ? and kind = ?")
                        .params(awardId, kind.code())
                        .query(Long.class)
                        .single()
                > 0;
    }
}
