package jp.tokuten.ops;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.jobs.JobHandler;
import jp.tokuten.jobs.JobView;
import jp.tokuten.jobs.Jobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The backup's and the audit anchor's jobs, and the task that queues them: every minute each node queues
 * the day's backup once its time has come (a unique row per Japan date, so one backup a day whichever node
 * asks first, and a node that was down at 03:00 still makes it when it comes up) and the hour's anchor (a
 * unique job key per hour). Whichever node's job worker claims the job runs it (decision 133).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackupProperties.class)
class BackupJobs {

    static final String ANCHOR_JOB = "ops.audit-anchor";
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final Logger log = LoggerFactory.getLogger(BackupJobs.class);

    @Bean
    JobHandler backupJob(Backups backups) {
        return new JobHandler() {
            @Override
            public String type() {
                return Backups.JOB;
            }

            @Override
            public void handle(JobView job) {
                backups.run(UUID.fromString(String.valueOf(job.payload().get("backup"))));
            }
        };
    }

    @Bean
    JobHandler anchorJob(Backups backups) {
        return new JobHandler() {
            @Override
            public String type() {
                return ANCHOR_JOB;
            }

            @Override
            public void handle(JobView job) throws Exception {
                var key = backups.key();
                if (key.isPresent()) {
                    backups.writeAnchor(key.get());
                }
            }
        };
    }

    /** Queues the day's backup and the hour's anchor when they are due. */
    @Component
    static class Schedule {
        private final Backups backups;
        private final Jobs jobs;
        private final BackupProperties properties;
        private final Clock clock;
        private boolean warnedNoKey;

        Schedule(Backups backups, Jobs jobs, BackupProperties properties, Clock clock) {
            this.backups = backups;
            this.jobs = jobs;
            this.properties = properties;
            this.clock = clock;
        }

        @Scheduled(
                fixedDelayString = "${tokuten.backup.check-every:PT1M}",
                initialDelayString = "${tokuten.backup.check-every:PT1M}")
        void queueDue() {
            try {
                var now = LocalDateTime.now(clock.withZone(TOKYO));
                var at = properties.dailyAt();
                if (at != null && !now.toLocalTime().isBefore(at)) {
                    backups.startDaily(now.toLocalDate())
                            .ifPresent(id -> log.info("Daily backup {} of {} queued", id, now.toLocalDate()));
                }
                if (Boolean.TRUE.equals(properties.anchors())) {
                    if (backups.key().isEmpty()) {
                        if (!warnedNoKey) {
                            log.warn("TOKUTEN_BACKUP_KEY is not set: no backups and no audit anchors are made");
                            warnedNoKey = true;
                        }
                        return;
                    }
                    var hour = now.truncatedTo(ChronoUnit.HOURS);
                    jobs.enqueue(ANCHOR_JOB, null, Map.of("hour", hour.toString()), ANCHOR_JOB + ":" + hour);
                }
            } catch (RuntimeException e) {
                log.warn("Queueing the backup or the audit anchor failed; will retry: {}", e.getMessage());
            }
        }
    }
}
