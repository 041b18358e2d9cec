package jp.tokuten.notifications;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SMTP server tokuten sends through ({@code TOKUTEN_SMTP_*}); no host means e-mail is off and
 * senders are told so. {@code baseUrl} is how people reach tokuten, for links in messages ({@code TOKUTEN_BASE_URL}; unset means
 * {@code http://localhost:<the port the server listens on>}).
 */
@ConfigurationProperties("tokuten.mail")
record MailProperties(
        @Nullable String host,
        int port,
        @Nullable String username,
        @Nullable String password,
        boolean starttls,
        String from,
        @Nullable String baseUrl) {

    boolean enabled() {
        return host != null && !host.isBlank();
    }
}
