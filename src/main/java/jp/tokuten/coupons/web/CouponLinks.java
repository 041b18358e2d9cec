package jp.tokuten.coupons.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.Tenants;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Absolute links to a coupon's public page, {@code <base>/c/<tenant slug>/coupons/<id>}: the base is
 * tokuten's public address ({@code TOKUTEN_BASE_URL}, as in e-mail links and store QR codes, decision 106),
 * or the scheme, host and port of the request when it is not set.
 */
@Component
class CouponLinks {

    private final Tenants tenants;
    private final String baseUrl;

    CouponLinks(Tenants tenants, @Value("${tokuten.mail.base-url:}") String baseUrl) {
        this.tenants = tenants;
        String url = baseUrl.strip();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The bound tenant's slug, as its consumer pages' paths begin: {@code /c/<slug>/}. */
    String slug() {
        return tenants.findById(TenantBinder.required()).orElseThrow().slug();
    }

    /** The coupon's public page, relative to the site: {@code /c/<slug>/coupons/<id>}. */
    String publicPath(UUID coupon) {
        return "/c/" + slug() + "/coupons/" + coupon;
    }

    String publicUrl(UUID coupon, HttpServletRequest request) {
        String base = baseUrl.isEmpty()
                ? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
                : baseUrl;
        return base + publicPath(coupon);
    }
}
