package jp.tokuten.ops;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.shared.TimeOrderedIds;
import jp.tokuten.tenancy.TenantView;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deletion certificates (削除証明書): what was deleted of a terminated tenant (rows per table, files, audit
 * entries), the final head of its audit chain, that its data key was destroyed, and when the last backup
 * holding its data expires; as a signed statement (JSON, Ed25519, decision 142) shown in a PDF.
 * {@link #verify} checks a PDF: the signature over the statement it carries, made with this service's key.
 */
@Service
public class DeletionCertificates {

    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    /** The outcome of checking a certificate PDF: valid or not, and the statement it carries when readable. */
    public record Verification(
            boolean valid,
            @Nullable UUID certificateId,
            @Nullable String keyId,
            @Nullable Map<String, Object> statement) {}

    /** A stored certificate. */
    public record Certificate(UUID id, UUID tenantId, Instant issuedAt, String statement, byte[] pdf) {}

    private final JdbcClient jdbc;
    private final CertificateSigner signer;
    private final CertificatePdf pdf;
    private final JsonMapper json;
    private final MessageSource messages;
    private final Clock clock;
    private final Duration backupRetention;

    DeletionCertificates(
            JdbcClient jdbc,
            CertificateSigner signer,
            CertificatePdf pdf,
            JsonMapper json,
            MessageSource messages,
            Clock clock,
            @Value("${tokuten.ops.backup-retention:P7D}") Duration backupRetention) {
        this.jdbc = jdbc;
        this.signer = signer;
        this.pdf = pdf;
        this.json = json;
        this.messages = messages;
        this.clock = clock;
        this.backupRetention = backupRetention;
    }

    /** What {@link TenantDeletion} deleted, for the statement. */
    record Deleted(
            TenantView tenant,
            TenantTerminations.Termination termination,
            Instant deletedAt,
            Map<String, Long> tables,
            long auditEntries,
            long auditHeadSeq,
            String auditHeadHash,
            long files,
            long fileBytes,
            boolean dataKeyDestroyed) {}

    /** Builds, signs, renders and stores the certificate of a deletion, in the caller's transaction. */
    @Transactional
    Certificate issue(Deleted d) {
        UUID id = TimeOrderedIds.next(clock);
        Instant backupsExpire = d.deletedAt().plus(backupRetention);
        var statement = new LinkedHashMap<String, Object>();
        statement.put("type", "tokuten.deletion-certificate/1");
        statement.put("certificate", id.toString());
        statement.put(
                "tenant",
                Map.of(
                        "id",
                        d.tenant().id().value().toString(),
                        "slug",
                        d.tenant().slug(),
                        "name",
                        d.tenant().displayName()));
        statement.put("terminatedAt", d.termination().requestedAt().toString());
        statement.put("terminatedBy", d.termination().requestedBy());
        statement.put("deleteOn", d.termination().deleteOn().toString());
        statement.put("deletedAt", d.deletedAt().toString());
        statement.put("tables", new java.util.TreeMap<>(d.tables()));
        statement.put(
                "rows", d.tables().values().stream().mapToLong(Long::longValue).sum());
        statement.put("files", Map.of("count", d.files(), "bytes", d.fileBytes()));
        statement.put(
                "auditChain",
                Map.of("entries", d.auditEntries(), "headSeq", d.auditHeadSeq(), "headHash", d.auditHeadHash()));
        statement.put("dataKeyDestroyed", d.dataKeyDestroyed());
        statement.put("backupRetention", backupRetention.toString());
        statement.put("lastBackupExpiresBy", backupsExpire.toString());
        statement.put("keyId", signer.keyId());
        String text = json.writeValueAsString(statement);
        byte[] signature = signer.sign(text);
        byte[] document = pdf.render(
                message("ops.certificate.title"),
                lines(id, d, backupsExpire, signature),
                text,
                signature,
                signer.keyId());
        jdbc.sql("""
                insert into ops.deletion_certificates (id, tenant_id, issued_at, statement, signature, key_id, pdf)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        d.tenant().id().value(),
                        Timestamp.from(d.deletedAt()),
                        text,
                        signature,
                        signer.keyId(),
                        document)
                .update();
        return new Certificate(id, d.tenant().id().value(), d.deletedAt(), text, document);
    }

    private List<String> lines(UUID id, Deleted d, Instant backupsExpire, byte[] signature) {
        var f = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(JAPAN);
        var out = new ArrayList<String>();
        out.add(message("ops.certificate.number", id));
        out.add(message(
                "ops.certificate.tenant",
                d.tenant().displayName(),
                d.tenant().slug(),
                d.tenant().id().value()));
        out.add(message(
                "ops.certificate.terminated",
                f.format(d.termination().requestedAt()),
                d.termination().requestedBy()));
        out.add(message(
                "ops.certificate.deleted",
                f.format(d.deletedAt()),
                d.termination().deleteOn()));
        out.add("");
        long rows = d.tables().values().stream().mapToLong(Long::longValue).sum();
        out.add(message("ops.certificate.rows", d.tables().size(), rows));
        new java.util.TreeMap<>(d.tables()).forEach((t, n) -> out.add("    " + t + ": " + n));
        out.add(message("ops.certificate.files", d.files(), d.fileBytes()));
        out.add(message("ops.certificate.audit", d.auditEntries(), d.auditHeadSeq()));
        out.add("    " + d.auditHeadHash());
        out.add("");
        if (d.dataKeyDestroyed()) {
            out.add(message("ops.certificate.key"));
        }
        out.add(message("ops.certificate.backups", f.format(backupsExpire), backupRetention.toDays()));
        out.add("");
        out.add(message("ops.certificate.signature", signer.keyId()));
        out.add(Base64.getEncoder().encodeToString(signature));
        out.add(message("ops.certificate.verify"));
        return out;
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, Locale.JAPANESE);
    }

    @Transactional(readOnly = true)
    public Optional<Certificate> find(UUID id) {
        return jdbc.sql("select id, tenant_id, issued_at, statement, pdf from ops.deletion_certificates where id = ?")
                .param(id)
                .query((rs, n) -> new Certificate(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getTimestamp(3).toInstant(),
                        rs.getString(4),
                        rs.getBytes(5)))
                .optional();
    }

    /**
     * Checks a certificate PDF: valid when it carries a statement and an Ed25519 signature over it made
     * with this service's key. 422 {@code not_a_certificate} for a file that is no certificate PDF.
     */
    public Verification verify(byte[] document) {
        var signed = CertificatePdf.read(document);
        if (signed == null) {
            throw new ProblemException(422, "not_a_certificate");
        }
        Map<String, Object> statement = null;
        UUID id = null;
        try {
            statement = json.readValue(signed.statement(), new TypeReference<Map<String, Object>>() {});
            id = UUID.fromString(String.valueOf(statement.get("certificate")));
        } catch (RuntimeException e) {
            // not our statement: invalid below
        }
        boolean valid = statement != null
                && signed.keyId().equals(signer.keyId())
                && signer.verify(signed.statement(), signed.signature());
        return new Verification(valid, id, signed.keyId(), statement);
    }

    /** The public key that verifies certificates (X.509 SubjectPublicKeyInfo, base64) and its id. */
    public Map<String, String> publicKey() {
        return Map.of("algorithm", "Ed25519", "keyId", signer.keyId(), "publicKey", signer.publicKeyBase64());
    }
}
