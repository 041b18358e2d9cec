package jp.tokuten.ops;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Monitoring settings ({@code tokuten.monitoring.*}; the environment variables are in docs/operations.md).
 * Thresholds are documented with the checks in docs/operations.md, "Monitoring, alerts and status page".
 */
@ConfigurationProperties("tokuten.monitoring")
record MonitoringProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("PT5M") Duration interval,
        @DefaultValue("PT15S") Duration tick,
        @DefaultValue("PT2M") Duration lease,
        @DefaultValue("PT10S") Duration probeTimeout,
        @DefaultValue("400") int historyDays,
        @DefaultValue List<String> alertEmails,
        @Nullable String alertWebhookUrl,
        @Nullable String lineApiUrl,
        @DefaultValue("./backups") String backupDir,
        @DefaultValue("./data") String dataDir,
        @DefaultValue("PT0.5S") Duration databaseLatency,
        @DefaultValue("10") int diskFreePercent,
        @DefaultValue("PT26H") Duration backupMaxAge,
        @DefaultValue("PT5M") Duration queueLag,
        @DefaultValue("PT24H") Duration deadLetterWindow,
        @DefaultValue("PT2S") Duration clockSkew,
        @DefaultValue("P14D") Duration certificateMinValidity,
        @DefaultValue("90") int heapPercent,
        @DefaultValue("10") int gcPercent,
        @DefaultValue("5") int errorRatePercent,
        @DefaultValue("PT2S") Duration p99Latency,
        @DefaultValue("20") int minRequests,
        @DefaultValue("PT1M") Duration sealingLag,
        @DefaultValue("365") int retentionDays,
        @DefaultValue("2") int retentionSlackDays,
        @DefaultValue({"web", "database"}) List<String> incidentChecks) {

    MonitoringProperties {
        if (interval.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException("tokuten.monitoring.interval must be at least 30 seconds: " + interval);
        }
        alertEmails = alertEmails.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        incidentChecks = incidentChecks.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The webhook URL holds a secret: never printed. */
    @Override
    public String toString() {
        return "MonitoringProperties[interval=" + interval + ", webhook=" + (set(alertWebhookUrl) ? "set" : "unset")
                + ", alertEmails=" + alertEmails.size() + "]";
    }

    static boolean set(@Nullable String value) {
        return value != null && !value.isBlank();
    }
}
