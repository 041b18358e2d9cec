package jp.tokuten.operator;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantId;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/operator/tenants/{id}}: one tenant with its plan, status and usage, where the
 * {@code Location} of {@code POST /api/v1/operator/tenants} points. Operator tokens only (the operator API
 * chain).
 */
@RestController
class OperatorTenantDetailApiController {

    private final TenantOverviews overviews;

    OperatorTenantDetailApiController(TenantOverviews overviews) {
        this.overviews = overviews;
    }

    record TenantDetail(
            UUID id,
            String slug,
            String name,
            String plan,
            String status,
            Instant createdAt,
            long usersCount,
            long storageUsedBytes,
            List<Usage> usage) {}

    /** One cap of the tenant's plan and how much of it the tenant uses. */
    record Usage(String limit, long used, long cap) {}

    @GetMapping("/api/v1/operator/tenants/{id}")
    TenantDetail get(@PathVariable String id) {
        var o = parse(id).flatMap(overviews::byId).orElseThrow(() -> new ProblemException(404, "tenant_not_found"));
        var t = o.tenant();
        return new TenantDetail(
                t.id().value(),
                t.slug(),
                t.displayName(),
                t.plan(),
                t.status().name().toLowerCase(Locale.ROOT),
                t.createdAt(),
                o.usersCount(),
                o.storageUsedBytes(),
                o.usage().stream()
                        .map(u -> new Usage(u.limit().wire(), u.used(), u.cap()))
                        .toList());
    }

    private static java.util.Optional<TenantId> parse(String text) {
        try {
            return text.length() == 36
                    ? java.util.Optional.of(new TenantId(UUID.fromString(text)))
                    : java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
