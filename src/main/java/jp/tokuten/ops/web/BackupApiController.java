package jp.tokuten.ops.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.ops.Backup;
import jp.tokuten.ops.Backups;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/operator/backups}: operators start a backup and follow it. Operator tokens only (the operator
 * API chain). The backup runs as a job on one node; {@code status} goes from {@code running} to {@code done}
 * (with {@code location}, {@code sizeBytes} and the manifest's {@code sha256}) or {@code failed}.
 */
@RestController
@Tag(name = "Operator: backups")
class BackupApiController {

    private final Backups backups;

    BackupApiController(Backups backups) {
        this.backups = backups;
    }

    /** A backup as the API shows it. */
    record BackupJson(
            UUID id,
            String kind,
            String status,
            Instant createdAt,
            @Nullable Instant finishedAt,
            @Nullable String location,
            List<String> copies,
            @Nullable Long sizeBytes,
            @Nullable String sha256,
            @Nullable String error) {
        static BackupJson of(Backup b) {
            return new BackupJson(
                    b.id(),
                    b.kind(),
                    b.status(),
                    b.createdAt(),
                    b.finishedAt(),
                    b.location(),
                    b.copies(),
                    b.sizeBytes(),
                    b.sha256(),
                    b.error());
        }
    }

    @Operation(
            summary = "Start a backup",
            description = "202 with the new backup's id; follow it at Location. The body is optional: {\"reason\": text"
                    + " of up to 200 characters}, kept in the audit entry. The backup holds every table (one"
                    + " consistent snapshot) and the stored files, encrypted with TOKUTEN_BACKUP_KEY. 422"
                    + " backup_key_missing when no key is configured (an external database); 422"
                    + " invalid_backup_request for a body that is not such an object.")
    @PostMapping("/api/v1/operator/backups")
    ResponseEntity<Map<String, UUID>> start(
            @AuthenticationPrincipal OperatorPrincipal operator,
            @RequestBody(required = false) @Nullable JsonNode body) {
        String reason = null;
        if (body != null && !body.isNull()) {
            if (!body.isObject()) {
                throw new ProblemException(422, "invalid_backup_request");
            }
            for (String field : body.propertyNames()) {
                if (!field.equals("reason")) {
                    throw new ProblemException(422, "invalid_backup_request").with("field", field);
                }
            }
            var given = body.get("reason");
            if (given != null && !given.isNull()) {
                if (!given.isString() || given.asString().strip().length() > 200) {
                    throw new ProblemException(422, "invalid_backup_request").with("field", "reason");
                }
                reason = given.asString().strip();
            }
        }
        UUID id = backups.request(operator.operatorId(), reason);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/operator/backups/" + id))
                .body(Map.of("id", id));
    }

    @Operation(summary = "Backups, the newest first", description = "limit: 1–200 (default 50).")
    @GetMapping("/api/v1/operator/backups")
    List<BackupJson> list(@RequestParam(name = "limit", required = false) @Nullable String limit) {
        int n = 50;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                throw new ProblemException(400, "invalid_limit");
            }
            if (n < 1 || n > 200) {
                throw new ProblemException(400, "invalid_limit");
            }
        }
        return backups.list(n).stream().map(BackupJson::of).toList();
    }

    @Operation(summary = "One backup: status running, done or failed")
    @GetMapping("/api/v1/operator/backups/{id}")
    BackupJson get(@PathVariable String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "not_found");
        }
        return backups.find(uuid).map(BackupJson::of).orElseThrow(() -> new ProblemException(404, "not_found"));
    }
}
