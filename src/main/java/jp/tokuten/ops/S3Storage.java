package jp.tokuten.ops;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * S3-compatible object storage as the second location of backups (decision 134): PUT, list (ListObjectsV2)
 * and DELETE with path-style addresses ({@code endpoint/bucket/key}), signed with AWS Signature Version 4.
 * Payloads are signed by their SHA-256, which the backup's manifest already holds for every part.
 */
final class S3Storage {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final URI endpoint;
    private final String bucket;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final Clock clock;
    private final HttpClient http;

    S3Storage(URI endpoint, String bucket, String region, String accessKey, String secretKey, Clock clock) {
        String base = endpoint.toString();
        this.endpoint = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.bucket = bucket;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.clock = clock;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    }

    String describe(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** Uploads {@code file} (whose SHA-256 is {@code sha256}) as {@code key}. */
    void put(String key, Path file, String sha256) throws IOException {
        send("PUT", key, Map.of(), sha256, HttpRequest.BodyPublishers.ofFile(file));
    }

    void put(String key, byte[] bytes) throws IOException {
        send("PUT", key, Map.of(), sha256(bytes), HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    /** The object {@code key}'s bytes (a second site downloads a backup with it). */
    byte[] get(String key) throws IOException {
        return send("GET", key, Map.of(), EMPTY_SHA256, HttpRequest.BodyPublishers.noBody());
    }

    void delete(String key) throws IOException {
        send("DELETE", key, Map.of(), EMPTY_SHA256, HttpRequest.BodyPublishers.noBody());
    }

    /** The "folders" directly under {@code prefix} (common prefixes with delimiter {@code /}). */
    List<String> folders(String prefix) throws IOException {
        return list(prefix, true);
    }

    /** Every key under {@code prefix}. */
    List<String> keys(String prefix) throws IOException {
        return list(prefix, false);
    }

    private List<String> list(String prefix, boolean folders) throws IOException {
        var result = new ArrayList<String>();
        String token = null;
        do {
            var query = new TreeMap<String, String>();
            query.put("list-type", "2");
            query.put("prefix", prefix);
            if (folders) {
                query.put("delimiter", "/");
            }
            if (token != null) {
                query.put("continuation-token", token);
            }
            String xml = new String(
                    send("GET", "", query, EMPTY_SHA256, HttpRequest.BodyPublishers.noBody()), StandardCharsets.UTF_8);
            try {
                var factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                var document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
                var nodes = document.getElementsByTagNameNS("*", folders ? "CommonPrefixes" : "Contents");
                for (int i = 0; i < nodes.getLength(); i++) {
                    var element = (Element) nodes.item(i);
                    var name = element.getElementsByTagNameNS("*", folders ? "Prefix" : "Key");
                    if (name.getLength() > 0) {
                        result.add(name.item(0).getTextContent());
                    }
                }
                var truncated = document.getElementsByTagNameNS("*", "IsTruncated");
                var next = document.getElementsByTagNameNS("*", "NextContinuationToken");
                token = truncated.getLength() > 0
                                && truncated.item(0).getTextContent().equals("true")
                                && next.getLength() > 0
                        ? next.item(0).getTextContent()
                        : null;
            } catch (org.xml.sax.SAXException | javax.xml.parsers.ParserConfigurationException e) {
                throw new IOException("S3 listing of " + describe(prefix) + " could not be read: " + e.getMessage(), e);
            }
        } while (token != null);
        return result;
    }

    private byte[] send(
            String method, String key, Map<String, String> query, String payloadSha256, HttpRequest.BodyPublisher body)
            throws IOException {
        String path = "/" + encode(bucket, false) + (key.isEmpty() ? "" : "/" + encode(key, true));
        String basePath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        String canonicalPath = basePath + path;
        var canonicalQuery = new StringBuilder();
        for (var e : new TreeMap<>(query).entrySet()) {
            if (!canonicalQuery.isEmpty()) {
                canonicalQuery.append('&');
            }
            canonicalQuery.append(encode(e.getKey(), false)).append('=').append(encode(e.getValue(), false));
        }
        String host = endpoint.getHost() + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
        var now = clock.instant();
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/s3/aws4_request";
        String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        String canonicalRequest = method + "\n" + canonicalPath + "\n" + canonicalQuery + "\n"
                + "host:" + host + "\n" + "x-amz-content-sha256:" + payloadSha256 + "\n" + "x-amz-date:" + amzDate
                + "\n\n" + signedHeaders + "\n" + payloadSha256;
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] signingKey = hmac(
                hmac(hmac(hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date), region), "s3"),
                "aws4_request");
        String signature = HexFormat.of().formatHex(hmac(signingKey, stringToSign));
        var uri = URI.create(endpoint.getScheme() + "://" + host + canonicalPath
                + (canonicalQuery.isEmpty() ? "" : "?" + canonicalQuery));
        var request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(30))
                .header("x-amz-date", amzDate)
                .header("x-amz-content-sha256", payloadSha256)
                .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedHeaders
                                + ", Signature=" + signature)
                .method(method, body)
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            throw new IOException("S3 " + method + " " + describe(key) + " answered " + response.statusCode() + ": "
                    + (text.length() > 300 ? text.substring(0, 300) : text));
        }
        return response.body();
    }

    /** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, '/' kept in object keys. */
    static String encode(String text, boolean keepSlash) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
