/**
 * API shell: the security chains of {@code /api/v1/**}. Operator calls ({@code /api/v1/operator/**} and
 * the Prometheus scrape) carry an operator API token; all other calls carry a tenant API key, which binds
 * its tenant for the rest of the request. Stateless, no cookies, errors as RFC 9457 problem JSON. It also
 * publishes the OpenAPI document of {@code /api/v1} ({@code ApiDocumentation}, public).
 *
 * <p>Depends on {@code identity} to check tokens and keys, {@code tenancy} to bind the tenant and
 * {@code platform} for the shared response headers and the problem renderer, {@code shared} for
 * {@code ProblemException}, {@code access} to refuse a key's call from outside its
 * tenant's IP allow-list.
 */
@ApplicationModule(allowedDependencies = {"identity", "tenancy", "platform", "access", "shared"})
@NullMarked
package jp.tokuten.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
