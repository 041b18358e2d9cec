package jp.tokuten.identity.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import jp.tokuten.identity.AccountRequestException;
import jp.tokuten.identity.ApiKeys;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's API keys for its automation: issue one (its secret is in the answer once, never again),
 * list them without secrets, revoke one. Admin keys only; every key is of the caller's tenant.
 */
@RestController
@RequestMapping("/api/v1/api-keys")
@PreAuthorize("hasRole('TENANT_ADMIN')")
class ApiKeyApiController {

    private final ApiKeys apiKeys;

    ApiKeyApiController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    record CreateKeyRequest(@Nullable String name, @Nullable String role) {}

    /** A key as listed: never its secret. */
    record KeySummary(
            UUID id,
            String name,
            String role,
            Instant createdAt,
            @Nullable Instant lastUsedAt,
            @Nullable Instant revokedAt,
            boolean active) {
        static KeySummary of(ApiKeys.ApiKeySummary k) {
            return new KeySummary(
                    k.id(),
                    k.name(),
                    roleName(k.role()),
                    k.createdAt(),
                    k.lastUsedAt(),
                    k.revokedAt(),
                    k.revokedAt() == null);
        }
    }

    /** A new key: {@code key} is the only copy of the secret. */
    record CreatedKey(UUID id, String name, String role, String key) {
        @Override
        public String toString() {
            return "CreatedKey[" + id + ", " + name + ", " + role + ", key=***]";
        }
    }

    @PostMapping
    ResponseEntity<CreatedKey> create(@RequestBody CreateKeyRequest request) {
        if (request.role() == null || request.role().isBlank()) {
            throw new ProblemException(422, "invalid_role");
        }
        TenantRole role;
        String name = request.name();
        try {
            role = TenantRole.parse(request.role());
        } catch (AccountRequestException e) {
            throw new ProblemException(422, "invalid_role");
        }
        try {
            var issued = apiKeys.issue(name, role, null);
            return ResponseEntity.created(URI.create("/api/v1/api-keys/" + issued.id()))
                    .body(new CreatedKey(issued.id(), name == null ? "" : name.strip(), roleName(role), issued.key()));
        } catch (AccountRequestException e) {
            throw new ProblemException(422, "invalid_key_name", ApiKeys.MAX_NAME_LENGTH);
        }
    }

    @GetMapping
    List<KeySummary> list() {
        return apiKeys.list().stream().map(KeySummary::of).toList();
    }

    @GetMapping("/{id}")
    KeySummary get(@PathVariable String id) {
        UUID keyId = id(id);
        return apiKeys.list().stream()
                .filter(k -> k.id().equals(keyId))
                .findFirst()
                .map(KeySummary::of)
                .orElseThrow(() -> new ProblemException(404, "api_key_not_found"));
    }

    /** Revokes the key at once; a key already revoked, or another tenant's, is not found. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        try {
            apiKeys.revoke(id(id));
        } catch (AccountRequestException e) {
            throw new ProblemException(404, "api_key_not_found");
        }
        return ResponseEntity.noContent().build();
    }

    private static UUID id(String text) {
        return parse(text).orElseThrow(() -> new ProblemException(404, "api_key_not_found"));
    }

    private static Optional<UUID> parse(String text) {
        try {
            return text.length() == 36 ? Optional.of(UUID.fromString(text)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String roleName(TenantRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
