package jp.tokuten.ops;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.audit.AuditTrail;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.jobs.JobHandler;
import jp.tokuten.jobs.JobView;
import jp.tokuten.privacy.PersonalData;
import jp.tokuten.tenancy.TenantId;
import jp.tokuten.tenancy.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code tenant.delete} job: on its day, deletes everything of a terminated tenant. In one transaction
 * (no tenant bound) {@code ops.purge_tenant} removes its rows from every table that has a tenant_id, seals
 * and then removes its audit chain; its personal-data key (a file outside the database) is destroyed, so
 * what older backups hold of its personal data cannot be decrypted; the certificate is issued and the
 * termination marked deleted. After the commit
 * its photo folder and its exports are removed from disk. Runs again harmlessly: a deleted tenant only has
 * its folders removed (again).
 */
@Component
class TenantDeletion implements JobHandler {

    static final String TYPE = "tenant.delete";
    private static final Logger log = LoggerFactory.getLogger(TenantDeletion.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TenantTerminations terminations;
    private final Tenants tenants;
    private final StoredFiles files;
    private final DeletionCertificates certificates;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final TenantExports exports;
    private final PersonalData personalData;

    TenantDeletion(
            JdbcClient jdbc,
            TransactionTemplate tx,
            TenantTerminations terminations,
            Tenants tenants,
            StoredFiles files,
            DeletionCertificates certificates,
            AuditTrail audit,
            JsonMapper json,
            Clock clock,
            TenantExports exports,
            PersonalData personalData) {
        this.personalData = personalData;
        this.jdbc = jdbc;
        this.tx = tx;
        this.terminations = terminations;
        this.tenants = tenants;
        this.files = files;
        this.certificates = certificates;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.exports = exports;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void handle(JobView job) {
        var tenant = new TenantId(UUID.fromString(String.valueOf(job.payload().get("tenant"))));
        var termination = terminations.find(tenant).orElse(null);
        if (termination == null || termination.status().equals("cancelled")) {
            return;
        }
        if (termination.status().equals("scheduled")) {
            if (termination.deleteOn().isAfter(LocalDate.now(clock))) {
                return; // not yet its day
            }
            var onDisk = files.onDisk(tenant);
            long[] exported = StoredFilesUsage.of(exports.folder(tenant));
            tx.executeWithoutResult(
                    status -> purge(tenant, termination, onDisk.files() + exported[0], onDisk.bytes() + exported[1]));
        }
        personalData.destroyKey(tenant);
        files.deleteFolder(tenant);
        StoredFiles.deleteTree(exports.folder(tenant));
        tx.executeWithoutResult(status -> jdbc.sql("select ops.purge_deleted_tenants_leftovers()")
                .query(Long.class)
                .single());
    }

    /** Destroys the tenant's personal-data key (its file; decision 143); true once no key is left. */
    private boolean destroyKey(TenantId tenant) {
        personalData.destroyKey(tenant);
        return !personalData.hasKey(tenant);
    }

    private void purge(TenantId tenant, TenantTerminations.Termination termination, long fileCount, long fileBytes) {
        var view = tenants.findById(tenant).orElseThrow();
        String result = jdbc.sql("select ops.purge_tenant(?)::text")
                .param(tenant.value())
                .query(String.class)
                .single();
        Map<String, Object> purged = json.readValue(result, new TypeReference<Map<String, Object>>() {});
        var tables = new LinkedHashMap<String, Long>();
        @SuppressWarnings("unchecked")
        var counts = (Map<String, Object>) purged.get("tables");
        counts.forEach((t, n) -> tables.put(t, ((Number) n).longValue()));
        Instant now = clock.instant();
        var certificate = certificates.issue(new DeletionCertificates.Deleted(
                view,
                termination,
                now,
                tables,
                ((Number) purged.get("auditEntries")).longValue(),
                ((Number) purged.get("auditHeadSeq")).longValue(),
                String.valueOf(purged.get("auditHeadHash")),
                fileCount,
                fileBytes,
                destroyKey(tenant)));
        jdbc.sql(
                        "update ops.terminations set status = 'deleted', deleted_at = ?, certificate_id = ? where tenant_id = ?")
                .params(Timestamp.from(now), certificate.id(), tenant.value())
                .update();
        audit.record(
                "tenant.deleted",
                null,
                Map.of(
                        "tenant", tenant.value(),
                        "certificate", certificate.id(),
                        "rows",
                                tables.values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum(),
                        "auditHeadHash", String.valueOf(purged.get("auditHeadHash"))));
        log.info("Tenant {} deleted, certificate {}", tenant, certificate.id());
    }
}
