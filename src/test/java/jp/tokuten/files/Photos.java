package jp.tokuten.files;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Small factories for good and hostile uploads. */
public final class Photos {

    private Photos() {}

    public static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width / 4, height / 4); // a mark in the top left corner shows the orientation
        g.dispose();
        return encode(image, "jpeg");
    }

    public static byte[] encode(BufferedImage image, String format) {
        try (var out = new ByteArrayOutputStream()) {
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JPEG with an EXIF block right after SOI: orientation 6 (turn 90° clockwise to view), a GPS
     * position (35°N) and a camera model.
     */
    public static byte[] jpegWithGpsAndOrientation(int width, int height) {
        byte[] plain = jpeg(width, height);
        var tiff = new ByteArrayOutputStream();
        // big-endian TIFF header, IFD0 at offset 8
        write(tiff, 'M', 'M', 0, 42, 0, 0, 0, 8);
        // IFD0: 3 entries (12 bytes each) + next-IFD offset; data follows at 8 + 2 + 36 + 4 = 50
        write(tiff, 0, 3);
        write(tiff, 0x01, 0x10, 0, 2, 0, 0, 0, 8, 0, 0, 0, 50); // Model, ASCII, 8 bytes at 50
        write(tiff, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0); // Orientation = 6
        write(tiff, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 58); // GPS IFD at 58
        write(tiff, 0, 0, 0, 0);
        tiff.writeBytes("PhoneX1\0".getBytes(StandardCharsets.US_ASCII)); // at 50
        // GPS IFD at 58: 2 entries, latitude at 58 + 2 + 24 + 4 = 88
        write(tiff, 0, 2);
        write(tiff, 0, 1, 0, 2, 0, 0, 0, 2, 'N', 0, 0, 0); // GPSLatitudeRef "N"
        write(tiff, 0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 88); // GPSLatitude, 3 rationals at 88
        write(tiff, 0, 0, 0, 0);
        write(tiff, 0, 0, 0, 35, 0, 0, 0, 1, 0, 0, 0, 41, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1);
        byte[] body = tiff.toByteArray();
        int length = 2 + 6 + body.length;
        var out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        write(out, 0xFF, 0xE1, length >> 8, length & 0xff);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    /**
     * A real PNG of 20,000 × 20,000 one-bit pixels (400 million): a few hundred kilobytes that would
     * need gigabytes once decoded.
     */
    public static byte[] decompressionBombPng() {
        int size = 20_000;
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        var ihdr = new ByteArrayOutputStream();
        write(ihdr, size >> 24, (size >> 16) & 0xff, (size >> 8) & 0xff, size & 0xff);
        write(ihdr, size >> 24, (size >> 16) & 0xff, (size >> 8) & 0xff, size & 0xff);
        write(ihdr, 1, 0, 0, 0, 0); // bit depth 1, greyscale
        chunk(out, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater(9);
        byte[] row = new byte[1 + size / 8];
        var compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int y = 0; y < size; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                int n = deflater.deflate(buffer);
                compressed.write(buffer, 0, n);
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            compressed.write(buffer, 0, n);
        }
        chunk(out, "IDAT", compressed.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * A PNG that states {@code width} × {@code height} in its header and carries a few rows of pixels only:
     * what an odd-shaped upload looks like up to the point where the intake must refuse it.
     */
    public static byte[] pngHeader(int width, int height) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        var ihdr = new ByteArrayOutputStream();
        write(ihdr, width >>> 24, (width >> 16) & 0xff, (width >> 8) & 0xff, width & 0xff);
        write(ihdr, height >>> 24, (height >> 16) & 0xff, (height >> 8) & 0xff, height & 0xff);
        write(ihdr, 1, 0, 0, 0, 0); // bit depth 1, greyscale
        chunk(out, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater(9);
        deflater.setInput(new byte[(1 + (width + 7) / 8) * 4]);
        deflater.finish();
        byte[] buffer = new byte[1 << 16];
        int n = deflater.deflate(buffer);
        chunk(out, "IDAT", Arrays.copyOf(buffer, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A real JPEG of 20 × 10 pixels whose frame header (SOF0) says {@code width} × {@code height}. */
    public static byte[] jpegClaiming(int width, int height) {
        byte[] jpeg = jpeg(20, 10);
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xC0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF0 in the JPEG");
    }

    /** A JPEG whose frame header states a sample precision of 12 bits, which no decoder here reads. */
    public static byte[] undecodableJpeg() {
        byte[] jpeg = jpeg(200, 100);
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xC0) {
                jpeg[i + 4] = 12;
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF0 in the JPEG");
    }

    public static byte[] truncated(byte[] image) {
        return Arrays.copyOf(image, image.length / 2);
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        write(out, data.length >> 24, (data.length >> 16) & 0xff, (data.length >> 8) & 0xff, data.length & 0xff);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        long c = crc.getValue();
        write(out, (int) (c >> 24) & 0xff, (int) (c >> 16) & 0xff, (int) (c >> 8) & 0xff, (int) c & 0xff);
    }

    private static void write(ByteArrayOutputStream out, int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
    }
}
