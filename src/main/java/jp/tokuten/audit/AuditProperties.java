package jp.tokuten.audit;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokuten.audit.*}: how often committed entries are sealed into their chains (and whether this
 * node does it), and how many days entries are kept before the retention purge removes them: 365 unless
 * set, never fewer (the retention promised to tenants; the database refuses a shorter purge as well).
 */
@ConfigurationProperties("tokuten.audit")
record AuditProperties(
        @Nullable Boolean sealerEnabled, @Nullable Duration sealInterval, int retentionDays) {

    /** The retention promised to tenants; {@code audit.minimum_retention_days()} in the database. */
    static final int MINIMUM_RETENTION_DAYS = 365;

    AuditProperties {
        if (sealerEnabled == null) {
            sealerEnabled = true;
        }
        if (sealInterval == null) {
            sealInterval = Duration.ofSeconds(1);
        }
        if (retentionDays == 0) {
            retentionDays = MINIMUM_RETENTION_DAYS;
        }
        if (retentionDays < MINIMUM_RETENTION_DAYS) {
            throw new IllegalArgumentException(
                    "tokuten.audit.retention-days (TOKUTEN_AUDIT_RETENTION_DAYS) must be at least "
                            + MINIMUM_RETENTION_DAYS + ": " + retentionDays);
        }
    }
}
