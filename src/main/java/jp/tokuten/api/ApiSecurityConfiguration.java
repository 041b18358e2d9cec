package jp.tokuten.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import jp.tokuten.access.AccessRestrictions;
import jp.tokuten.identity.ApiKeyPrincipal;
import jp.tokuten.identity.ApiKeys;
import jp.tokuten.identity.OperatorAccounts;
import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.platform.Problems;
import jp.tokuten.platform.WebSecurityDefaults;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.PlanLimits;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ApiSecurityConfiguration {

    /**
     * The OpenAPI document and its browsable page: public, read-only. Swagger UI sets inline styles, so
     * its pages alone get a policy that allows them (docs/decisions/040).
     */
    @Bean
    @Order(5)
    SecurityFilterChain apiDocsChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                .authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.GET, "/**")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable());
        return WebSecurityDefaults.headers(http, WebSecurityDefaults.API_DOCS_CONTENT_SECURITY_POLICY)
                .build();
    }

    @Bean
    @Order(10)
    SecurityFilterChain operatorApiChain(HttpSecurity http, OperatorAccounts operators, Problems problems)
            throws Exception {
        http.securityMatcher("/api/v1/operator/**", "/actuator/prometheus")
                .authorizeHttpRequests(a -> a.anyRequest().hasAuthority(OperatorPrincipal.AUTHORITY))
                .addFilterBefore(new OperatorTokenFilter(operators), AnonymousAuthenticationFilter.class);
        return stateless(http, problems);
    }

    @Bean
    @Order(20)
    SecurityFilterChain tenantApiChain(
            HttpSecurity http,
            ApiKeys apiKeys,
            TenantBinder binder,
            AccessRestrictions access,
            Problems problems,
            PlanLimits limits)
            throws Exception {
        http.securityMatcher("/api/v1/**")
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .addFilterBefore(new TenantKeyFilter(apiKeys, binder), AnonymousAuthenticationFilter.class)
                .addFilterAfter(access.tenantApi(), TenantKeyFilter.class)
                .addFilterAfter(new PlanRateFilter(limits, problems), AnonymousAuthenticationFilter.class);
        return stateless(http, problems);
    }

    private static SecurityFilterChain stateless(HttpSecurity http, Problems problems) throws Exception {
        WebSecurityDefaults.headers(http)
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(ProblemResponses.unauthorized(problems))
                        .accessDeniedHandler(ProblemResponses.forbidden(problems)));
        return http.build();
    }

    /** Authenticates an operator by {@code Authorization: Bearer <operator token>}. */
    static final class OperatorTokenFilter extends OncePerRequestFilter {
        private final OperatorAccounts operators;

        OperatorTokenFilter(OperatorAccounts operators) {
            this.operators = operators;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String token = BearerToken.of(request);
            if (token != null) {
                operators
                        .authenticateToken(token)
                        .ifPresent(op -> SecurityContextHolder.getContext()
                                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                                        op, null, List.of(new SimpleGrantedAuthority(OperatorPrincipal.AUTHORITY)))));
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * Counts every authenticated tenant API request against the plan's rate (decision 147): past it 429
     * {@code rate_limited} with {@code Retry-After} until the next minute. Refused and anonymous requests are
     * not counted: a flood without a key cannot use up a tenant's rate.
     */
    static final class PlanRateFilter extends OncePerRequestFilter {
        private final PlanLimits limits;
        private final Problems problems;

        PlanRateFilter(PlanLimits limits, Problems problems) {
            this.limits = limits;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            var tenant = TenantBinder.current();
            if (auth != null && auth.getPrincipal() instanceof ApiKeyPrincipal && tenant.isPresent()) {
                try {
                    limits.admitApiRequest(tenant.get());
                } catch (ProblemException refused) {
                    problems.write(refused, request, response);
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    /** Authenticates a tenant API key and binds its tenant for the rest of the request. */
    static final class TenantKeyFilter extends OncePerRequestFilter {
        private final ApiKeys apiKeys;
        private final TenantBinder binder;

        TenantKeyFilter(ApiKeys apiKeys, TenantBinder binder) {
            this.apiKeys = apiKeys;
            this.binder = binder;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String token = BearerToken.of(request);
            var tenant = ApiKeys.tenantOf(token);
            if (token == null || tenant.isEmpty()) {
                chain.doFilter(request, response);
                return;
            }
            ApiKeyPrincipal key;
            try (var bound = binder.bind(tenant.get())) {
                key = apiKeys.authenticate(token).orElse(null);
                if (key != null) {
                    SecurityContextHolder.getContext()
                            .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                                    key,
                                    null,
                                    List.of(new SimpleGrantedAuthority(
                                            key.role().authority()))));
                    chain.doFilter(request, response);
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}
