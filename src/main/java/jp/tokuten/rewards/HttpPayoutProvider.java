package jp.tokuten.rewards;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payout adapter for the tokuten payout protocol (docs/modules/rewards.md, "Payout protocol"): JSON over
 * HTTPS, each request and each response signed with HMAC-SHA256 over the timestamp, the method or status, the
 * path and the body, with a shared secret. Answers whose signature or timestamp does not check are refused.
 */
public class HttpPayoutProvider implements PayoutProvider {

    /** How far a signed timestamp may be from our clock. */
    static final Duration SKEW = Duration.ofMinutes(5);

    private final URI base;
    private final String keyId;
    private final byte[] secret;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;

    /**
     * @param base the provider's base URL, e.g. {@code https://payouts.example.jp}
     * @param secret the shared secret (at least 32 bytes)
     */
    public HttpPayoutProvider(URI base, String keyId, String secret, Clock clock) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("the payout secret must be at least 32 bytes");
        }
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.keyId = keyId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.json = JsonMapper.builder().build();
        this.clock = clock;
    }

    @Override
    public Payout request(PayoutRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idempotencyKey", request.idempotencyKey());
        body.put("amountYen", request.amountYen());
        body.put("currency", "JPY");
        body.put("recipient", Map.of("email", request.recipientEmail()));
        body.put("description", request.description());
        return call("POST", "/v1/payouts", json.writeValueAsString(body));
    }

    @Override
    public Payout status(String reference) {
        if (!reference.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new PayoutException("not a payout reference");
        }
        return call("GET", "/v1/payouts/" + reference, "");
    }

    private Payout call(String method, String path, String body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("X-Payout-Key", keyId)
                .header("X-Payout-Timestamp", timestamp)
                .header("X-Payout-Signature", "v1=" + sign(timestamp + "\n" + method + "\n" + path + "\n" + body))
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PayoutException("payout provider not reachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PayoutException("interrupted", e);
        }
        verify(response);
        int status = response.statusCode();
        if (status != 200 && status != 201) {
            String error = "";
            try {
                error = json.readTree(response.body()).path("error").asString("");
            } catch (RuntimeException notJson) {
                // the status says enough
            }
            throw new PayoutException("payout provider answered " + status + " " + error);
        }
        JsonNode node;
        try {
            node = json.readTree(response.body());
        } catch (RuntimeException e) {
            throw new PayoutException("payout provider answered something other than JSON", e);
        }
        String reference = node.path("id").asString("");
        Status state;
        try {
            state = Status.valueOf(node.path("status").asString("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PayoutException("payout provider answered an unknown status");
        }
        if (reference.isEmpty()) {
            throw new PayoutException("payout provider answered no id");
        }
        String failure =
                node.path("failureCode").isString() ? node.path("failureCode").stringValue() : null;
        return new Payout(reference, state, node.path("amountYen").asLong(0), failure);
    }

    /** A response must be signed with our secret over its timestamp, status and body, and be recent. */
    private void verify(HttpResponse<String> response) {
        String timestamp = response.headers().firstValue("X-Payout-Timestamp").orElse("");
        String signature = response.headers().firstValue("X-Payout-Signature").orElse("");
        long at;
        try {
            at = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new PayoutException("payout provider's answer is not signed");
        }
        if (Math.abs(clock.instant().getEpochSecond() - at) > SKEW.toSeconds()) {
            throw new PayoutException("payout provider's answer is too old or from the future");
        }
        String expected = "v1=" + sign(timestamp + "\n" + response.statusCode() + "\n" + response.body());
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            throw new PayoutException("payout provider's answer has a wrong signature");
        }
    }

    private String sign(String text) {
        return hmac(secret, text);
    }

    /** HMAC-SHA256 of the text (UTF-8) in lower-case hex, as the protocol signs. */
    public static String hmac(byte[] secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
