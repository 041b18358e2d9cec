package jp.tokuten.consumer;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import jp.tokuten.access.AccessRestrictions;
import jp.tokuten.platform.WebSecurityDefaults;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsumerSecurityConfiguration {

    /** The request attribute holding the {@link TenantView} resolved from the URL. */
    static final String TENANT_ATTRIBUTE = ConsumerTenant.ATTRIBUTE;

    @Bean
    @Order(90)
    SecurityFilterChain publicChain(HttpSecurity http, Tenants tenants, TenantBinder binder, AccessRestrictions access)
            throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers(
                                "/",
                                "/c/**",
                                "/invite/**",
                                "/css/**",
                                "/js/**",
                                "/images/**",
                                "/favicon.ico",
                                "/error",
                                "/status",
                                "/status.json",
                                "/actuator/health",
                                "/actuator/health/**")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .addFilterAfter(new ResolveTenantFromPath(tenants, binder), AuthorizationFilter.class)
                .addFilterAfter(access.consumerPages(), ResolveTenantFromPath.class);
        return WebSecurityDefaults.headers(http).build();
    }

    /** {@code /c/{slug}/…}: binds that tenant, or answers 404 when it is unknown or not in service. */
    static final class ResolveTenantFromPath extends OncePerRequestFilter {
        private static final Pattern PATH = Pattern.compile("^/c/([^/]+)(/.*)?$");
        private final Tenants tenants;
        private final TenantBinder binder;

        ResolveTenantFromPath(Tenants tenants, TenantBinder binder) {
            this.tenants = tenants;
            this.binder = binder;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var m = PATH.matcher(
                    request.getRequestURI().substring(request.getContextPath().length()));
            if (!m.matches()) {
                chain.doFilter(request, response);
                return;
            }
            var tenant = tenants.findBySlug(m.group(1)).filter(TenantView::isActive);
            if (tenant.isEmpty()) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            request.setAttribute(TENANT_ATTRIBUTE, tenant.get());
            try (var bound = binder.bind(tenant.get().id())) {
                chain.doFilter(request, response);
            }
        }
    }
}
