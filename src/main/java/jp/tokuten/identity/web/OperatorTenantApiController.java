package jp.tokuten.identity.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.tokuten.identity.TenantProvisioning;
import jp.tokuten.tenancy.InvalidTenantException;
import jp.tokuten.tenancy.TenantSlugTakenException;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Provisioning API for operators' automation: create and list tenants. */
@RestController
@RequestMapping("/api/v1/operator/tenants")
class OperatorTenantApiController {

    private final TenantProvisioning provisioning;
    private final Tenants tenants;
    private final MessageSource messages;

    OperatorTenantApiController(TenantProvisioning provisioning, Tenants tenants, MessageSource messages) {
        this.provisioning = provisioning;
        this.tenants = tenants;
        this.messages = messages;
    }

    record CreateTenantRequest(
            @Nullable String slug, @Nullable String name) {}

    record CreatedTenant(UUID id, String slug, String name, String apiKey) {}

    record TenantSummary(UUID id, String slug, String name, String plan, String status) {
        static TenantSummary of(TenantView t) {
            return new TenantSummary(
                    t.id().value(),
                    t.slug(),
                    t.displayName(),
                    t.plan(),
                    t.status().name().toLowerCase());
        }
    }

    @PostMapping
    ResponseEntity<CreatedTenant> create(@RequestBody CreateTenantRequest request) {
        if (request.slug() == null) {
            throw new InvalidTenantException("slug", "tenant.error.slugRequired");
        }
        if (request.name() == null) {
            throw new InvalidTenantException("name", "tenant.error.nameRequired");
        }
        var created = provisioning.provision(request.slug(), request.name());
        var t = created.tenant();
        return ResponseEntity.created(URI.create("/api/v1/operator/tenants/" + t.id()))
                .body(new CreatedTenant(
                        t.id().value(),
                        t.slug(),
                        t.displayName(),
                        created.apiKey().key()));
    }

    @GetMapping
    List<TenantSummary> list() {
        return tenants.list().stream().map(TenantSummary::of).toList();
    }

    @ExceptionHandler(InvalidTenantException.class)
    ProblemDetail invalid(InvalidTenantException e, Locale locale) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, messages.getMessage(e, locale));
        problem.setTitle("Invalid tenant");
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(TenantSlugTakenException.class)
    ProblemDetail taken(TenantSlugTakenException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Slug already in use");
        problem.setProperty("field", "slug");
        return problem;
    }
}
