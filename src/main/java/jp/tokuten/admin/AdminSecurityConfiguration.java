package jp.tokuten.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jp.tokuten.access.AccessRestrictions;
import jp.tokuten.identity.ConsoleAudience;
import jp.tokuten.identity.PendingSecondFactor;
import jp.tokuten.identity.SecondFactorHandlers;
import jp.tokuten.identity.SessionChecks;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantSignInDetails;
import jp.tokuten.identity.TenantUserPrincipal;
import jp.tokuten.identity.TenantUserSignIn;
import jp.tokuten.platform.WebSecurityDefaults;
import jp.tokuten.tenancy.TenantBinder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class AdminSecurityConfiguration {

    static final ConsoleAudience AUDIENCE = ConsoleAudience.ADMIN;

    @Bean
    @Order(40)
    SecurityFilterChain adminConsoleChain(
            HttpSecurity http,
            TenantUserSignIn signIn,
            TenantBinder binder,
            SessionChecks sessionChecks,
            AccessRestrictions access,
            jp.tokuten.identity.ConsoleSeats seats)
            throws Exception {
        String[] anyTenantRole = java.util.Arrays.stream(TenantRole.values())
                .map(r -> r.authority().substring("ROLE_".length()))
                .toArray(String[]::new);
        http.securityMatcher("/admin", "/admin/**")
                .authenticationManager(new ProviderManager(signIn))
                .securityContext(c -> c.securityContextRepository(AUDIENCE.securityContextRepository()))
                .authorizeHttpRequests(a -> a.requestMatchers("/admin/login")
                        .permitAll()
                        .requestMatchers("/admin/login/totp", "/admin/login/totp/setup")
                        .hasAuthority(PendingSecondFactor.AUTHORITY)
                        .anyRequest()
                        .hasAnyRole(anyTenantRole))
                .formLogin(f -> f.loginPage("/admin/login")
                        .usernameParameter("email")
                        .authenticationDetailsSource(TenantSignInDetails::new)
                        .successHandler(SecondFactorHandlers.afterPassword(AUDIENCE))
                        .failureHandler(SecondFactorHandlers.failedSignIn(AUDIENCE))
                        .permitAll())
                .exceptionHandling(e -> e.accessDeniedHandler(SecondFactorHandlers.pendingGoesToSecondFactor(AUDIENCE)))
                .logout(l -> l.logoutUrl("/admin/logout")
                        .invalidateHttpSession(false)
                        .addLogoutHandler(seats.signOut())
                        .logoutSuccessUrl("/admin/login?logout"))
                .addFilterBefore(sessionChecks.forAudience(AUDIENCE), AuthorizationFilter.class)
                .addFilterAfter(new BindSignedInTenant(binder), SecurityContextHolderFilter.class)
                .addFilterBefore(access.adminConsole("/admin/login"), UsernamePasswordAuthenticationFilter.class);
        return WebSecurityDefaults.headers(http).build();
    }

    /**
     * Binds the tenant the session was pinned to at sign-in for the rest of the request, right after the
     * session's security context is loaded: the session check, the allow-list and the pages all act on it.
     */
    static final class BindSignedInTenant extends OncePerRequestFilter {
        private final TenantBinder binder;

        BindSignedInTenant(TenantBinder binder) {
            this.binder = binder;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.getPrincipal() instanceof TenantUserPrincipal user) {
                try (var bound = binder.bind(user.tenantId())) {
                    chain.doFilter(request, response);
                }
            } else {
                chain.doFilter(request, response);
            }
        }
    }
}
