package jp.tokuten.operator;

import jp.tokuten.identity.ConsoleAudience;
import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.identity.OperatorSignIn;
import jp.tokuten.identity.PendingSecondFactor;
import jp.tokuten.identity.SecondFactorHandlers;
import jp.tokuten.identity.SessionChecks;
import jp.tokuten.platform.WebSecurityDefaults;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class OperatorSecurityConfiguration {

    static final ConsoleAudience AUDIENCE = ConsoleAudience.OPERATOR;

    @Bean
    @Order(30)
    SecurityFilterChain operatorConsoleChain(HttpSecurity http, OperatorSignIn signIn, SessionChecks sessionChecks)
            throws Exception {
        http.securityMatcher("/operator", "/operator/**")
                .authenticationManager(new ProviderManager(signIn))
                .securityContext(c -> c.securityContextRepository(AUDIENCE.securityContextRepository()))
                .authorizeHttpRequests(a -> a.requestMatchers("/operator/login")
                        .permitAll()
                        .requestMatchers("/operator/login/totp", "/operator/login/totp/setup")
                        .hasAuthority(PendingSecondFactor.AUTHORITY)
                        .anyRequest()
                        .hasAuthority(OperatorPrincipal.AUTHORITY))
                .formLogin(f -> f.loginPage("/operator/login")
                        .usernameParameter("email")
                        .successHandler(SecondFactorHandlers.afterPassword(AUDIENCE))
                        .failureHandler(SecondFactorHandlers.failedSignIn(AUDIENCE))
                        .permitAll())
                .exceptionHandling(e -> e.accessDeniedHandler(SecondFactorHandlers.pendingGoesToSecondFactor(AUDIENCE)))
                .addFilterBefore(sessionChecks.forAudience(AUDIENCE), AuthorizationFilter.class)
                .logout(l -> l.logoutUrl("/operator/logout")
                        .invalidateHttpSession(false)
                        .logoutSuccessUrl("/operator/login?logout"));
        return WebSecurityDefaults.headers(http).build();
    }
}
