package jp.tokuten.rewards;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A payout provider for tests: a real HTTP server speaking the tokuten payout protocol (docs/modules/rewards.md)
 * the way a provider would — it checks each request's key, timestamp and HMAC signature, keeps payouts by
 * idempotency key, and signs every answer. Tests settle payouts ({@link #settle}) as the provider's back office
 * would, and can make it sign answers wrongly ({@link #signWrongly}).
 */
final class FakePayoutServer implements AutoCloseable {

    static final String KEY_ID = "tokuten-test";

    private final HttpServer server;
    private final byte[] secret;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Map<String, Object>> byKey = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> byId = new ConcurrentHashMap<>();
    private final Map<String, String> bodyByKey = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    private volatile boolean signWrongly;

    FakePayoutServer(String secret) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/payouts", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void settle(String id, String status, String failureCode) {
        var payout = byId.get(id);
        payout.put("status", status);
        if (failureCode != null) {
            payout.put("failureCode", failureCode);
        }
    }

    void signWrongly(boolean wrongly) {
        signWrongly = wrongly;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String timestamp = exchange.getRequestHeaders().getFirst("X-Payout-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Payout-Signature");
            String key = exchange.getRequestHeaders().getFirst("X-Payout-Key");
            if (!KEY_ID.equals(key) || timestamp == null || signature == null) {
                answer(exchange, 401, Map.of("error", "invalid_signature"));
                return;
            }
            long at;
            try {
                at = Long.parseLong(timestamp);
            } catch (NumberFormatException e) {
                answer(exchange, 401, Map.of("error", "invalid_signature"));
                return;
            }
            String expected =
                    "v1=" + HttpPayoutProvider.hmac(secret, timestamp + "\n" + method + "\n" + path + "\n" + body);
            if (Math.abs(Instant.now().getEpochSecond() - at) > 300
                    || !MessageDigest.isEqual(
                            expected.getBytes(StandardCharsets.US_ASCII),
                            signature.getBytes(StandardCharsets.US_ASCII))) {
                answer(exchange, 401, Map.of("error", "invalid_signature"));
                return;
            }
            requests.incrementAndGet();
            if (method.equals("POST") && path.equals("/v1/payouts")) {
                create(exchange, body);
            } else if (method.equals("GET") && path.startsWith("/v1/payouts/")) {
                var payout = byId.get(path.substring("/v1/payouts/".length()));
                if (payout == null) {
                    answer(exchange, 404, Map.of("error", "not_found"));
                } else {
                    answer(exchange, 200, payout);
                }
            } else {
                answer(exchange, 404, Map.of("error", "not_found"));
            }
        }
    }

    private void create(HttpExchange exchange, String body) throws IOException {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (RuntimeException e) {
            answer(exchange, 422, Map.of("error", "invalid_request"));
            return;
        }
        String key = request.path("idempotencyKey").asString("");
        long amount = request.path("amountYen").asLong(0);
        String email = request.path("recipient").path("email").asString("");
        if (key.isEmpty()
                || amount < 1
                || !"JPY".equals(request.path("currency").asString(""))
                || !email.contains("@")) {
            answer(exchange, 422, Map.of("error", "invalid_request"));
            return;
        }
        synchronized (this) {
            var existing = byKey.get(key);
            if (existing != null) {
                if (!bodyByKey.get(key).equals(body)) {
                    answer(exchange, 409, Map.of("error", "idempotency_conflict"));
                } else {
                    answer(exchange, 200, existing);
                }
                return;
            }
            Map<String, Object> payout = new ConcurrentHashMap<>();
            payout.put("id", "po_" + sequence.incrementAndGet());
            payout.put("idempotencyKey", key);
            payout.put("status", "pending");
            payout.put("amountYen", amount);
            byKey.put(key, payout);
            bodyByKey.put(key, body);
            byId.put((String) payout.get("id"), payout);
            answer(exchange, 201, payout);
        }
    }

    private void answer(HttpExchange exchange, int status, Map<String, Object> content) throws IOException {
        String body = json.writeValueAsString(new LinkedHashMap<>(content));
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signed = HttpPayoutProvider.hmac(secret, timestamp + "\n" + status + "\n" + body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Payout-Timestamp", timestamp);
        exchange.getResponseHeaders()
                .add(
                        "X-Payout-Signature",
                        "v1=" + (signWrongly ? (signed.charAt(0) == '0' ? "1" : "0") + signed.substring(1) : signed));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
