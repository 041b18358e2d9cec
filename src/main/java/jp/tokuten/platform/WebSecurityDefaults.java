package jp.tokuten.platform;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/** The response headers every audience's security chain sets, so no chain can forget one. */
public final class WebSecurityDefaults {

    /**
     * No inline script or style, nothing from other origins, never framed; images may also be {@code blob:}
     * URLs, the previews of photos an entrant has just chosen (decision 083).
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none';"
            + " frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /**
     * The policy of the API's browsable documentation only ({@code /swagger-ui/**}): Swagger UI sets inline
     * styles, so {@code style-src} also allows {@code 'unsafe-inline'}; scripts stay same-origin files.
     */
    public static final String API_DOCS_CONTENT_SECURITY_POLICY =
            CONTENT_SECURITY_POLICY.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';");

    private WebSecurityDefaults() {}

    public static HttpSecurity headers(HttpSecurity http) throws Exception {
        return headers(http, CONTENT_SECURITY_POLICY);
    }

    /** The same headers with another content security policy. */
    public static HttpSecurity headers(HttpSecurity http, String contentSecurityPolicy) throws Exception {
        return http.headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy))
                .frameOptions(f -> f.deny())
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .httpStrictTransportSecurity(
                        hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
    }
}
