package jp.tokuten.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.regex.Pattern;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TestMailServer;
import jp.tokuten.files.Photos;
import jp.tokuten.identity.ProvisionedTenant;
import jp.tokuten.identity.TenantProvisioning;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * Multipart bodies as a real client sends them to a real server (MockMvc builds its multipart requests
 * itself and never reaches a resolver): read into memory and split by tokuten, or left to the container
 * when sent without a length or already read by a filter; refused cleanly when malformed or too large.
 * Same settings as the browser tests ({@code ConsoleBrowserTests}), so the same context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "tokuten.db.data-dir=target/test-data/${random.uuid}",
            "tokuten.bootstrap.operator-email=browser.operator@tokuten.test",
            "tokuten.bootstrap.operator-password=browser operator pass phrase",
            "tokuten.bootstrap.demo=false"
        })
@ContextConfiguration(initializers = TestMailServer.class)
class MultipartOverHttpTests {

    static final String BOUNDARY = "----tokutenTestBoundary7MA4YWxkTrZu0gW";

    @LocalServerPort
    int port;

    @Autowired
    TenantProvisioning provisioning;

    @Autowired
    BufferedMultipartResolver resolver;

    @Autowired
    ApplicationContext context;

    final HttpClient http = HttpClient.newHttpClient();
    ProvisionedTenant tenant;

    @BeforeEach
    void aTenant() {
        tenant = provisioning.provision(TenantFixtures.uniqueSlug("multipart"), "マルチパート確認");
    }

    static byte[] body(@Nullable String field, String fileName, byte[] content, String... textFields) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < textFields.length; i += 2) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + textFields[i]
                            + "\"\r\n\r\n" + textFields[i + 1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (field != null) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                            + fileName + "\"\r\nContent-Type: image/jpeg\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    HttpResponse<String> post(String path, HttpRequest.BodyPublisher body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String key() {
        return "Bearer " + tenant.apiKey().key();
    }

    long submissions() throws SQLException {
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.createStatement()) {
            var rs = st.executeQuery("select count(*) from receipts.submissions");
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aPhotoWithALengthIsReadIntoMemoryAndTheMemoryIsGivenBack() throws Exception {
        long[] before = resolver.counts();
        var answer = post(
                "/api/v1/receipts",
                HttpRequest.BodyPublishers.ofByteArray(body("image", "レシート.jpg", Photos.jpeg(640, 960))),
                "Authorization",
                key());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(JsonPath.<String>read(answer.body(), "$.status")).isEqualTo("queued");
        assertThat(resolver.counts()[0]).isEqualTo(before[0] + 1);
        assertThat(resolver.counts()[1]).isEqualTo(before[1]);
        assertThat(resolver.held()).isZero();
    }

    @Test
    void aBodyWithoutALengthGoesTheContainersWay() throws Exception {
        long[] before = resolver.counts();
        byte[] bytes = body("image", "receipt.jpg", Photos.jpeg(640, 960));
        var answer = post(
                "/api/v1/receipts",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)),
                "Authorization",
                key());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(resolver.counts()[1]).isEqualTo(before[1] + 1);
        assertThat(resolver.counts()[0]).isEqualTo(before[0]);
    }

    @Test
    void aBodyAFilterHasReadAlreadyIsTheContainers() throws Exception {
        // a form posted without script: the CSRF token travels in the body, so the CSRF filter asks for a
        // parameter and the container parses the body before the dispatcher's resolver sees it
        var cookies = new java.net.CookieManager();
        var browserLike = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String signin = "http://localhost:" + port + "/c/" + tenant.tenant().slug() + "/signin";
        var page = browserLike.send(
                HttpRequest.newBuilder(URI.create(signin)).GET().build(), HttpResponse.BodyHandlers.ofString());
        var token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as(page.body()).isTrue();
        long[] before = resolver.counts();
        var answer = browserLike.send(
                HttpRequest.newBuilder(URI.create(signin))
                        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                body(null, "", new byte[0], "_csrf", token.group(1), "email", "hanako@example.jp")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).contains("/signin/code"));
        assertThat(resolver.counts()[1]).isEqualTo(before[1] + 1);
        assertThat(resolver.held()).isZero();
    }

    @Test
    void aMalformedBodyIs400AndStoresNothing() throws Exception {
        long stored = submissions();
        for (byte[] bad : new byte[][] {
            "not multipart at all".getBytes(StandardCharsets.UTF_8),
            ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8),
            ("--" + BOUNDARY + "\r\nContent-Disposition: inline\r\n\r\nx\r\n--" + BOUNDARY + "--")
                    .getBytes(StandardCharsets.UTF_8)
        }) {
            var answer = post("/api/v1/receipts", HttpRequest.BodyPublishers.ofByteArray(bad), "Authorization", key());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
            assertThat(JsonPath.<String>read(answer.body(), "$.code")).isEqualTo("malformed_multipart");
        }
        assertThat(submissions()).isEqualTo(stored);
        assertThat(resolver.held()).isZero();
    }

    @Test
    void aFileOverTheLimitIs413EvenWhenTheBodyIsWithinIt() throws Exception {
        long stored = submissions();
        byte[] big = Photos.concat(Photos.jpeg(10, 10), new byte[21 * 1024 * 1024 + 100]);
        var answer = post(
                "/api/v1/receipts",
                HttpRequest.BodyPublishers.ofByteArray(body("image", "big.jpg", big)),
                "Authorization",
                key());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
        assertThat(JsonPath.<String>read(answer.body(), "$.code")).isEqualTo("too_large");
        assertThat(submissions()).isEqualTo(stored);
        assertThat(resolver.held()).isZero();
    }
}
