import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import jp.tokuten.files.Photo;
import jp.tokuten.files.PhotoIntake;

/**
 * What one decode slot costs: takes a JPEG of W × H (written once to FILE), runs the intake on it as an
 * upload does (header, full check and decode, EXIF turn, clean re-encode) and prints the bytes this
 * thread allocated. bench/decode-heap runs it under shrinking heaps to find the smallest that suffices.
 *
 * <p>Usage: java -cp … bench/DecodeHeap.java FILE W H
 */
public class DecodeHeap {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int w = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        if (!Files.exists(file)) {
            Files.write(file, photo(w, h));
            System.out.println("wrote " + file + " (" + Files.size(file) / 1024 + " KB)");
            return;
        }
        byte[] upload = Files.readAllBytes(file);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Photo photo = PhotoIntake.withDefaults().check(upload);
        byte[] clean = PhotoIntake.reencode(photo);
        long after = threads.getCurrentThreadAllocatedBytes();
        System.out.printf(
                "ok %d x %d: allocated %d MB while checking, decoding and re-encoding (clean copy %d KB)%n",
                photo.width(), photo.height(), (after - before) / (1024 * 1024), clean.length / 1024);
    }

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
