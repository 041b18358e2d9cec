package jp.tokuten.rewards;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A campaign's rewards settings in the bound tenant ({@code rewards.campaign_settings}): the days a winner of a
 * physical prize has to give an address, and how approved receipts earn points; defaults when none are set
 * (14 days, no points: decision 120). Refusals: 422 {@code invalid_settings} with {@code field}.
 */
@Service
public class RewardSettings {

    /** Days a winner of a physical prize has to give an address when the campaign sets none (decision 120). */
    public static final int DEFAULT_ADDRESS_DAYS = 14;

    /** A campaign's settings. */
    public record Settings(UUID campaignId, int addressDays, PointsRule pointsRule) {}

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    RewardSettings(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Settings of(UUID campaign) {
        return jdbc.sql("""
                        select address_days, points_rule, points_per, yen_unit from rewards.campaign_settings
                         where campaign_id = ?""")
                .param(campaign)
                .query((rs, n) -> new Settings(
                        campaign,
                        rs.getInt(1),
                        new PointsRule(PointsRule.Kind.of(rs.getString(2)).orElseThrow(), rs.getInt(3), rs.getInt(4))))
                .optional()
                .orElse(new Settings(campaign, DEFAULT_ADDRESS_DAYS, PointsRule.NONE));
    }

    /** Sets a campaign's settings (audited as {@code rewards.settings_changed}). */
    @Transactional
    public Settings update(UUID campaign, int addressDays, PointsRule rule) {
        if (addressDays < 1 || addressDays > 365) {
            throw invalid("addressDays");
        }
        if (rule.pointsPer() < 1 || rule.pointsPer() > 100_000) {
            throw invalid("pointsPer");
        }
        if (rule.yenUnit() < 1 || rule.yenUnit() > 1_000_000) {
            throw invalid("yenUnit");
        }
        jdbc.sql("""
                        insert into rewards.campaign_settings (campaign_id, address_days, points_rule, points_per, yen_unit, updated_at)
                        values (:campaign, :days, :rule, :per, :unit, :now)
                        on conflict (tenant_id, campaign_id) do update set address_days = excluded.address_days,
                            points_rule = excluded.points_rule, points_per = excluded.points_per,
                            yen_unit = excluded.yen_unit, updated_at = excluded.updated_at""")
                .param("campaign", campaign)
                .param("days", addressDays)
                .param("rule", rule.kind().code())
                .param("per", rule.pointsPer())
                .param("unit", rule.yenUnit())
                .param("now", Timestamp.from(clock.instant()))
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("campaign", campaign);
        details.put("addressDays", addressDays);
        details.put("pointsRule", rule.kind().code());
        details.put("pointsPer", rule.pointsPer());
        details.put("yenUnit", rule.yenUnit());
        audit.record("rewards.settings_changed", null, details);
        return of(campaign);
    }

    PointsRule pointsRule(UUID campaign) {
        return of(campaign).pointsRule();
    }

    int addressDays(UUID campaign) {
        return of(campaign).addressDays();
    }

    private static ProblemException invalid(String field) {
        return new ProblemException(422, "invalid_settings", field).with("field", field);
    }
}
