package jp.tokuten.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Console sessions: signed out after {@code idleTimeout} without a request, and after
 * {@code absoluteTimeout} whatever happens; cookies always marked Secure when {@code secureCookie}
 * (otherwise when the request came over HTTPS or the base URL is https).
 */
@ConfigurationProperties("tokuten.sessions")
record SessionProperties(Duration idleTimeout, Duration absoluteTimeout, boolean secureCookie) {}
