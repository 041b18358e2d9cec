package jp.tokuten.identity.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.tokuten.identity.AccountRequestException;
import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.identity.TenantProvisioning;
import jp.tokuten.identity.TenantUserAdministration;
import jp.tokuten.notifications.Mail;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.InvalidTenantException;
import jp.tokuten.tenancy.TenantSlugTakenException;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Provisioning API for operators' automation: create (onboard) and list tenants. One tenant's detail,
 * with its usage, is {@code OperatorTenantDetailApiController} in the operator shell.
 */
@RestController
@RequestMapping("/api/v1/operator/tenants")
class OperatorTenantApiController {

    private final TenantProvisioning provisioning;
    private final Tenants tenants;

    OperatorTenantApiController(TenantProvisioning provisioning, Tenants tenants) {
        this.provisioning = provisioning;
        this.tenants = tenants;
    }

    record CreateTenantRequest(
            @Nullable String slug,
            @Nullable String name,
            @Nullable String adminEmail) {}

    /**
     * The first admin's invitation: {@code url} (the only copy of its secret) only when no mail server is
     * configured, so the operator hands it over another way; {@code mail} says what became of the e-mail.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AdminInvite(
            String email,
            Instant expiresAt,
            String mail,
            @Nullable String url) {
        static AdminInvite of(TenantUserAdministration.Invitation i) {
            return new AdminInvite(
                    i.email(),
                    i.expiresAt(),
                    i.mail().name().toLowerCase(java.util.Locale.ROOT),
                    i.mail() == Mail.Outcome.NOT_CONFIGURED ? i.link() : null);
        }

        @Override
        public String toString() {
            return "AdminInvite[" + email + ", " + mail + "]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreatedTenant(
            UUID id,
            String slug,
            String name,
            String plan,
            String status,
            String apiKey,
            @Nullable AdminInvite adminInvite) {
        @Override
        public String toString() {
            return "CreatedTenant[" + slug + "]";
        }
    }

    record TenantSummary(UUID id, String slug, String name, String plan, String status) {
        static TenantSummary of(TenantView t) {
            return new TenantSummary(t.id().value(), t.slug(), t.displayName(), t.plan(), status(t));
        }

        static String status(TenantView t) {
            return t.status().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @PostMapping
    ResponseEntity<CreatedTenant> create(
            @AuthenticationPrincipal OperatorPrincipal operator, @RequestBody CreateTenantRequest request) {
        if (request.slug() == null) {
            throw invalid("slug");
        }
        if (request.name() == null) {
            throw invalid("name");
        }
        jp.tokuten.identity.ProvisionedTenant created;
        try {
            created = request.adminEmail() == null
                    ? provisioning.provision(request.slug(), request.name())
                    : provisioning.provision(operator, request.slug(), request.name(), request.adminEmail());
        } catch (InvalidTenantException e) {
            throw invalid(e.field());
        } catch (TenantSlugTakenException e) {
            throw new ProblemException(409, "slug_taken", request.slug().strip()).with("field", "slug");
        } catch (AccountRequestException e) {
            throw new ProblemException(400, "invalid_admin_email").with("field", "adminEmail");
        }
        var t = created.tenant();
        return ResponseEntity.created(URI.create("/api/v1/operator/tenants/" + t.id()))
                .body(new CreatedTenant(
                        t.id().value(),
                        t.slug(),
                        t.displayName(),
                        t.plan(),
                        TenantSummary.status(t),
                        java.util.Objects.requireNonNull(created.apiKey()).key(),
                        created.adminInvite() == null ? null : AdminInvite.of(created.adminInvite())));
    }

    @GetMapping
    List<TenantSummary> list() {
        return tenants.list().stream().map(TenantSummary::of).toList();
    }

    private static ProblemException invalid(String field) {
        return new ProblemException(400, "invalid_tenant").with("field", field);
    }
}
