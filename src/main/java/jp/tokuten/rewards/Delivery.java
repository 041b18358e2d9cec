package jp.tokuten.rewards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.identity.Entrants;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.Secrets;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delivery of physical prizes (景品の発送) in the bound tenant: the winner's address form reached by the secret
 * link of their e-mail (given once, edited until the deadline or until shipped), shipping with a tracking
 * number, delivery, and the voiding of awards whose address deadline passed ({@link AwardLapsed}). Every
 * status change is one conditional statement on the award, so a late form and the lapse cannot both win.
 */
@Service
public class Delivery {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{30,60}");

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Entrants entrants;
    private final Clock clock;
    private final SealedAddresses addresses;

    Delivery(
            JdbcClient jdbc,
            AuditTrail audit,
            ApplicationEventPublisher events,
            Entrants entrants,
            Clock clock,
            SealedAddresses addresses) {
        this.jdbc = jdbc;
        this.addresses = addresses;
        this.entrants = entrants;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** What the winner form shows: the prize, the deadline, whether it can still be changed, and the address. */
    public record WinnerForm(
            UUID awardId,
            String prizeName,
            AwardView.Status status,
            @Nullable Instant deadline,
            boolean open,
            @Nullable WinnerAddress address) {}

    /** The form of the award whose link carries {@code token}; empty for an unknown token (another tenant's alike). */
    @Transactional(readOnly = true)
    public Optional<WinnerForm> form(String token) {
        if (!TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return jdbc.sql("""
                        select a.id, a.prize_name, a.status, a.deadline, %s
                          from rewards.winner_links l
                          join rewards.awards a on a.tenant_id = l.tenant_id and a.id = l.award_id
                          left join rewards.winner_addresses w on w.tenant_id = a.tenant_id and w.award_id = a.id
                         where l.token_sha256 = ?""".formatted(SealedAddresses.COLUMNS))
                .param(digest(token))
                .query((rs, n) -> formOf(rs, now))
                .optional();
    }

    private WinnerForm formOf(ResultSet rs, Instant now) throws SQLException {
        var status = AwardView.Status.of(rs.getString("status")).orElseThrow();
        Timestamp deadline = rs.getTimestamp("deadline");
        boolean open = (status == AwardView.Status.ADDRESS_REQUESTED || status == AwardView.Status.ADDRESS_GIVEN)
                && deadline != null
                && deadline.toInstant().isAfter(now);
        WinnerAddress address = addresses.read(rs);
        return new WinnerForm(
                rs.getObject("id", UUID.class),
                rs.getString("prize_name"),
                status,
                deadline == null ? null : deadline.toInstant(),
                open,
                address);
    }

    /**
     * Saves the address typed on the form of {@code token}'s award: the first time the award becomes
     * {@code address_given}; later submissions change the address, until the deadline or until shipped.
     *
     * @throws WinnerAddress.Rejected naming each field in error (nothing saved)
     * @throws ProblemException 404 {@code not_found} for an unknown link, 409 {@code address_closed} once the
     *     deadline has passed or the prize was shipped
     */
    @Transactional
    public WinnerForm submit(String token, WinnerAddress.Typed typed) {
        var form = form(token).orElseThrow(() -> new ProblemException(404, "not_found"));
        WinnerAddress address = WinnerAddress.of(typed);
        Instant now = clock.instant();
        int opened = jdbc.sql("""
                        update rewards.awards set status = 'address_given', updated_at = :now
                         where id = :id and status in ('address_requested', 'address_given') and deadline > :now""")
                .param("id", form.awardId())
                .param("now", Timestamp.from(now))
                .update();
        if (opened == 0) {
            throw new ProblemException(409, "address_closed");
        }
        jdbc.sql("""
                        insert into rewards.winner_addresses (award_id, address_sealed, submitted_at, updated_at)
                        values (:award, :sealed, :now, :now)
                        on conflict (tenant_id, award_id) do update
                           set address_sealed = excluded.address_sealed, full_name = null, postal_code = null,
                               prefecture = null, city = null, town = null, address_line1 = null,
                               address_line2 = null, phone = null, updated_at = excluded.updated_at""")
                .param("award", form.awardId())
                .param("sealed", addresses.seal(address))
                .param("now", Timestamp.from(now))
                .update();
        audit.record(
                form.address() == null ? "award.address_given" : "award.address_changed",
                null,
                Map.of("award", form.awardId().toString()));
        return form(token).orElseThrow();
    }

    /**
     * A campaign's winner as the console and the shipping list show it: the award, the entrant's e-mail, the
     * prize, where delivery stands, the deadline, the shipment and, once given, the address (personal data).
     */
    public record Winner(
            UUID awardId,
            UUID entrantId,
            String email,
            String prizeName,
            NewAward.Kind kind,
            AwardView.Status status,
            @Nullable Instant deadline,
            @Nullable String trackingNumber,
            @Nullable Instant shippedAt,
            @Nullable Instant deliveredAt,
            @Nullable WinnerAddress address,
            Instant wonAt) {}

    /** The winners of a campaign (every award, whatever its kind), oldest first. */
    @Transactional(readOnly = true)
    public List<Winner> winners(UUID campaignId) {
        var rows = jdbc.sql("""
                        select a.id, a.entrant_id, a.prize_name, a.kind, a.status, a.deadline, a.created_at,
                               s.tracking_number, s.shipped_at, s.delivered_at, %s
                          from rewards.awards a
                          left join rewards.shipments s on s.tenant_id = a.tenant_id and s.award_id = a.id
                          left join rewards.winner_addresses w on w.tenant_id = a.tenant_id and w.award_id = a.id
                         where a.campaign_id = ?
                         order by a.created_at, a.id""".formatted(SealedAddresses.COLUMNS))
                .param(campaignId)
                .query((rs, n) -> {
                    Timestamp deadline = rs.getTimestamp("deadline");
                    Timestamp shipped = rs.getTimestamp("shipped_at");
                    Timestamp delivered = rs.getTimestamp("delivered_at");
                    return new Winner(
                            rs.getObject("id", UUID.class),
                            rs.getObject("entrant_id", UUID.class),
                            "",
                            rs.getString("prize_name"),
                            NewAward.Kind.of(rs.getString("kind")).orElseThrow(),
                            AwardView.Status.of(rs.getString("status")).orElseThrow(),
                            deadline == null ? null : deadline.toInstant(),
                            rs.getString("tracking_number"),
                            shipped == null ? null : shipped.toInstant(),
                            delivered == null ? null : delivered.toInstant(),
                            addresses.read(rs),
                            rs.getTimestamp("created_at").toInstant());
                })
                .list();
        return rows.stream()
                .map(w -> new Winner(
                        w.awardId(),
                        w.entrantId(),
                        entrants.find(w.entrantId()).map(e -> e.email()).orElse(""),
                        w.prizeName(),
                        w.kind(),
                        w.status(),
                        w.deadline(),
                        w.trackingNumber(),
                        w.shippedAt(),
                        w.deliveredAt(),
                        w.address(),
                        w.wonAt()))
                .toList();
    }

    /** Records that the shipping list of a campaign (with addresses) was exported, and in which encoding. */
    @Transactional
    public void exported(UUID campaignId, int rows, String encoding) {
        audit.record(
                "winners.csv_exported",
                null,
                Map.of("campaign", campaignId.toString(), "rows", rows, "encoding", encoding));
    }

    /**
     * Marks a physical prize shipped with the carrier's tracking number (or changes the number of one already
     * shipped): 409 {@code award_invalid_transition} unless the winner gave an address and it is not yet delivered.
     */
    @Transactional
    public void ship(UUID awardId, String trackingNumber) {
        String tracking = trackingNumber.strip();
        if (tracking.isEmpty()
                || tracking.length() > 50
                || tracking.codePoints().anyMatch(Character::isISOControl)) {
            throw new ProblemException(422, "invalid_tracking_number");
        }
        Instant now = clock.instant();
        int changed = jdbc.sql("""
                        update rewards.awards set status = 'shipped', updated_at = ?
                         where id = ? and status in ('address_given', 'shipped')""").params(Timestamp.from(now), awardId).update();
        if (changed == 0) {
            throw notFoundOrConflict(awardId);
        }
        jdbc.sql("""
                        insert into rewards.shipments (award_id, tracking_number, shipped_at, updated_at)
                        values (?, ?, ?, ?)
                        on conflict (tenant_id, award_id) do update
                           set tracking_number = excluded.tracking_number, updated_at = excluded.updated_at""")
                .params(awardId, tracking, Timestamp.from(now), Timestamp.from(now))
                .update();
        audit.record("award.shipped", null, Map.of("award", awardId.toString(), "trackingNumber", tracking));
    }

    /** Marks a shipped prize delivered: 409 {@code award_invalid_transition} unless it was shipped. */
    @Transactional
    public void markDelivered(UUID awardId) {
        Instant now = clock.instant();
        int changed = jdbc.sql("""
                        update rewards.awards set status = 'delivered', updated_at = ?
                         where id = ? and kind = 'physical' and status = 'shipped'""").params(Timestamp.from(now), awardId).update();
        if (changed == 0) {
            throw notFoundOrConflict(awardId);
        }
        jdbc.sql("update rewards.shipments set delivered_at = ?, updated_at = ? where award_id = ?")
                .params(Timestamp.from(now), Timestamp.from(now), awardId)
                .update();
        audit.record("award.delivered", null, Map.of("award", awardId.toString()));
    }

    private ProblemException notFoundOrConflict(UUID awardId) {
        boolean exists = jdbc.sql("select count(*) from rewards.awards where id = ?")
                        .param(awardId)
                        .query(Long.class)
                        .single()
                > 0;
        return exists ? new ProblemException(409, "award_invalid_transition") : new ProblemException(404, "not_found");
    }

    /**
     * Voids the awards whose address deadline has passed without an address, in one statement, and publishes
     * {@link AwardLapsed} for each (lottery may re-draw); returns them.
     */
    @Transactional
    public List<AwardView> voidLapsed() {
        Instant now = clock.instant();
        List<UUID> lapsed = jdbc.sql("""
                        update rewards.awards set status = 'voided', voided_reason = 'address_deadline_passed',
                                                  updated_at = :now
                         where status = 'address_requested' and deadline <= :now
                        returning id""")
                .param("now", Timestamp.from(now))
                .query(UUID.class)
                .list();
        var tenant = TenantBinder.required();
        var awards = lapsed.stream()
                .map(id -> jdbc.sql(Awards.SELECT + " where a.id = ?")
                        .param(id)
                        .query(Awards::map)
                        .single())
                .toList();
        for (var award : awards) {
            audit.record(
                    "award.lapsed",
                    "address_deadline_passed",
                    Map.of("award", award.id().toString(), "deadline", String.valueOf(award.deadline())));
            events.publishEvent(new AwardLapsed(
                    tenant,
                    award.id(),
                    award.campaignId(),
                    award.courseId(),
                    award.prizeId(),
                    award.entrantId(),
                    award.entryId(),
                    award.source()));
        }
        return awards;
    }

    /**
     * Opens the address form's link of a physical award: a new random token, of which only the SHA-256 is
     * kept; null when the award already has a link (its e-mail went out before).
     */
    @Transactional
    @Nullable
    String openLink(UUID awardId) {
        String token = Secrets.randomToken(32);
        int inserted = jdbc.sql("""
                        insert into rewards.winner_links (award_id, token_sha256, created_at) values (?, ?, ?)
                        on conflict (tenant_id, award_id) do nothing""")
                .params(awardId, digest(token), Timestamp.from(clock.instant()))
                .update();
        return inserted == 1 ? token : null;
    }

    static String digest(String token) {
        return HexFormat.of().formatHex(Secrets.sha256(token));
    }
}
