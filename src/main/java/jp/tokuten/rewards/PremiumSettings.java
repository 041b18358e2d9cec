package jp.tokuten.rewards;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a campaign's legal caps are measured against, in the bound tenant: the transaction value an entry
 * needs (取引価額) and the campaign's expected sales (売上予定総額), as the tenant states them; and the
 * {@link PremiumLimits} warnings of a campaign's courses against them ({@link #warnings}), for the course
 * screens and the course API of {@code lottery}.
 */
@Service
public class PremiumSettings {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    PremiumSettings(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** A campaign's stated values; null where not stated. */
    public record Settings(
            UUID campaignId,
            @Nullable Long transactionYen,
            @Nullable Long expectedSalesYen) {}

    @Transactional(readOnly = true)
    public Settings of(UUID campaignId) {
        return jdbc.sql("""
                        select transaction_yen, expected_sales_yen from rewards.premium_settings
                         where campaign_id = ?""")
                .param(campaignId)
                .query((rs, n) -> new Settings(
                        campaignId,
                        rs.getObject("transaction_yen", Long.class),
                        rs.getObject("expected_sales_yen", Long.class)))
                .optional()
                .orElse(new Settings(campaignId, null, null));
    }

    /**
     * States a campaign's values (null clears one); 422 {@code invalid_premium_settings} with {@code field}
     * for a negative or too large amount. Audited as {@code premiums.settings_changed}.
     */
    @Transactional
    public Settings update(UUID campaignId, @Nullable Long transactionYen, @Nullable Long expectedSalesYen) {
        if (transactionYen != null && (transactionYen < 0 || transactionYen > 100_000_000L)) {
            throw new ProblemException(422, "invalid_premium_settings", "transactionYen")
                    .with("field", "transactionYen");
        }
        if (expectedSalesYen != null && (expectedSalesYen < 0 || expectedSalesYen > 1_000_000_000_000L)) {
            throw new ProblemException(422, "invalid_premium_settings", "expectedSalesYen")
                    .with("field", "expectedSalesYen");
        }
        jdbc.sql("""
                        insert into rewards.premium_settings (campaign_id, transaction_yen, expected_sales_yen, updated_at)
                        values (?, ?, ?, ?)
                        on conflict (tenant_id, campaign_id) do update
                           set transaction_yen = excluded.transaction_yen,
                               expected_sales_yen = excluded.expected_sales_yen,
                               updated_at = excluded.updated_at""")
                .params(campaignId, transactionYen, expectedSalesYen, Timestamp.from(clock.instant()))
                .update();
        var details = new HashMap<String, @Nullable Object>();
        details.put("campaign", campaignId.toString());
        details.put("transactionYen", transactionYen);
        details.put("expectedSalesYen", expectedSalesYen);
        audit.record("premiums.settings_changed", null, details);
        return of(campaignId);
    }

    /** The warnings of a campaign's courses (as planned) against the campaign's stated values. */
    @Transactional(readOnly = true)
    public List<PremiumLimits.Warning> warnings(UUID campaignId, List<PremiumLimits.Course> courses) {
        var settings = of(campaignId);
        return PremiumLimits.check(
                new PremiumLimits.Plan(settings.transactionYen(), settings.expectedSalesYen(), courses));
    }

    /** Parses an amount typed in a form: digits with optional commas and a yen sign; blank is null. */
    public static @Nullable Long amount(String typed, String field) {
        String t =
                typed.strip().replace(",", "").replace("，", "").replace("¥", "").replace("円", "");
        if (t.isEmpty()) {
            return null;
        }
        if (!t.matches("[0-9]{1,13}")) {
            throw new ProblemException(422, "invalid_premium_settings", field).with("field", field);
        }
        return Long.parseLong(t);
    }
}
