package jp.tokuten.campaigns;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bound tenant's campaigns: create and change them, and move them through draft → open → closed →
 * archived (a closed campaign may be opened again). Refusals are {@link ProblemException}s: 422
 * {@code invalid_campaign} with the {@code field} at fault, 404 {@code not_found}, 409
 * {@code invalid_transition}.
 */
@Service
public class Campaigns {

    /** Most stores, chains, prefectures, target products or aliases a campaign lists. */
    public static final int MAX_LIST = 2000;

    private static final SecureRandom RANDOM = new SecureRandom();
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final AuditTrail audit;
    private final jp.tokuten.tenancy.PlanLimits limits;

    Campaigns(JdbcClient jdbc, JsonMapper json, Clock clock, AuditTrail audit, jp.tokuten.tenancy.PlanLimits limits) {
        this.limits = limits;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.audit = audit;
    }

    @Transactional
    public CampaignView create(CampaignDraft draft) {
        TenantBinder.required();
        check(draft);
        UUID id = TimeOrderedIds.next(clock);
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into campaigns.campaigns (id, name, purchase_from, purchase_to, entry_from, entry_to,
                            upload_grace_days, minimum_total, per_entrant_per_day, per_entrant_total, receipts_per_entry,
                            target_products, store_names, store_chains, prefectures, form_fields, landing_text, terms,
                            landing_image_id, preview_token, fraud_action, created_at, updated_at)
                        values (:id, :name, :pf, :pt, :ef, :et, :grace, :min, :perDay, :total, :rpe,
                                :products::jsonb, :stores, :chains, :prefectures, :form::jsonb, :landing, :terms,
                                :image, :token, :fraud, :now, :now)""")
                .paramSource(params(draft)
                        .addValue("id", id)
                        .addValue("token", newToken())
                        .addValue("now", Timestamp.from(now)))
                .update();
        audit.record(
                "campaign.created",
                null,
                Map.of("campaign", id, "name", draft.name().strip()));
        // last: the tenant's usage row stays locked until the commit (decision 145)
        limits.take(jp.tokuten.tenancy.PlanLimit.CAMPAIGNS);
        return find(id).orElseThrow();
    }

    /** Changes a campaign that is not archived. */
    @Transactional
    public CampaignView update(UUID id, CampaignDraft draft) {
        check(draft);
        CampaignView current = require(id);
        if (current.status() == CampaignStatus.ARCHIVED) {
            throw new ProblemException(409, "invalid_transition");
        }
        jdbc.sql("""
                        update campaigns.campaigns set name = :name, purchase_from = :pf, purchase_to = :pt,
                            entry_from = :ef, entry_to = :et, upload_grace_days = :grace, minimum_total = :min,
                            per_entrant_per_day = :perDay, per_entrant_total = :total, receipts_per_entry = :rpe,
                            target_products = :products::jsonb, store_names = :stores, store_chains = :chains,
                            prefectures = :prefectures, form_fields = :form::jsonb, landing_text = :landing,
                            terms = :terms, landing_image_id = :image, fraud_action = :fraud, updated_at = :now
                         where id = :id""")
                .paramSource(params(draft).addValue("id", id).addValue("now", Timestamp.from(clock.instant())))
                .update();
        audit.record("campaign.updated", null, Map.of("campaign", id));
        return require(id);
    }

    /**
     * Sets (or with null removes) the landing page image of a campaign that is not archived: the id of a
     * file the caller stored for the bound tenant.
     */
    @Transactional
    public CampaignView changeLandingImage(UUID id, @Nullable UUID image) {
        CampaignView current = require(id);
        if (current.status() == CampaignStatus.ARCHIVED) {
            throw new ProblemException(409, "invalid_transition");
        }
        jdbc.sql("update campaigns.campaigns set landing_image_id = :image, updated_at = :now where id = :id")
                .param("image", image)
                .param("now", Timestamp.from(clock.instant()))
                .param("id", id)
                .update();
        var details = new java.util.HashMap<String, @Nullable Object>();
        details.put("campaign", id);
        details.put("image", image);
        audit.record("campaign.image_changed", null, details);
        return require(id);
    }

    /** Replaces the secret of the preview link, so that a link handed out before stops working. */
    @Transactional
    public CampaignView rotatePreviewToken(UUID id) {
        require(id);
        jdbc.sql("update campaigns.campaigns set preview_token = :token, updated_at = :now where id = :id")
                .param("token", newToken())
                .param("now", Timestamp.from(clock.instant()))
                .param("id", id)
                .update();
        audit.record("campaign.preview_link_rotated", null, Map.of("campaign", id));
        return require(id);
    }

    private static String newToken() {
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    @Transactional(readOnly = true)
    public Optional<CampaignView> find(UUID id) {
        return jdbc.sql("select * from campaigns.campaigns where id = ?")
                .param(id)
                .query(this::map)
                .optional();
    }

    /** The campaign, or 404 {@code not_found}. */
    @Transactional(readOnly = true)
    public CampaignView require(UUID id) {
        return find(id).orElseThrow(() -> new ProblemException(404, "not_found"));
    }

    /** The campaign whose preview link carries this token. */
    @Transactional(readOnly = true)
    public Optional<CampaignView> findByPreviewToken(String token) {
        return jdbc.sql("select * from campaigns.campaigns where preview_token = ?")
                .param(token)
                .query(this::map)
                .optional();
    }

    /** The bound tenant's campaigns, newest first, optionally of one status. */
    @Transactional(readOnly = true)
    public List<CampaignView> list(@Nullable CampaignStatus status) {
        return jdbc.sql("""
                        select * from campaigns.campaigns where (cast(:status as text) is null or status = :status)
                         order by created_at desc""")
                .param("status", status == null ? null : status.code())
                .query(this::map)
                .list();
    }

    /** Opens a draft or a closed campaign for entries. */
    @Transactional
    public CampaignView open(UUID id) {
        return move(
                id,
                "open",
                "status in ('draft', 'closed')",
                "opened_at = coalesce(opened_at, :now)",
                "campaign.opened");
    }

    /** Stops taking entries. */
    @Transactional
    public CampaignView close(UUID id) {
        return move(id, "closed", "status = 'open'", "closed_at = :now", "campaign.closed");
    }

    /** Puts a closed campaign away; it can no longer change. */
    @Transactional
    public CampaignView archive(UUID id) {
        return move(id, "archived", "status = 'closed'", "closed_at = coalesce(closed_at, :now)", "campaign.archived");
    }

    private CampaignView move(UUID id, String to, String from, String also, String action) {
        require(id);
        int changed = jdbc.sql("update campaigns.campaigns set status = :to, updated_at = :now, " + also
                        + " where id = :id and " + from)
                .param("to", to)
                .param("now", Timestamp.from(clock.instant()))
                .param("id", id)
                .update();
        if (changed == 0) {
            throw new ProblemException(409, "invalid_transition");
        }
        audit.record(action, null, Map.of("campaign", id));
        return require(id);
    }

    private static void check(CampaignDraft d) {
        if (d.name().isBlank() || d.name().length() > 200) {
            throw invalid("name");
        }
        if (d.purchasePeriod().from().isAfter(d.purchasePeriod().to())) {
            throw invalid("purchasePeriod");
        }
        if (d.entryPeriod().from().isAfter(d.entryPeriod().to())) {
            throw invalid("entryPeriod");
        }
        if (d.uploadGraceDays() < 0 || d.uploadGraceDays() > 60) {
            throw invalid("uploadGraceDays");
        }
        if (d.minimumTotal() != null && d.minimumTotal() < 0) {
            throw invalid("minimumTotal");
        }
        var limit = d.perEntrantLimit();
        if ((limit.perDay() != null && limit.perDay() < 1)
                || (limit.total() != null && limit.total() < 1)
                || (limit.perDay() != null && limit.total() != null && limit.perDay() > limit.total())) {
            throw invalid("perEntrantLimit");
        }
        if (d.receiptsPerEntry() < 1 || d.receiptsPerEntry() > 10) {
            throw invalid("receiptsPerEntry");
        }
        checkNames(d.stores(), "stores");
        checkNames(d.chains(), "chains");
        checkNames(d.prefectures(), "prefectures");
        if (d.targetProducts().size() > MAX_LIST) {
            throw invalid("targetProducts");
        }
        for (var p : d.targetProducts()) {
            if (p.name().isBlank()
                    || p.name().length() > 200
                    || p.minimumQuantity() < 1
                    || (p.minimumAmount() != null && p.minimumAmount() < 0)) {
                throw invalid("targetProducts");
            }
            checkNames(p.aliases(), "targetProducts");
            for (String jan : p.janCodes()) {
                if (!jan.matches("[0-9]{8}|[0-9]{13}")) {
                    throw invalid("targetProducts");
                }
            }
        }
        var keys = new HashSet<String>();
        for (var f : d.formFields()) {
            if (!FormField.validKey(f.key())
                    || !keys.add(f.key())
                    || f.maxLength() < 1
                    || f.maxLength() > 2000
                    || f.label().length() > 200
                    || (f.type() == FormField.CharType.CHOICE && f.options().isEmpty())) {
                throw invalid("formFields");
            }
        }
        if (d.landingText().length() > 20000) {
            throw invalid("landingText");
        }
        if (d.terms().length() > 50000) {
            throw invalid("terms");
        }
        if (!d.fraudAction().equals("block") && !d.fraudAction().equals("review")) {
            throw invalid("fraudAction");
        }
    }

    private static void checkNames(List<String> names, String field) {
        if (names.size() > MAX_LIST) {
            throw invalid(field);
        }
        for (String n : names) {
            if (n.isBlank() || n.length() > 200) {
                throw invalid(field);
            }
        }
    }

    private static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_campaign", field).with("field", field);
    }

    private org.springframework.jdbc.core.namedparam.MapSqlParameterSource params(CampaignDraft d) {
        return new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("name", d.name().strip())
                .addValue("pf", d.purchasePeriod().from())
                .addValue("pt", d.purchasePeriod().to())
                .addValue("ef", d.entryPeriod().from())
                .addValue("et", d.entryPeriod().to())
                .addValue("grace", d.uploadGraceDays())
                .addValue("min", d.minimumTotal())
                .addValue("perDay", d.perEntrantLimit().perDay())
                .addValue("total", d.perEntrantLimit().total())
                .addValue("rpe", d.receiptsPerEntry())
                .addValue("products", json.writeValueAsString(d.targetProducts()))
                .addValue("stores", d.stores().toArray(String[]::new))
                .addValue("chains", d.chains().toArray(String[]::new))
                .addValue("prefectures", d.prefectures().toArray(String[]::new))
                .addValue("form", json.writeValueAsString(d.formFields()))
                .addValue("landing", d.landingText())
                .addValue("terms", d.terms())
                .addValue("image", d.landingImage())
                .addValue("fraud", d.fraudAction());
    }

    private CampaignView map(ResultSet rs, int row) throws SQLException {
        return new CampaignView(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                CampaignStatus.of(rs.getString("status")),
                new CampaignView.Period(
                        rs.getObject("purchase_from", java.time.LocalDate.class),
                        rs.getObject("purchase_to", java.time.LocalDate.class)),
                new CampaignView.Period(
                        rs.getObject("entry_from", java.time.LocalDate.class),
                        rs.getObject("entry_to", java.time.LocalDate.class)),
                rs.getInt("upload_grace_days"),
                rs.getObject("minimum_total", Long.class),
                strings(rs.getArray("store_names")),
                strings(rs.getArray("store_chains")),
                strings(rs.getArray("prefectures")),
                json.readValue(
                        rs.getString("target_products"), new TypeReference<List<CampaignView.TargetProduct>>() {}),
                new CampaignView.EntrantLimit(
                        rs.getObject("per_entrant_per_day", Integer.class),
                        rs.getObject("per_entrant_total", Integer.class)),
                rs.getInt("receipts_per_entry"),
                json.readValue(rs.getString("form_fields"), new TypeReference<List<FormField>>() {}),
                rs.getString("landing_text"),
                rs.getString("terms"),
                rs.getObject("landing_image_id", UUID.class),
                rs.getString("preview_token"),
                rs.getString("fraud_action"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static List<String> strings(@Nullable Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
