package jp.tokuten.coupons.web;

import java.util.Set;
import java.util.UUID;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What the holder's pages share: the tenant the consumer filter bound from {@code /c/<slug>/…} (the pages
 * read it from the binding, not from the shell), the one 404 answer, and the wording of refusals.
 */
@Component
class HolderPages {

    /** Problem codes the holder's pages word themselves; any other is the general refusal. */
    static final Set<String> WORDED = Set.of(
            "cap_reached",
            "holder_cap_reached",
            "coupon_closed",
            "coupon_not_published",
            "acquisition_by_lottery",
            "anonymous_not_allowed",
            "expired",
            "not_yet_valid",
            "already_used",
            "outside_hours",
            "wrong_store",
            "wrong_pin",
            "budget_spent",
            "stale_token",
            "invalid_holder",
            "invalid_pin",
            "invalid_form",
            "invalid_idempotency_key",
            "idempotency_key_reused",
            "rate_limited");

    private final Tenants tenants;

    HolderPages(Tenants tenants) {
        this.tenants = tenants;
    }

    /** The tenant of this request, as the consumer filter bound it. */
    TenantView tenant() {
        return tenants.findById(TenantBinder.required()).orElseThrow(HolderPages::notFound);
    }

    /** The one answer to a coupon or code that is not the visitor's to see: the 404 page, whatever the reason. */
    static ProblemException notFound() {
        return new ProblemException(404, "not_found");
    }

    /** The message key of a refusal's words. */
    static String refusal(String code) {
        return "coupon.holder.refused." + (WORDED.contains(code) ? code : "other");
    }

    static @Nullable UUID uuid(String id) {
        if (id.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
