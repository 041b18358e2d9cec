package jp.tokuten.rewards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.coupons.Acquisitions;
import jp.tokuten.identity.Entrants;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Awards of the bound tenant: one per prize handed to an entrant. {@link #grant} is called by {@code lottery}
 * in the transaction that records a win (and by points exchanges); it inserts the award and does its kind's
 * work in that same transaction, so a refusal ({@code out_of_stock} for an empty gift-code pool, a coupon's own
 * refusals, 404 {@code not_found} for an unknown pool or entrant) rolls the win back with it.
 */
@Service
public class Awards {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    static final String SELECT = """
            select a.*, g.code as gift_code from rewards.awards a
              left join rewards.gift_codes g on g.id = a.gift_code_id""";

    private final JdbcClient jdbc;
    private final RewardSettings settings;
    private final GiftCodePools pools;
    private final Acquisitions acquisitions;
    private final Entrants entrants;
    private final Payouts payouts;
    private final Clock clock;

    Awards(
            JdbcClient jdbc,
            RewardSettings settings,
            GiftCodePools pools,
            Acquisitions acquisitions,
            Entrants entrants,
            Payouts payouts,
            Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.pools = pools;
        this.acquisitions = acquisitions;
        this.entrants = entrants;
        this.payouts = payouts;
        this.clock = clock;
    }

    /**
     * Hands a prize to an entrant and does its kind's work: a physical prize opens an address request due at
     * the end (Asia/Tokyo) of the day the campaign's address days (14 by default) after today; a gift code is
     * taken from its pool (409 {@code out_of_stock} when none is left); a coupon is issued to the entrant's
     * e-mail address; a payout is requested from the payout provider after commit.
     */
    @Transactional
    public AwardView grant(NewAward award) {
        Instant now = clock.instant();
        UUID id = TimeOrderedIds.next(clock);
        var email = entrants.find(award.entrantId())
                .orElseThrow(() -> new ProblemException(404, "not_found"))
                .email();
        AwardView.Status status;
        Instant deadline = null;
        UUID giftCode = null;
        UUID couponInstance = null;
        String couponCode = null;
        switch (award.kind()) {
            case PHYSICAL -> {
                status = AwardView.Status.ADDRESS_REQUESTED;
                deadline = addressDeadline(award.campaignId(), now);
            }
            case GIFT_CODE -> {
                status = AwardView.Status.DELIVERED;
                giftCode = pools.take(award.giftCodePoolId(), id, now);
            }
            case COUPON -> {
                status = AwardView.Status.DELIVERED;
                var instance = acquisitions.issue(award.couponId(), email);
                couponInstance = instance.id();
                couponCode = instance.code();
            }
            case PAYOUT -> status = AwardView.Status.PAYOUT_PENDING;
            default -> throw new IllegalStateException(award.kind().code());
        }
        jdbc.sql("""
                        insert into rewards.awards (id, campaign_id, course_id, prize_id, entrant_id, entry_id, source,
                            kind, prize_name, value_yen, status, deadline, gift_code_pool_id, gift_code_id, coupon_id,
                            coupon_instance_id, coupon_code, payout_yen, created_at, updated_at)
                        values (:id, :campaign, :course, :prize, :entrant, :entry, :source, :kind, :name, :value,
                            :status, :deadline, :pool, :code, :coupon, :instance, :couponCode, :payout, :now, :now)""")
                .param("id", id)
                .param("campaign", award.campaignId())
                .param("course", award.courseId())
                .param("prize", award.prizeId())
                .param("entrant", award.entrantId())
                .param("entry", award.entryId())
                .param("source", award.source().code())
                .param("kind", award.kind().code())
                .param("name", award.prizeName())
                .param("value", award.valueYen())
                .param("status", status.code())
                .param("deadline", deadline == null ? null : Timestamp.from(deadline))
                .param("pool", award.giftCodePoolId())
                .param("code", giftCode)
                .param("coupon", award.couponId())
                .param("instance", couponInstance)
                .param("couponCode", couponCode)
                .param("payout", award.payoutYen())
                .param("now", Timestamp.from(now))
                .update();
        if (award.kind() == NewAward.Kind.GIFT_CODE) {
            pools.alertWhenLow(award.giftCodePoolId());
        }
        if (award.kind() == NewAward.Kind.PAYOUT) {
            payouts.start(id);
        }
        return get(id);
    }

    /** The award, or 404 {@code not_found} (another tenant's alike). */
    @Transactional(readOnly = true)
    public AwardView get(UUID id) {
        return find(id).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    @Transactional(readOnly = true)
    public Optional<AwardView> find(UUID id) {
        return jdbc.sql(SELECT + " where a.id = ?").param(id).query(Awards::map).optional();
    }

    /** The tenant's awards, newest first, of one campaign or (null) of all. */
    @Transactional(readOnly = true)
    public List<AwardView> list(@Nullable UUID campaignId) {
        return jdbc.sql(SELECT + " where (?::uuid is null or a.campaign_id = ?) order by a.created_at desc, a.id desc")
                .params(campaignId, campaignId)
                .query(Awards::map)
                .list();
    }

    /** An entrant's awards, newest first (their consumer page). */
    @Transactional(readOnly = true)
    public List<AwardView> forEntrant(UUID entrantId) {
        return jdbc.sql(SELECT + " where a.entrant_id = ? order by a.created_at desc, a.id desc")
                .param(entrantId)
                .query(Awards::map)
                .list();
    }

    private Instant addressDeadline(UUID campaign, Instant now) {
        int days = settings.addressDays(campaign);
        return LocalDate.ofInstant(now, TOKYO)
                .plusDays(days + 1L)
                .atStartOfDay(TOKYO)
                .toInstant();
    }

    static AwardView map(ResultSet rs, int row) throws SQLException {
        Timestamp deadline = rs.getTimestamp("deadline");
        long payout = rs.getLong("payout_yen");
        Long payoutYen = rs.wasNull() ? null : payout;
        return new AwardView(
                rs.getObject("id", UUID.class),
                rs.getObject("campaign_id", UUID.class),
                rs.getObject("course_id", UUID.class),
                rs.getObject("prize_id", UUID.class),
                rs.getObject("entrant_id", UUID.class),
                rs.getObject("entry_id", UUID.class),
                NewAward.Source.of(rs.getString("source")).orElseThrow(),
                NewAward.Kind.of(rs.getString("kind")).orElseThrow(),
                rs.getString("prize_name"),
                rs.getLong("value_yen"),
                AwardView.Status.of(rs.getString("status")).orElseThrow(),
                deadline == null ? null : deadline.toInstant(),
                rs.getObject("gift_code_pool_id", UUID.class),
                rs.getString("gift_code"),
                rs.getObject("coupon_id", UUID.class),
                rs.getObject("coupon_instance_id", UUID.class),
                rs.getString("coupon_code"),
                payoutYen,
                rs.getString("payout_reference"),
                rs.getString("voided_reason"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
