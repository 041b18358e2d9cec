package jp.tokuten.audit;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokuten.audit.*}: how often committed entries are sealed into their chains (and whether this
 * node does it), and how many days entries are kept before the retention purge removes them.
 */
@ConfigurationProperties("tokuten.audit")
record AuditProperties(
        @Nullable Boolean sealerEnabled, @Nullable Duration sealInterval, int retentionDays) {

    AuditProperties {
        if (sealerEnabled == null) {
            sealerEnabled = true;
        }
        if (sealInterval == null) {
            sealInterval = Duration.ofSeconds(1);
        }
        if (retentionDays <= 0) {
            retentionDays = 365;
        }
    }
}
