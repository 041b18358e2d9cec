package jp.tokuten.files;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Checks an uploaded photo by its content and decodes it (写真の受付). Accepts JPEG, PNG, WebP and
 * HEIC/HEIF; refuses everything else, empty or oversized files, images with more pixels than the limit
 * (checked from the header before anything is decoded), truncated images and files that carry
 * something else after or inside the image (polyglots). No Spring, no state: the command line uses it
 * as it is.
 */
public final class PhotoIntake {

    /** 20 MB: a 48-megapixel phone JPEG is about 12 MB. */
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

    /** 50 million pixels: above any phone camera, far below a decompression bomb. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /**
     * Markup and script a browser or interpreter would run if the file were ever served as something
     * else. Not {@code <?xml}: phones put XMP packets into JPEGs.
     */
    private static final byte[][] SCRIPT_MARKERS = {ascii("<?php"), ascii("<script"), ascii("<html"), ascii("<svg")};

    private final long maxBytes;
    private final long maxPixels;

    public PhotoIntake(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    public static PhotoIntake withDefaults() {
        return new PhotoIntake(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The photo in {@code bytes}, upright and without metadata, or a {@link PhotoRejectedException} saying why not. */
    public Photo check(byte[] bytes) {
        if (bytes.length == 0) {
            throw new PhotoRejectedException(PhotoRejectedException.Reason.EMPTY, "The file is empty (ファイルが空です)");
        }
        if (bytes.length > maxBytes) {
            throw tooLarge();
        }
        String format = format(bytes);
        if (format == null) {
            throw new PhotoRejectedException(
                    PhotoRejectedException.Reason.NOT_A_PHOTO,
                    "Not a photo: only JPEG, PNG, WebP and HEIC images are accepted (JPEG・PNG・WebP・HEICの画像のみ受け付けます)");
        }
        if (containsScript(bytes)) {
            throw polyglot();
        }
        BufferedImage image = switch (format) {
            case "heic" -> decodeHeic(bytes);
            default -> decode(bytes, format);
        };
        if (format.equals("jpeg")) {
            if (!endsAtEoi(bytes)) {
                throw hasEoi(bytes) ? polyglot() : broken();
            }
            image = ExifOrientation.apply(image, ExifOrientation.of(bytes));
        } else if (format.equals("png") && !endsAtIend(bytes)) {
            throw polyglot();
        }
        return new Photo(image, format);
    }

    /** A clean JPEG of the photo: pixels only, no EXIF, no comments, no colour profile. */
    public static byte[] reencode(Photo photo) {
        BufferedImage rgb = photo.image();
        if (rgb.getType() != BufferedImage.TYPE_INT_RGB && rgb.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            BufferedImage copy = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_RGB);
            var g = copy.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(rgb, 0, 0, null);
            g.dispose();
            rgb = copy;
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var buffer = new ByteArrayOutputStream();
                var out = new MemoryCacheImageOutputStream(buffer)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(rgb, null, null), param);
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("Could not encode a JPEG", e);
        } finally {
            writer.dispose();
        }
    }

    static String format(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "jpeg";
        }
        if (b.length >= 8
                && (b[0] & 0xff) == 0x89
                && b[1] == 'P'
                && b[2] == 'N'
                && b[3] == 'G'
                && b[4] == 0x0D
                && b[5] == 0x0A
                && b[6] == 0x1A
                && b[7] == 0x0A) {
            return "png";
        }
        if (b.length >= 12 && ascii(b, 0, 4).equals("riff") && ascii(b, 8, 4).equals("webp")) {
            return "webp";
        }
        if (b.length >= 12 && ascii(b, 4, 4).equals("ftyp")) {
            String brand = ascii(b, 8, 4);
            if (brand.matches("heic|heix|heim|heis|hevc|hevx|mif1|msf1")) {
                return "heic";
            }
        }
        return null;
    }

    private BufferedImage decode(byte[] bytes, String format) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) {
                throw new PhotoRejectedException(
                        PhotoRejectedException.Reason.UNSUPPORTED,
                        "This image format cannot be read here (この画像形式は読み込めません)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new PhotoRejectedException(
                            PhotoRejectedException.Reason.TOO_MANY_PIXELS,
                            "The image has too many pixels: at most " + maxPixels / 1_000_000 + " million (画素数が多すぎます)");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw broken();
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (PhotoRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw broken();
        }
    }

    /**
     * HEIC has no Java decoder: Debian's {@code heif-convert} (libheif) turns it into PNG in a private
     * temporary directory, with the same pixel limit read first by {@code heif-info}'s sibling, the PNG
     * header.
     */
    private BufferedImage decodeHeic(byte[] bytes) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tokuten-heic-");
            Path in = dir.resolve("in.heic");
            Path out = dir.resolve("out.png");
            Files.write(in, bytes);
            Process p;
            try {
                p = new ProcessBuilder("heif-convert", in.toString(), out.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                throw new PhotoRejectedException(
                        PhotoRejectedException.Reason.UNSUPPORTED,
                        "HEIC photos cannot be read on this server; send JPEG (HEIC画像はこのサーバーでは読めません。JPEGで送ってください)");
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw broken();
            }
            if (p.exitValue() != 0 || !Files.exists(out)) {
                throw broken();
            }
            return decode(Files.readAllBytes(out), "png");
        } catch (IOException e) {
            throw broken();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw broken();
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temporary directory left behind is harmless
                }
            }
        }
    }

    private static boolean endsAtEoi(byte[] b) {
        int end = b.length;
        while (end > 2 && b[end - 1] == 0) {
            end--;
        }
        return end >= 4 && (b[end - 2] & 0xff) == 0xFF && (b[end - 1] & 0xff) == 0xD9;
    }

    private static boolean hasEoi(byte[] b) {
        for (int i = 2; i + 1 < b.length; i++) {
            if ((b[i] & 0xff) == 0xFF && (b[i + 1] & 0xff) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsAtIend(byte[] b) {
        int n = b.length;
        return n >= 12 && ascii(b, n - 8, 4).equals("iend");
    }

    private static boolean containsScript(byte[] b) {
        outer:
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '<') {
                continue;
            }
            for (byte[] marker : SCRIPT_MARKERS) {
                if (i + marker.length <= b.length) {
                    boolean match = true;
                    for (int k = 0; k < marker.length && match; k++) {
                        match = Character.toLowerCase((char) (b[i + k] & 0xff)) == marker[k];
                    }
                    if (match) {
                        return true;
                    }
                }
            }
            continue outer;
        }
        return false;
    }

    private static String ascii(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public PhotoRejectedException tooLarge() {
        return new PhotoRejectedException(
                PhotoRejectedException.Reason.TOO_LARGE,
                "The file is too large: at most " + maxBytes / (1024 * 1024) + " MB (ファイルが大きすぎます)");
    }

    private static PhotoRejectedException broken() {
        return new PhotoRejectedException(
                PhotoRejectedException.Reason.DAMAGED, "The image is damaged or incomplete (画像が壊れているか途中までしかありません)");
    }

    private static PhotoRejectedException polyglot() {
        return new PhotoRejectedException(
                PhotoRejectedException.Reason.POLYGLOT,
                "The file carries something besides the image and is refused (画像以外のデータを含むため受け付けません)");
    }
}
