package jp.tokuten.operator;

import jp.tokuten.identity.OperatorPrincipal;
import jp.tokuten.identity.OperatorSignIn;
import jp.tokuten.platform.WebSecurityDefaults;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

@Configuration(proxyBeanMethods = false)
class OperatorSecurityConfiguration {

    @Bean
    @Order(30)
    SecurityFilterChain operatorConsoleChain(HttpSecurity http, OperatorSignIn signIn) throws Exception {
        http.securityMatcher("/operator", "/operator/**")
                .authenticationManager(new ProviderManager(signIn))
                .securityContext(c -> c.securityContextRepository(
                        WebSecurityDefaults.sessionContext("TOKUTEN_OPERATOR_SECURITY_CONTEXT")))
                .authorizeHttpRequests(a -> a.requestMatchers("/operator/login")
                        .permitAll()
                        .anyRequest()
                        .hasAuthority(OperatorPrincipal.AUTHORITY))
                .formLogin(f -> f.loginPage("/operator/login")
                        .usernameParameter("email")
                        .defaultSuccessUrl("/operator", true)
                        .failureUrl("/operator/login?error")
                        .permitAll())
                .logout(l -> l.logoutUrl("/operator/logout")
                        .invalidateHttpSession(false)
                        .logoutSuccessUrl("/operator/login?logout"));
        return WebSecurityDefaults.headers(http).build();
    }
}
