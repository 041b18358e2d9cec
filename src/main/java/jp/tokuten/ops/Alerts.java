package jp.tokuten.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.tokuten.identity.OperatorAccounts;
import jp.tokuten.notifications.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells operators that checks changed state: one e-mail (to {@code TOKUTEN_ALERT_EMAILS}, or to every active
 * operator when that is empty) and one Slack-compatible webhook call ({@code POST {"text": …}} to {@code
 * TOKUTEN_ALERT_WEBHOOK_URL}) per run, sent on a thread of their own right after the run commits. The webhook
 * is tried three times within the minute. In Japanese, the service's language for notices (decision 129).
 * The webhook URL (it holds a secret) never reaches the log.
 */
@Component
class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
    private static final List<Duration> WEBHOOK_RETRIES = List.of(Duration.ofSeconds(5), Duration.ofSeconds(15));

    private final MonitoringProperties properties;
    private final Mail mail;
    private final OperatorAccounts operators;
    private final MessageSource messages;
    private final JsonMapper json;
    private final HttpClient http;

    Alerts(
            MonitoringProperties properties,
            Mail mail,
            OperatorAccounts operators,
            MessageSource messages,
            JsonMapper json) {
        this.properties = properties;
        this.mail = mail;
        this.operators = operators;
        this.messages = messages;
        this.json = json;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    void send(List<Monitoring.Transition> transitions) {
        Thread.ofVirtual().name("monitoring-alert").start(() -> deliver(transitions));
    }

    void deliver(List<Monitoring.Transition> transitions) {
        Locale ja = Locale.JAPANESE;
        boolean anyFailing = transitions.stream().anyMatch(Monitoring.Transition::failed);
        String names = String.join(
                ", ", transitions.stream().map(Monitoring.Transition::name).toList());
        String subject = messages.getMessage(
                anyFailing ? "ops.alert.subject.failing" : "ops.alert.subject.recovered", new Object[] {names}, ja);
        var body = new StringBuilder();
        for (var t : transitions) {
            body.append(messages.getMessage(
                            t.failed() ? "ops.alert.line.failing" : "ops.alert.line.recovered",
                            new Object[] {t.name(), t.detail(), WHEN.format(t.at().atZone(TOKYO))},
                            ja))
                    .append('\n');
        }
        body.append('\n')
                .append(messages.getMessage(
                        "ops.alert.footer", new Object[] {mail.baseUrl() + "/operator/monitoring"}, ja));
        mailOperators(subject, body.toString());
        postWebhook(subject + "\n" + body);
    }

    private void mailOperators(String subject, String body) {
        List<String> to = properties.alertEmails().isEmpty()
                ? operators.list().stream()
                        .filter(o -> operators.isActive(o.operatorId()))
                        .map(o -> o.email())
                        .toList()
                : properties.alertEmails();
        int sent = 0;
        for (String address : to) {
            if (mail.send(address, subject, body) == Mail.Outcome.SENT) {
                sent++;
            }
        }
        log.info("Monitoring alert e-mailed to {} of {} recipient(s)", sent, to.size());
    }

    private void postWebhook(String text) {
        if (!MonitoringProperties.set(properties.alertWebhookUrl())) {
            return;
        }
        var request = HttpRequest.newBuilder(
                        URI.create(properties.alertWebhookUrl().strip()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("text", text))))
                .build();
        for (int attempt = 0; ; attempt++) {
            String failure;
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status / 100 == 2) {
                    log.info("Monitoring alert posted to the webhook");
                    return;
                }
                failure = "answered " + status;
            } catch (java.io.IOException e) {
                failure = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt >= WEBHOOK_RETRIES.size()) {
                log.warn("Monitoring alert webhook failed ({}); giving up after {} attempts", failure, attempt + 1);
                return;
            }
            log.warn("Monitoring alert webhook failed ({}); trying again", failure);
            try {
                Thread.sleep(WEBHOOK_RETRIES.get(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
