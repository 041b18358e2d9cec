package jp.tokuten;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * A local HTTP server (the JDK's) in the test JVM, on a free port, standing in for two third parties of
 * monitoring: a Slack-compatible alert webhook ({@code POST /webhook}, bodies kept in {@link #webhookBodies()})
 * and the LINE API the reachability check calls ({@code /line}, answering {@link #lineStatus()}). Monitoring's
 * scheduled runs are off in tests: tests run the checks themselves ({@code Monitoring.runNow()}).
 */
public final class TestAlertReceiver implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static HttpServer server;
    private static final List<String> WEBHOOK = new CopyOnWriteArrayList<>();
    private static final AtomicInteger LINE_STATUS = new AtomicInteger(200);

    public static synchronized HttpServer server() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/webhook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if ("POST".equals(exchange.getRequestMethod())
                        && exchange.getRequestHeaders().getFirst("Content-Type").startsWith("application/json")) {
                    WEBHOOK.add(body);
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.sendResponseHeaders(400, -1);
                }
                exchange.close();
            });
            server.createContext("/line", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(LINE_STATUS.get(), -1);
                exchange.close();
            });
            server.start();
        }
        return server;
    }

    /** The JSON bodies the webhook received, in order. */
    public static List<String> webhookBodies() {
        return WEBHOOK;
    }

    /** What {@code /line} answers (200 by default). */
    public static AtomicInteger lineStatus() {
        return LINE_STATUS;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String base = "http://127.0.0.1:" + server().getAddress().getPort();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "test-alert-receiver",
                        Map.of(
                                "tokuten.monitoring.enabled", "false",
                                "tokuten.monitoring.alert-webhook-url", base + "/webhook",
                                "tokuten.monitoring.line-api-url", base + "/line")));
    }
}
