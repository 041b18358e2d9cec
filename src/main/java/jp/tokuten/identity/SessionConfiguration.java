package jp.tokuten.identity;

import org.springframework.beans.factory.annotation.Value;
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

    /**
     * The session cookie is {@code Secure} whenever the request came over HTTPS, directly or through a
     * trusted proxy (the trusted-proxy filter runs before the session filter and sets the scheme), and
     * always when {@code TOKUTEN_BASE_URL} is https or {@code TOKUTEN_SECURE_COOKIES} is true.
     */
    @Bean
    CookieSerializer cookieSerializer(
            SessionProperties properties, @Value("${tokuten.mail.base-url:}") String baseUrl) {
        return cookieSerializer(properties.secureCookie(), baseUrl);
    }

    static DefaultCookieSerializer cookieSerializer(boolean alwaysSecure, String baseUrl) {
        var cookie = new DefaultCookieSerializer();
        cookie.setCookieName(COOKIE);
        cookie.setCookiePath("/");
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        if (alwaysSecure || baseUrl.strip().regionMatches(true, 0, "https://", 0, 8)) {
            cookie.setUseSecureCookie(true);
        } // otherwise unset: Secure exactly when request.isSecure()
        return cookie;
    }
}
