package jp.tokuten.receipts;

import java.io.IOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.identity.EntrantView;
import jp.tokuten.identity.Entrants;
import jp.tokuten.shared.FoldedText;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Entries to the bound tenant's campaigns: an entrant sends one or more receipts (each one or more photos)
 * and the campaign's form fields; the entry is kept at once as {@code pending} and its receipts are read
 * in the background. Refusals are problems: 404 {@code not_found} (no such campaign), 409
 * {@code campaign_not_open}, 409 {@code entrant_limit_reached}, 403 {@code entrant_blocked}, 422
 * {@code invalid_entry} (no receipt, too many receipts, a bad device id), 422 {@code invalid_form} with
 * {@code errors}: field → error code, and 409 {@code not_resubmittable}. Once all its receipts are read an
 * entry is judged ({@link EntryJudgement}).
 */
@Service
public class CampaignEntries {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /** One uploaded photo. */
    public record Upload(InputStreamSource source, long size, String fileName) {}

    /** One receipt of an entry: one photo, or several photos of one long receipt. */
    public record ReceiptUpload(List<Upload> pages) {
        public ReceiptUpload {
            pages = List.copyOf(pages);
        }
    }

    private final Campaigns campaigns;
    private final Entrants entrants;
    private final ReceiptSubmissions submissions;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final EntrantLimits limits;
    private final jp.tokuten.tenancy.PlanLimits planLimits;

    CampaignEntries(
            Campaigns campaigns,
            Entrants entrants,
            ReceiptSubmissions submissions,
            EntrantLimits limits,
            JdbcClient jdbc,
            Clock clock,
            PlatformTransactionManager transactions,
            jp.tokuten.tenancy.PlanLimits planLimits) {
        this.planLimits = planLimits;
        this.transaction = new TransactionTemplate(transactions);
        this.limits = limits;
        this.campaigns = campaigns;
        this.entrants = entrants;
        this.submissions = submissions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Keeps an entry of the entrant to the campaign and queues the reading of its receipts.
     *
     * @param form the values of the campaign's form fields, by field key; other keys are ignored
     */
    public EntryView submit(UUID campaignId, UUID entrantId, List<ReceiptUpload> receipts, Map<String, String> form)
            throws IOException {
        return submit(campaignId, entrantId, receipts, form, null);
    }

    /**
     * Keeps an entry of the entrant to the campaign, with the device it was sent from (a cookie's id, a
     * fraud signal when many entrants share it), and queues the reading of its receipts. The entry takes a
     * place in the entrant's limits at once (409 {@code entrant_limit_reached} when none is left; decision
     * 076); a blocked entrant is refused with 403 {@code entrant_blocked}.
     *
     * <p>The photos are screened and stored before the entry's transaction begins, so that no database
     * connection waits on an upload's bytes (decision 093); when the entry is refused they are deleted.
     */
    public EntryView submit(
            UUID campaignId,
            UUID entrantId,
            List<ReceiptUpload> receipts,
            Map<String, String> form,
            @Nullable String deviceId)
            throws IOException {
        TenantBinder.required();
        try (Photos photos = receive(receipts)) {
            return transaction.execute(status -> submit(campaignId, entrantId, photos, form, deviceId));
        }
    }

    private EntryView submit(
            UUID campaignId, UUID entrantId, Photos receipts, Map<String, String> form, @Nullable String deviceId) {
        CampaignView campaign = open(campaignId);
        checkReceipts(campaign, receipts);
        Map<String, String> fields = checkForm(campaign, form);
        checkDevice(deviceId);
        var entrant = entrants.find(entrantId).orElseThrow(() -> new ProblemException(404, "not_found"));
        return submit(campaign, entrant, receipts, fields, deviceId);
    }

    /** The entry of a known entrant to an open campaign whose receipts and form have been checked. */
    private EntryView submit(
            CampaignView campaign,
            EntrantView entrant,
            Photos receipts,
            Map<String, String> fields,
            @Nullable String deviceId) {
        if (entrant.blocked()) {
            throw new ProblemException(403, "entrant_blocked");
        }
        UUID details = fields.isEmpty() ? null : entrants.saveDetails(entrant.id(), fields);
        return create(campaign, entrant.id(), receipts, details, deviceId, addressHash(fields.get("address")), null);
    }

    /**
     * Keeps an entry of the entrant with this e-mail address (found, or created when new: the caller has
     * verified the address) to the campaign; otherwise as {@link #submit(UUID, UUID, List, Map, String)}.
     * A malformed address is 422 {@code invalid_form} with {@code errors: {email: not_email}}.
     */
    public EntryView submitFor(
            UUID campaignId,
            String email,
            List<ReceiptUpload> receipts,
            Map<String, String> form,
            @Nullable String deviceId)
            throws IOException {
        TenantBinder.required();
        try (Photos photos = receive(receipts)) {
            return transaction.execute(status -> submitFor(campaignId, email, photos, form, deviceId));
        }
    }

    private EntryView submitFor(
            UUID campaignId, String email, Photos receipts, Map<String, String> form, @Nullable String deviceId) {
        CampaignView campaign = open(campaignId);
        checkReceipts(campaign, receipts);
        var emailField = new FormField("email", "", true, FormField.CharType.EMAIL, 254, List.of());
        Map<String, String> errors = new LinkedHashMap<>();
        emailField.check(email, LocalDate.now(clock.withZone(TOKYO)).getYear()).ifPresent(e -> errors.put("email", e));
        Map<String, String> fields = Map.of();
        try {
            fields = checkForm(campaign, form);
        } catch (ProblemException p) {
            @SuppressWarnings("unchecked")
            var fieldErrors = (Map<String, String>) p.properties().get("errors");
            errors.putAll(fieldErrors);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "invalid_form").with("errors", errors);
        }
        checkDevice(deviceId);
        return submit(campaign, entrants.findOrCreateByEmail(email), receipts, fields, deviceId);
    }

    /**
     * A new entry in place of a rejected one that a new photo can fix ({@code unreadable_image}, or a
     * reviewer's {@code low_confidence}): same entrant, form details and device, new receipts. Refused with
     * 409 {@code not_resubmittable} for any other rejection, an entry not rejected, or one already resubmitted;
     * the campaign must still take entries and the entrant's limits apply as to any entry.
     */
    public EntryView resubmit(UUID entryId, List<ReceiptUpload> receipts) throws IOException {
        TenantBinder.required();
        try (Photos photos = receive(receipts)) {
            return transaction.execute(status -> resubmit(entryId, photos));
        }
    }

    private EntryView resubmit(UUID entryId, Photos receipts) {
        EntryView old = jdbc.sql(SELECT + " where e.id = ? for update of e")
                .param(entryId)
                .query(CampaignEntries::map)
                .optional()
                .orElseThrow(() -> new ProblemException(404, "not_found"));
        boolean fixable = old.status().equals("rejected")
                && !old.reasons().isEmpty()
                && old.reasons().stream()
                        .allMatch(r -> ReasonCode.of(r)
                                .map(ReasonCode::fixableByNewPhoto)
                                .orElse(false));
        boolean already = jdbc.sql("select exists (select 1 from receipts.entries where resubmission_of = ?)")
                .param(entryId)
                .query(Boolean.class)
                .single();
        if (!fixable || already) {
            throw new ProblemException(409, "not_resubmittable");
        }
        CampaignView campaign = open(old.campaignId());
        checkReceipts(campaign, receipts);
        var row = jdbc.sql("select device_id, address_hash from receipts.entries where id = ?")
                .param(entryId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .single();
        return create(campaign, old.entrantId(), receipts, old.detailsId(), row[0], row[1], entryId);
    }

    private CampaignView open(UUID campaignId) {
        CampaignView campaign = campaigns.require(campaignId);
        if (!campaign.takesEntriesOn(today())) {
            throw new ProblemException(409, "campaign_not_open");
        }
        return campaign;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(TOKYO));
    }

    private static void checkReceipts(CampaignView campaign, Photos receipts) {
        if (receipts.received.size() > campaign.receiptsPerEntry()) {
            throw new ProblemException(422, "invalid_entry", "receipt").with("field", "receipt");
        }
    }

    /** The receipts of one request, screened and stored, until the entry's transaction records them. */
    private static final class Photos implements AutoCloseable {
        private final List<ReceiptSubmissions.Received> received = new java.util.ArrayList<>();

        @Override
        public void close() {
            received.forEach(ReceiptSubmissions.Received::close);
        }
    }

    /** More receipts than any campaign takes in one entry: refused before any photo is read. */
    private static final int MAX_RECEIPTS = 10;

    /** Screens and stores the photos outside any transaction; a refusal deletes those already stored. */
    private Photos receive(List<ReceiptUpload> receipts) throws IOException {
        if (receipts.isEmpty()
                || receipts.size() > MAX_RECEIPTS
                || receipts.stream().anyMatch(r -> r.pages().isEmpty())) {
            throw new ProblemException(422, "invalid_entry", "receipt").with("field", "receipt");
        }
        Photos photos = new Photos();
        try {
            for (ReceiptUpload receipt : receipts) {
                photos.received.add(submissions.receive(receipt.pages().stream()
                        .map(p -> new ReceiptSubmissions.Page(p.source(), p.size(), p.fileName()))
                        .toList()));
            }
            return photos;
        } catch (IOException | RuntimeException e) {
            photos.close();
            throw e;
        }
    }

    private static void checkDevice(@Nullable String deviceId) {
        if (deviceId != null && (deviceId.length() > 200 || deviceId.chars().anyMatch(Character::isISOControl))) {
            throw new ProblemException(422, "invalid_entry", "deviceId").with("field", "deviceId");
        }
    }

    /** The address folded and hashed: a fraud signal that keeps no address outside identity (decision 059). */
    static @Nullable String addressHash(@Nullable String address) {
        String folded = address == null ? "" : FoldedText.fold(address);
        return folded.isEmpty() ? null : EntryJudge.sha256("address|" + folded);
    }

    private EntryView create(
            CampaignView campaign,
            UUID entrantId,
            Photos receipts,
            @Nullable UUID details,
            @Nullable String deviceId,
            @Nullable String addressHash,
            @Nullable UUID resubmissionOf) {
        LocalDate day = today();
        // before any photo is recorded (they were only screened and stored, no decoding: decision 093): the
        // entry takes its place in the entrant's counters first, so an entrant's simultaneous submissions
        // wait for each other here (other entrants' do not), and those over the limit are refused at once
        // (decision 076)
        limits.take(campaign, entrantId, day);
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("""
                        insert into receipts.entries (id, campaign_id, entrant_id, details_id, device_id, address_hash,
                                                      resubmission_of, created_at, counted_on)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        campaign.id(),
                        entrantId,
                        details,
                        deviceId == null || deviceId.isBlank() ? null : deviceId.strip(),
                        addressHash,
                        resubmissionOf,
                        Timestamp.from(clock.instant()),
                        day)
                .update();
        int position = 0;
        for (ReceiptSubmissions.Received receipt : receipts.received) {
            var submission = submissions.record(receipt, campaign.stores());
            jdbc.sql("""
                            insert into receipts.entry_receipts (entry_id, position, submission_id)
                            values (?, ?, ?)""").params(id, position++, submission.id()).update();
        }
        // last: the tenant's monthly usage row stays locked only until the commit (decision 145)
        planLimits.take(jp.tokuten.tenancy.PlanLimit.ENTRIES_PER_MONTH);
        return find(id).orElseThrow();
    }

    /** Checks the form against the campaign's fields: the accepted values by key, or 422 {@code invalid_form}. */
    Map<String, String> checkForm(CampaignView campaign, Map<String, String> form) {
        int year = LocalDate.now(clock.withZone(TOKYO)).getYear();
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> accepted = new LinkedHashMap<>();
        for (FormField field : campaign.formFields()) {
            String value = form.get(field.key());
            field.check(value, year).ifPresentOrElse(error -> errors.put(field.key(), error), () -> {
                if (value != null && !value.isBlank()) {
                    accepted.put(field.key(), value.strip());
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "invalid_form").with("errors", errors);
        }
        return accepted;
    }

    @Transactional(readOnly = true)
    public Optional<EntryView> find(UUID id) {
        return jdbc.sql(SELECT + " where e.id = ?")
                .param(id)
                .query(CampaignEntries::map)
                .optional();
    }

    /** A campaign's entries, newest first, optionally of one status. */
    @Transactional(readOnly = true)
    public List<EntryView> list(UUID campaign, @Nullable String status, int offset, int limit) {
        return jdbc.sql(SELECT + "\n" + """
                         where e.campaign_id = :campaign and (cast(:status as text) is null or e.status = :status)
                         order by e.created_at desc, e.id desc offset :offset limit :limit""")
                .param("campaign", campaign)
                .param("status", status)
                .param("offset", Math.max(0, offset))
                .param("limit", Math.clamp(limit, 1, 500))
                .query(CampaignEntries::map)
                .list();
    }

    /** An entrant's entries to a campaign, newest first ("my entries"). */
    @Transactional(readOnly = true)
    public List<EntryView> ofEntrant(UUID entrant, UUID campaign) {
        return jdbc.sql(SELECT + " where e.entrant_id = ? and e.campaign_id = ? order by e.created_at desc")
                .params(entrant, campaign)
                .query(CampaignEntries::map)
                .list();
    }

    static final String SELECT = """
            select e.*, array(select r.submission_id from receipts.entry_receipts r
                               where r.entry_id = e.id order by r.position) as submission_ids
              from receipts.entries e""";

    static EntryView map(ResultSet rs, int row) throws SQLException {
        Timestamp judged = rs.getTimestamp("judged_at");
        return new EntryView(
                rs.getObject("id", UUID.class),
                rs.getObject("campaign_id", UUID.class),
                rs.getObject("entrant_id", UUID.class),
                rs.getObject("details_id", UUID.class),
                rs.getString("status"),
                strings(rs.getArray("reasons")),
                uuids(rs.getArray("submission_ids")),
                rs.getObject("resubmission_of", UUID.class),
                rs.getObject("decided_by", UUID.class),
                rs.getTimestamp("created_at").toInstant(),
                judged == null ? null : judged.toInstant(),
                rs.getObject("total_yen", Long.class));
    }

    private static List<String> strings(@Nullable Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    private static List<UUID> uuids(@Nullable Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((UUID[]) a.getArray());
    }
}
