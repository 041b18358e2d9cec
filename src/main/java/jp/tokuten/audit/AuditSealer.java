package jp.tokuten.audit;

import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Links committed entries into their chains shortly after commit, on every node. Nodes never wait for
 * each other: a chain another node is sealing is skipped this round ({@code FOR UPDATE SKIP LOCKED} on
 * its head in {@code audit.seal}).
 */
@Component
class AuditSealer {

    static final int BATCH = 5000;
    private static final Logger log = LoggerFactory.getLogger(AuditSealer.class);

    private final JdbcClient jdbc;
    private final AuditProperties properties;

    AuditSealer(DataSource dataSource, AuditProperties properties) {
        this.jdbc = JdbcClient.create(dataSource);
        this.properties = properties;
    }

    @Scheduled(
            fixedDelayString = "${tokuten.audit.seal-interval:PT1S}",
            initialDelayString = "${tokuten.audit.seal-interval:PT1S}")
    void sealCommitted() {
        if (!Boolean.TRUE.equals(properties.sealerEnabled())) {
            return;
        }
        try {
            int sealed;
            do {
                sealed = jdbc.sql("select audit.seal(?, false)")
                        .param(BATCH)
                        .query(Integer.class)
                        .single();
            } while (sealed == BATCH);
        } catch (RuntimeException e) {
            log.warn("Sealing audit entries failed; will retry: {}", e.getMessage());
        }
    }
}
