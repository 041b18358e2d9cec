package jp.tokuten;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import jp.tokuten.TokutenJarIT.Tokuten;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar with a 512 MB heap, as a small node runs it: a burst of 40-megapixel photos is taken
 * whole (the request decodes nothing, issue 10: every upload is stored and queued, none refused for want
 * of a slot), the node stays healthy (any out-of-memory error would end it:
 * {@code -XX:+ExitOnOutOfMemoryError}) and its job worker then decodes and reads them one slot at a time;
 * malformed and over-size bodies get problem JSON, never a 5xx.
 */
class UploadBurstIT {

    static final int BURST = 20;

    static Tokuten app;
    static String key;

    @BeforeAll
    static void startASmallNode(@TempDir Path dataDir) throws Exception {
        app = Tokuten.start(
                Map.of("TOKUTEN_DATA_DIR", dataDir.toString(), "TOKUTEN_DEMO", "false"),
                "upload-burst-512m",
                List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
        var created = app.createTenant("burst");
        assertThat(created.statusCode()).isEqualTo(201);
        var m = Pattern.compile("\"apiKey\":\"([^\"]+)\"").matcher(created.body());
        assertThat(m.find()).isTrue();
        key = m.group(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    /** A 7,300 × 5,500 JPEG (40 megapixels) with print and sensor-like noise, as a phone would send it. */
    static byte[] fortyMegapixelPhoto() throws Exception {
        int w = 7_300;
        int h = 5_500;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        var g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.WHITE, w, h, new Color(200, 185, 160)));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 90));
        for (int y = 300; y < h; y += 180) {
            g.drawString("RECEIPT 0123 TOTAL 1,234 " + y, 400, y);
        }
        g.dispose();
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        Random random = new Random(40);
        for (int i = 0; i < pixels.length; i++) {
            int v = (pixels[i] & 0xff) + random.nextInt(25) - 12;
            pixels[i] = (byte) Math.max(0, Math.min(255, v));
        }
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var buffer = new ByteArrayOutputStream();
                var out = new MemoryCacheImageOutputStream(buffer)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
            out.flush();
            return buffer.toByteArray();
        } finally {
            writer.dispose();
        }
    }

    static byte[] multipart(String boundary, String field, String fileName, byte[] content) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                        + fileName + "\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    static HttpRequest.Builder post(String path, String contentType) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + app.port + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(120));
    }

    @Test
    void aBurstOfFortyMegapixelPhotosLeavesA512MegabyteNodeHealthy() throws Exception {
        byte[] body = multipart("burst-boundary", "image", "photo.jpg", fortyMegapixelPhoto());
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            answers.add(TokutenJarIT.HTTP.sendAsync(
                    post("/api/v1/receipts", "multipart/form-data; boundary=burst-boundary")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> accepted = new ArrayList<>();
        for (var answer : answers) {
            HttpResponse<String> response = answer.get();
            byStatus.merge(response.statusCode(), 1, Integer::sum);
            response.headers().firstValue("Location").ifPresent(accepted::add);
            assertThat(response.statusCode()).as(response.body()).isIn(200, 201, 202, 422, 503);
            if (response.statusCode() == 503) {
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(response.body()).contains("\"code\":\"busy\"");
            }
        }
        System.out.println("40-megapixel burst of " + BURST + " on -Xmx512m: " + byStatus);
        assertThat(byStatus.getOrDefault(202, 0)).as("every photo is taken").isEqualTo(BURST);
        assertThat(app.process.isAlive()).isTrue();
        assertThat(app.get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(app.output()).doesNotContain("OutOfMemoryError");

        // the node's job worker reads the accepted photos in the same heap, taking the same decode slots
        for (String location : accepted) {
            awaitRead(location, Duration.ofSeconds(240));
        }
        assertThat(app.get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(app.output()).doesNotContain("OutOfMemoryError");
    }

    static void awaitRead(String location, Duration limit) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plus(limit);
        while (true) {
            var answer = TokutenJarIT.HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + app.port + location))
                            .header("Authorization", "Bearer " + key)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            if (!answer.body().contains("\"status\":\"queued\"")) {
                return;
            }
            assertThat(java.time.Instant.now()).as("read within " + limit).isBefore(deadline);
            app.process.waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void malformedAndOversizeBodiesGetProblemJsonNever5xx() throws Exception {
        var malformed = TokutenJarIT.HTTP.send(
                post("/api/v1/receipts", "multipart/form-data; boundary=xyz")
                        .POST(HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disposition: form-da"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

        byte[] fifty = multipart("big", "image", "big.jpg", new byte[50 * 1024 * 1024]);
        var declared = TokutenJarIT.HTTP.send(
                post("/api/v1/receipts", "multipart/form-data; boundary=big")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(fifty))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("\"code\":\"too_large\"").contains("\"reason\":\"too_large\"");

        // no length declared (chunked): the servlet container's multipart limit stops it
        var chunked = TokutenJarIT.HTTP.send(
                post("/api/v1/receipts/read", "multipart/form-data; boundary=big")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(fifty)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("\"code\":\"too_large\"");

        var bigJson = TokutenJarIT.HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + app.port + "/api/v1/operator/tenants"))
                        .header("Authorization", "Bearer " + TokutenJarIT.TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"slug\":\"big\",\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bigJson.statusCode()).isEqualTo(413);
        assertThat(bigJson.body()).contains("\"code\":\"too_large\"");

        String stores = "店舗\n".repeat(400_000);
        var bigField = new ByteArrayOutputStream();
        bigField.writeBytes(("--f\r\nContent-Disposition: form-data; name=\"stores\"\r\n\r\n" + stores + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        bigField.writeBytes(multipart("f", "image", "r.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})
                .clone());
        var field = TokutenJarIT.HTTP.send(
                post("/api/v1/receipts/read", "multipart/form-data; boundary=f")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bigField.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(field.statusCode()).as(field.body()).isBetween(400, 499);
        assertThat(field.body()).contains("\"code\":");

        var error = app.get("/error");
        assertThat(error.statusCode()).as(error.body()).isLessThan(500);
        assertThat(app.get("/actuator/health").body()).contains("\"status\":\"UP\"");
    }
}
