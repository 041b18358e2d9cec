package jp.tokuten.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Console sessions: signed out after {@code idleTimeout} without a request, and after
 * {@code absoluteTimeout} whatever happens; cookies marked Secure when {@code secureCookie}.
 */
@ConfigurationProperties("tokuten.sessions")
record SessionProperties(Duration idleTimeout, Duration absoluteTimeout, boolean secureCookie) {}
