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
import jp.tokuten.identity.Entrants;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Entries to the bound tenant's campaigns: an entrant sends one or more receipts (each one or more photos)
 * and the campaign's form fields; the entry is kept at once as {@code pending} and its receipts are read
 * in the background. Refusals are problems: 404 {@code not_found} (no such campaign), 409
 * {@code campaign_not_open}, 422 {@code invalid_entry} (no receipt, too many receipts) and 422
 * {@code invalid_form} with {@code errors}: field → error code.
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

    CampaignEntries(
            Campaigns campaigns, Entrants entrants, ReceiptSubmissions submissions, JdbcClient jdbc, Clock clock) {
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
    @Transactional
    public EntryView submit(UUID campaignId, UUID entrantId, List<ReceiptUpload> receipts, Map<String, String> form)
            throws IOException {
        TenantBinder.required();
        CampaignView campaign = campaigns.require(campaignId);
        if (!campaign.takesEntriesOn(LocalDate.now(clock.withZone(TOKYO)))) {
            throw new ProblemException(409, "campaign_not_open");
        }
        if (receipts.isEmpty() || receipts.stream().anyMatch(r -> r.pages().isEmpty())) {
            throw new ProblemException(422, "invalid_entry", "receipt").with("field", "receipt");
        }
        if (receipts.size() > campaign.receiptsPerEntry()) {
            throw new ProblemException(422, "invalid_entry", "receipt").with("field", "receipt");
        }
        Map<String, String> fields = checkForm(campaign, form);
        entrants.find(entrantId).orElseThrow(() -> new ProblemException(404, "not_found"));
        UUID details = fields.isEmpty() ? null : entrants.saveDetails(entrantId, fields);
        UUID id = TimeOrderedIds.next(clock);
        jdbc.sql("""
                        insert into receipts.entries (id, campaign_id, entrant_id, details_id, created_at)
                        values (?, ?, ?, ?, ?)""")
                .params(id, campaignId, entrantId, details, Timestamp.from(clock.instant()))
                .update();
        int position = 0;
        for (ReceiptUpload receipt : receipts) {
            var submission = submissions.accept(
                    receipt.pages().stream()
                            .map(p -> new ReceiptSubmissions.Page(p.source(), p.size(), p.fileName()))
                            .toList(),
                    campaign.stores());
            jdbc.sql("""
                            insert into receipts.entry_receipts (entry_id, position, submission_id)
                            values (?, ?, ?)""").params(id, position++, submission.id()).update();
        }
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

    private static final String SELECT = """
            select e.*, array(select r.submission_id from receipts.entry_receipts r
                               where r.entry_id = e.id order by r.position) as submission_ids
              from receipts.entries e""";

    private static EntryView map(ResultSet rs, int row) throws SQLException {
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
                judged == null ? null : judged.toInstant());
    }

    private static List<String> strings(@Nullable Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
    }

    private static List<UUID> uuids(@Nullable Array a) throws SQLException {
        return a == null ? List.of() : Arrays.asList((UUID[]) a.getArray());
    }
}
