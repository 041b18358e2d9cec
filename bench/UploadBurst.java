import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/**
 * Sends bursts of concurrent photo uploads ({@code POST /api/v1/receipts}) to a running tokuten on this
 * machine and prints, per burst, the answers by status, the time the burst took, the heap in use after it
 * and the node's health. Run by bench/upload-burst, which starts the node with a 512 MB heap.
 *
 * <p>Usage: java bench/UploadBurst.java BASE_URL OPERATOR_TOKEN [BURST]
 */
public class UploadBurst {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String operator = args[1];
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        if (!URI.create(base).getHost().matches("localhost|127\\.0\\.0\\.1")) {
            throw new IllegalArgumentException("only a node on this machine");
        }
        var created = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/operator/tenants"))
                        .header("Authorization", "Bearer " + operator)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"slug\":\"bench-" + System.nanoTime() % 100000 + "\",\"name\":\"bench\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var m = Pattern.compile("\"apiKey\":\"([^\"]+)\"").matcher(created.body());
        if (!m.find()) {
            throw new IllegalStateException("could not create a tenant: " + created.body());
        }
        String key = m.group(1);

        System.out.println("| burst | photo | JPEG size | answers by status | burst took | heap used after | health |");
        System.out.println("|---|---|---|---|---|---|---|");
        run(base, operator, key, burst, "small (1,200 × 1,600, 2 MP)", photo(1_200, 1_600));
        run(base, operator, key, burst, "large (7,300 × 5,500, 40 MP)", photo(7_300, 5_500));
        run(base, operator, key, burst, "small again", photo(1_200, 1_600));
    }

    static void run(String base, String operator, String key, int burst, String label, byte[] jpeg) throws Exception {
        byte[] body = multipart("bench-boundary", jpeg);
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            answers.add(HTTP.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/receipts"))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "multipart/form-data; boundary=bench-boundary")
                            .timeout(Duration.ofSeconds(120))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Map<String, Integer> byStatus = new TreeMap<>();
        for (var answer : answers) {
            String status;
            try {
                status = Integer.toString(answer.get().statusCode());
            } catch (Exception e) {
                status = "no answer";
            }
            byStatus.merge(status, 1, Integer::sum);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "| %d | %s | %.1f MB | %s | %.1f s | %s | %s |%n",
                burst,
                label,
                jpeg.length / 1048576.0,
                byStatus,
                seconds,
                heapUsed(base, operator),
                health(base));
    }

    static String heapUsed(String base, String operator) {
        try {
            String metrics = HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                                    .header("Authorization", "Bearer " + operator)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            double used = 0;
            var m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.E+]+)")
                    .matcher(metrics);
            while (m.find()) {
                used += Double.parseDouble(m.group(1));
            }
            return String.format("%.0f MB", used / 1048576.0);
        } catch (Exception e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    static String health(String base) {
        try {
            String body = HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return body.contains("\"status\":\"UP\"") ? "UP" : body;
        } catch (Exception e) {
            return "DOWN (" + e.getClass().getSimpleName() + ")";
        }
    }

    static byte[] multipart(String boundary, byte[] jpeg) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.jpg\""
                        + "\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jpeg);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /** A photo-like JPEG: a paper-coloured gradient, lines of print, sensor noise; quality 0.92. */
    static byte[] photo(int w, int h) throws Exception {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        var g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.WHITE, w, h, new Color(200, 185, 160)));
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        int size = Math.max(20, w / 80);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, size));
        for (int y = size * 3; y < h; y += size * 2) {
            g.drawString("RECEIPT 0123 TOTAL 1,234 " + y, size * 4, y);
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
}
