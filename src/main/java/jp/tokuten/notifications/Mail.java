package jp.tokuten.notifications;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;

/** Sends plain-text e-mail in UTF-8 through the configured SMTP server. */
@Service
@EnableConfigurationProperties(MailProperties.class)
public class Mail {

    private static final Logger log = LoggerFactory.getLogger(Mail.class);

    /** What became of a message. */
    public enum Outcome {
        SENT,
        /** No SMTP server is configured: the caller should show the content another way. */
        NOT_CONFIGURED,
        FAILED
    }

    static final int DEFAULT_PORT = 8080;

    private final MailProperties properties;
    private volatile int serverPort = -1;
    private final JavaMailSenderImpl sender;

    Mail(MailProperties properties) {
        this.properties = properties;
        this.sender = new JavaMailSenderImpl();
        if (properties.enabled()) {
            sender.setHost(properties.host());
            sender.setPort(properties.port());
            if (properties.username() != null && !properties.username().isBlank()) {
                sender.setUsername(properties.username());
                sender.setPassword(properties.password());
            }
            sender.setDefaultEncoding("UTF-8");
            var p = new Properties();
            p.put("mail.smtp.starttls.enable", Boolean.toString(properties.starttls()));
            p.put("mail.smtp.auth", Boolean.toString(sender.getUsername() != null));
            p.put("mail.smtp.connectiontimeout", "10000");
            p.put("mail.smtp.timeout", "10000");
            p.put("mail.smtp.writetimeout", "10000");
            sender.setJavaMailProperties(p);
        }
    }

    /**
     * The address people use to reach tokuten, without a trailing slash, for links in messages: {@code
     * TOKUTEN_BASE_URL}, or when it is unset {@code http://localhost:<the port the server listens on>}. Never
     * taken from a request (its {@code Host} header is the client's to choose).
     */
    public String baseUrl() {
        String url = configuredBaseUrl();
        if (url == null) {
            return "http://localhost:" + (serverPort > 0 ? serverPort : DEFAULT_PORT);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private @Nullable String configuredBaseUrl() {
        String url = properties.baseUrl();
        return url == null || url.isBlank() ? null : url.strip();
    }

    /** Learns the port the web server actually listens on (the main server, not a management one). */
    @EventListener
    void onServerStarted(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            serverStarted(event.getWebServer().getPort());
        }
    }

    void serverStarted(int port) {
        serverPort = port;
        if (configuredBaseUrl() == null) {
            log.warn(
                    "TOKUTEN_BASE_URL is not set: links in e-mail use {}. Set it to the address people use to"
                            + " reach tokuten.",
                    baseUrl());
        } else {
            log.info("Links in e-mail use {} (TOKUTEN_BASE_URL)", baseUrl());
        }
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * Whether the SMTP server answers and accepts tokuten's login: connects, greets and quits without
     * sending anything. {@link Outcome#NOT_CONFIGURED} when no server is configured; the reason of a failure
     * is logged, never the password.
     */
    public Outcome probe() {
        if (!properties.enabled()) {
            return Outcome.NOT_CONFIGURED;
        }
        try {
            sender.testConnection();
            return Outcome.SENT;
        } catch (MessagingException e) {
            log.warn("SMTP server {}:{} did not answer: {}", properties.host(), properties.port(), e.getMessage());
            return Outcome.FAILED;
        }
    }

    public Outcome send(String to, String subject, String body) {
        if (!properties.enabled()) {
            return Outcome.NOT_CONFIGURED;
        }
        try {
            var message = sender.createMimeMessage();
            var helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(parseFrom(properties.from()));
            helper.setTo(to);
            helper.setSubject(subject);
            helper.setText(body, false);
            sender.send(message);
            log.info("Sent mail '{}' to {}", subject, maskedAddress(to));
            return Outcome.SENT;
        } catch (MailException | MessagingException | UnsupportedEncodingException e) {
            log.warn("Could not send mail '{}' to {}: {}", subject, maskedAddress(to), e.getMessage());
            return Outcome.FAILED;
        }
    }

    private static InternetAddress parseFrom(String from) throws MessagingException, UnsupportedEncodingException {
        var parsed = new InternetAddress(from, true);
        return new InternetAddress(parsed.getAddress(), parsed.getPersonal(), "UTF-8");
    }

    /** Logs keep who received mail recognisable without spelling out the address. */
    static String maskedAddress(String address) {
        int at = address.indexOf('@');
        return at <= 1 ? "***" + address.substring(Math.max(at, 0)) : address.charAt(0) + "***" + address.substring(at);
    }
}
