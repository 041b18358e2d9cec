package jp.tokuten.campaigns;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bound tenant's themes (decision 149): its colours and custom CSS, and a campaign's own on top of them,
 * served to consumer pages as a stylesheet of our origin ({@link #stylesheet}) under the strict CSP. Refusals:
 * 422 {@code invalid_theme} with {@code field} ({@code primaryColor}, {@code accentColor}: not {@code #rrggbb};
 * {@code customCss}: too long, or something the sanitiser had to drop, named in {@code problem}); 404 {@code
 * not_found} for a campaign the tenant does not have.
 */
@Service
public class Themes {

    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditTrail audit;
    private final Campaigns campaigns;
    private final org.springframework.transaction.support.TransactionTemplate readOnly;
    private final jp.tokuten.shared.RecentAnswers<String, Optional<String>> versions;

    Themes(
            JdbcClient jdbc,
            Clock clock,
            AuditTrail audit,
            Campaigns campaigns,
            org.springframework.transaction.PlatformTransactionManager transactions,
            @org.springframework.beans.factory.annotation.Value("${tokuten.access-checks.recheck-after:PT5S}")
                    java.time.Duration recheckAfter) {
        this.readOnly = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.versions = new jp.tokuten.shared.RecentAnswers<>(recheckAfter, 10_000);
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.campaigns = campaigns;
    }

    /** The theme of the bound tenant ({@code campaign} null) or of one of its campaigns; empty when none is set. */
    @Transactional(readOnly = true)
    public ThemeView find(@Nullable UUID campaign) {
        return row(campaign).orElse(ThemeView.none(campaign));
    }

    /**
     * Saves a theme after checking its colours and sanitising its CSS. CSS from which the sanitiser had to drop
     * anything is refused whole (422 {@code invalid_theme}, field {@code customCss}, {@code problem} naming the
     * first thing dropped), so that what the admin sees saved is what they wrote.
     */
    @Transactional
    public ThemeView save(
            @Nullable UUID campaign,
            @Nullable String primaryColor,
            @Nullable String accentColor,
            @Nullable String css) {
        TenantBinder.required();
        if (campaign != null && campaigns.find(campaign).isEmpty()) {
            throw new ProblemException(404, "not_found");
        }
        String primary = colour(primaryColor, "primaryColor");
        String accent = colour(accentColor, "accentColor");
        String custom = css == null ? "" : css.strip();
        if (custom.length() > CustomCss.MAX_CHARS) {
            throw new ProblemException(422, "invalid_theme", "customCss")
                    .with("field", "customCss")
                    .with("problem", "too long");
        }
        var sanitised = CustomCss.sanitise(custom);
        if (!sanitised.clean()) {
            throw new ProblemException(422, "invalid_theme", "customCss")
                    .with("field", "customCss")
                    .with("problem", sanitised.problems().getFirst());
        }
        var now = Timestamp.from(clock.instant());
        int updated = jdbc.sql("""
                        update campaigns.themes set primary_color = :primary, accent_color = :accent, custom_css = :css,
                               sanitised_css = :sanitised, updated_at = :now
                         where scope = :scope and campaign_id is not distinct from :campaign""")
                .param("primary", primary)
                .param("accent", accent)
                .param("css", custom)
                .param("sanitised", sanitised.css())
                .param("now", now)
                .param("scope", campaign == null ? "tenant" : "campaign")
                .param("campaign", campaign)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into campaigns.themes (id, scope, campaign_id, primary_color, accent_color, custom_css,
                                                          sanitised_css, updated_at)
                            values (:id, :scope, :campaign, :primary, :accent, :css, :sanitised, :now)""")
                    .param("id", TimeOrderedIds.next(clock))
                    .param("scope", campaign == null ? "tenant" : "campaign")
                    .param("campaign", campaign)
                    .param("primary", primary)
                    .param("accent", accent)
                    .param("css", custom)
                    .param("sanitised", sanitised.css())
                    .param("now", now)
                    .update();
        }
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        versions.changed();
                    }
                });
        audit.record(
                "theme.saved",
                null,
                campaign == null ? Map.of("scope", "tenant") : Map.of("scope", "campaign", "campaign", campaign));
        return find(campaign);
    }

    /** A stylesheet to serve and the version to name it by (changes whenever a theme it holds changes). */
    public record Stylesheet(String css, String version) {}

    /**
     * The stylesheet of the bound tenant's consumer pages: the tenant's theme, then the campaign's when one is
     * given (a campaign of another tenant, or none, adds nothing). Empty when there is no theme at all.
     */
    @Transactional(readOnly = true)
    public Optional<Stylesheet> stylesheet(@Nullable UUID campaign) {
        var css = new StringBuilder();
        var version = new StringBuilder();
        for (ThemeView t :
                campaign == null ? java.util.List.of(find(null)) : java.util.List.of(find(null), find(campaign))) {
            if (t.updatedAt() == null) {
                continue;
            }
            version.append(Long.toString(t.updatedAt().toEpochMilli(), 36));
            if (t.primaryColor() != null || t.accentColor() != null) {
                css.append(CustomCss.ROOT).append(" {\n");
                if (t.primaryColor() != null) {
                    css.append("  --tk-primary: ").append(t.primaryColor()).append(";\n");
                    css.append("  --brand: ").append(t.primaryColor()).append(";\n");
                }
                if (t.accentColor() != null) {
                    css.append("  --tk-accent: ").append(t.accentColor()).append(";\n");
                    css.append("  --brand-dark: ").append(t.accentColor()).append(";\n");
                }
                css.append("}\n");
            }
            css.append(t.sanitisedCss());
        }
        return version.isEmpty() ? Optional.empty() : Optional.of(new Stylesheet(css.toString(), version.toString()));
    }

    /**
     * The version of the bound tenant's stylesheet for a page ({@link Stylesheet#version()}), or empty when it
     * has no theme, as this node read it at most {@code recheck-after} ago (5 s): every consumer page asks,
     * and most tenants have no theme. A change on this node applies at once, on others within 5 s.
     */
    public Optional<String> versionRecently(@Nullable UUID campaign) {
        String key = TenantBinder.required() + "/" + campaign;
        return versions.get(
                key,
                () -> java.util.Objects.requireNonNull(
                        readOnly.execute(s -> stylesheet(campaign).map(Stylesheet::version))),
                v -> true);
    }

    private Optional<ThemeView> row(@Nullable UUID campaign) {
        return jdbc.sql("""
                        select * from campaigns.themes
                         where scope = :scope and campaign_id is not distinct from :campaign""")
                .param("scope", campaign == null ? "tenant" : "campaign")
                .param("campaign", campaign)
                .query(Themes::map)
                .optional();
    }

    private static @Nullable String colour(@Nullable String value, String field) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (!COLOUR.matcher(v).matches()) {
            throw new ProblemException(422, "invalid_theme", field).with("field", field);
        }
        return v.toLowerCase(Locale.ROOT);
    }

    private static ThemeView map(ResultSet rs, int row) throws SQLException {
        return new ThemeView(
                rs.getObject("campaign_id", UUID.class),
                rs.getString("primary_color"),
                rs.getString("accent_color"),
                rs.getString("custom_css"),
                rs.getString("sanitised_css"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
