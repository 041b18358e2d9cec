package jp.tokuten.audit;

import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Purges audit entries older than {@code tokuten.audit.retention-days} (365 by default) once a day,
 * chain by chain, each in its own transaction. What remains stays verifiable: the last removed entry
 * becomes the chain's anchor. Any node may run it; a second node finds nothing left to purge.
 */
@Component
class AuditRetention {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final JdbcClient jdbc;
    private final AuditProperties properties;

    AuditRetention(DataSource dataSource, AuditProperties properties) {
        this.jdbc = JdbcClient.create(dataSource);
        this.properties = properties;
    }

    @Scheduled(cron = "${tokuten.audit.purge-cron:0 40 3 * * *}", zone = "Asia/Tokyo")
    void purgeOnSchedule() {
        try {
            long removed = purgeExpired();
            if (removed > 0) {
                log.info("Purged {} audit entries older than {} days", removed, properties.retentionDays());
            }
            long accesses = jdbc.sql("select audit.purge_access_log(?)")
                    .param(properties.retentionDays())
                    .query(Long.class)
                    .single();
            if (accesses > 0) {
                log.info("Purged {} access log entries older than {} days", accesses, properties.retentionDays());
            }
        } catch (RuntimeException e) {
            log.warn("Purging old audit entries failed; will retry at the next run: {}", e.getMessage());
        }
    }

    /** Removes entries past retention from every chain and returns how many. */
    long purgeExpired() {
        List<UUID> chains = jdbc.sql("select chain from audit.chains order by chain")
                .query(UUID.class)
                .list();
        long removed = 0;
        for (UUID chain : chains) {
            removed += jdbc.sql("select audit.purge(?, ?)")
                    .params(chain, properties.retentionDays())
                    .query(Long.class)
                    .single();
        }
        return removed;
    }
}
