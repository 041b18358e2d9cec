package jp.tokuten.ops;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokuten.backup.*}: the key ({@code TOKUTEN_BACKUP_KEY}), where backups go ({@code TOKUTEN_BACKUP_DIR},
 * {@code ./backups}), when the daily one starts ({@code TOKUTEN_BACKUP_AT}, {@code 03:00} Japan time, or
 * {@code off}), how many are kept (7), a second directory they are copied to, and whether the audit chains'
 * heads are anchored hourly.
 */
@ConfigurationProperties("tokuten.backup")
record BackupProperties(
        @Nullable String key,
        @Nullable Path dir,
        @Nullable String at,
        int keep,
        @Nullable Path copyDir,
        @Nullable Boolean anchors,
        @Nullable S3 s3) {

    /**
     * {@code tokuten.backup.s3.*}: S3-compatible storage every backup and anchor is copied to, when an endpoint
     * is set (decision 134).
     */
    record S3(
            @Nullable String endpoint,
            @Nullable String bucket,
            @Nullable String region,
            @Nullable String accessKey,
            @Nullable String secretKey,
            @Nullable String prefix) {

        boolean enabled() {
            return endpoint != null && !endpoint.isBlank();
        }

        @Override
        public String toString() {
            return "S3[" + endpoint + ", " + bucket + ", " + prefix + "]";
        }
    }

    BackupProperties {
        if (dir == null) {
            dir = Path.of("backups");
        }
        if (at == null || at.isBlank()) {
            at = "03:00";
        }
        if (keep == 0) {
            keep = 7;
        }
        if (keep < 1) {
            throw new IllegalArgumentException("tokuten.backup.keep (TOKUTEN_BACKUP_KEEP) must be at least 1: " + keep);
        }
        if (anchors == null) {
            anchors = true;
        }
        if (s3 != null && s3.enabled()) {
            for (var required : new String[][] {
                {"bucket", s3.bucket()}, {"access-key", s3.accessKey()}, {"secret-key", s3.secretKey()}
            }) {
                if (required[1] == null || required[1].isBlank()) {
                    throw new IllegalArgumentException("tokuten.backup.s3." + required[0] + " (TOKUTEN_BACKUP_S3_"
                            + required[0].toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                            + ") must be set when TOKUTEN_BACKUP_S3_ENDPOINT is");
                }
            }
        }
        if (!at.equalsIgnoreCase("off")) {
            try {
                LocalTime.parse(at.strip());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "tokuten.backup.at (TOKUTEN_BACKUP_AT) must be a time of day such as 03:00, or off: " + at);
            }
        }
    }

    /** The daily backup's time of day in Japan, or null when daily backups are off. */
    @Nullable
    LocalTime dailyAt() {
        return at == null || at.equalsIgnoreCase("off") ? null : LocalTime.parse(at.strip());
    }

    @Override
    public String toString() {
        return "BackupProperties[dir=" + dir + ", at=" + at + ", keep=" + keep + ", copyDir=" + copyDir + ", s3=" + s3
                + "]";
    }
}
