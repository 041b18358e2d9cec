package jp.tokuten.files;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.springframework.core.io.ClassPathResource;

/** Photos with the metadata editors, cameras and screenshots leave, for the photo signal tests. */
public final class TaggedPhotos {

    private TaggedPhotos() {}

    public static final int SOFTWARE = 0x0131;
    public static final int MAKE = 0x010F;
    public static final int MODEL = 0x0110;

    /** A receipt photo of the test resources, decoded. */
    public static BufferedImage receipt(String name) {
        try {
            return ImageIO.read(
                    new ByteArrayInputStream(new ClassPathResource("receipts/" + name).getContentAsByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image as a JPEG of the given quality (0–1). */
    public static byte[] jpeg(BufferedImage image, float quality) {
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var buffer = new ByteArrayOutputStream();
                var out = new MemoryCacheImageOutputStream(buffer)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(rgb(image), null, null), param);
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image scaled smoothly by {@code factor}. */
    public static BufferedImage scaled(BufferedImage image, double factor) {
        int w = (int) Math.round(image.getWidth() * factor);
        int h = (int) Math.round(image.getHeight() * factor);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics();
        g.setRenderingHint(
                java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(image.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage rgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR || image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    /** The JPEG with an EXIF block (little-endian IFD0 of ASCII tags) right after SOI. */
    public static byte[] withExif(byte[] jpeg, Map<Integer, String> tags) {
        var tiff = new ByteArrayOutputStream();
        write16(tiff, 'I' | ('I' << 8));
        write16(tiff, 42);
        write32(tiff, 8);
        write16(tiff, tags.size());
        int data = 8 + 2 + 12 * tags.size() + 4;
        var values = new ByteArrayOutputStream();
        for (var t : new LinkedHashMap<>(tags).entrySet()) {
            byte[] v = (t.getValue() + "\0").getBytes(StandardCharsets.US_ASCII);
            write16(tiff, t.getKey());
            write16(tiff, 2);
            write32(tiff, v.length);
            write32(tiff, data + values.size());
            values.writeBytes(v);
        }
        write32(tiff, 0);
        tiff.writeBytes(values.toByteArray());
        byte[] body = tiff.toByteArray();
        return withSegment(jpeg, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), body));
    }

    /** The JPEG with an EXIF block holding only the orientation tag (1–8). */
    public static byte[] withOrientation(byte[] jpeg, int orientation) {
        var tiff = new ByteArrayOutputStream();
        write16(tiff, 'I' | ('I' << 8));
        write16(tiff, 42);
        write32(tiff, 8);
        write16(tiff, 1);
        write16(tiff, 0x0112);
        write16(tiff, 3); // SHORT
        write32(tiff, 1);
        write16(tiff, orientation);
        write16(tiff, 0);
        write32(tiff, 0);
        return withSegment(jpeg, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.toByteArray()));
    }

    /** The image turned a quarter anticlockwise: how a camera held upright stores it with orientation 6. */
    public static BufferedImage turnedAnticlockwise(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(h, w, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(y, w - 1 - x, image.getRGB(x, y));
            }
        }
        return out;
    }

    /** The JPEG with an XMP packet whose {@code xmp:CreatorTool} is {@code tool}. */
    public static byte[] withXmpCreator(byte[] jpeg, String tool) {
        String packet =
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                        + "<rdf:Description xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:CreatorTool=\"" + tool
                        + "\"/>"
                        + "</rdf:RDF></x:xmpmeta>";
        return withSegment(
                jpeg,
                0xE1,
                concat(
                        "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII),
                        packet.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        int length = payload.length + 2;
        var out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(marker);
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(payload);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** The PNG with a {@code tEXt} chunk (keyword, text) right after IHDR. */
    public static byte[] withPngText(byte[] png, String keyword, String text) {
        byte[] data = concat(
                (keyword + "\0").getBytes(StandardCharsets.ISO_8859_1), text.getBytes(StandardCharsets.ISO_8859_1));
        int ihdrEnd = 8 + 4 + 4 + 13 + 4;
        var out = new ByteArrayOutputStream();
        out.write(png, 0, ihdrEnd);
        out.write(data.length >> 24);
        out.write((data.length >> 16) & 0xff);
        out.write((data.length >> 8) & 0xff);
        out.write(data.length & 0xff);
        byte[] type = "tEXt".getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(type);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data);
        long c = crc.getValue();
        out.write((int) (c >> 24) & 0xff);
        out.write((int) (c >> 16) & 0xff);
        out.write((int) (c >> 8) & 0xff);
        out.write((int) c & 0xff);
        out.write(png, ihdrEnd, png.length - ihdrEnd);
        return out.toByteArray();
    }

    /**
     * What a phone screenshot of a shopping app looks like: a flat grey background, a flat coloured bar,
     * white cards with text.
     */
    public static BufferedImage appScreen(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        var g = image.createGraphics();
        g.setColor(new Color(242, 242, 247));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0, 122, 255));
        g.fillRect(0, 0, width, height / 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(12, width / 30)));
        for (int y = height / 8; y + height / 8 < height; y += height / 6) {
            g.setColor(Color.WHITE);
            g.fillRect(width / 20, y, width - width / 10, height / 8);
            g.setColor(Color.BLACK);
            g.drawString("ご注文番号 12345 合計 ¥1,200", width / 10, y + height / 16);
        }
        g.dispose();
        return image;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void write16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >> 8) & 0xff);
    }

    private static void write32(ByteArrayOutputStream out, int v) {
        write16(out, v & 0xffff);
        write16(out, (v >> 16) & 0xffff);
    }
}
