package jp.tokuten.identity;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.config.annotation.web.http.EnableJdbcHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Console sessions live in PostgreSQL ({@code identity.http_sessions}), so any node serves any signed-in
 * person and a node's restart signs nobody out.
 */
@Configuration(proxyBeanMethods = false)
@EnableJdbcHttpSession(tableName = "identity.http_sessions", cleanupCron = "0 * * * * *")
@EnableConfigurationProperties(SessionProperties.class)
class SessionConfiguration {

    static final String COOKIE = "TOKUTEN_SESSION";

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionTimeouts(SessionProperties properties) {
        return repository -> repository.setDefaultMaxInactiveInterval(properties.idleTimeout());
    }

    @Bean
    CookieSerializer cookieSerializer(SessionProperties properties) {
        var cookie = new DefaultCookieSerializer();
        cookie.setCookieName(COOKIE);
        cookie.setCookiePath("/");
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        cookie.setUseSecureCookie(properties.secureCookie());
        return cookie;
    }
}
