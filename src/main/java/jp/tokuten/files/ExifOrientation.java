package jp.tokuten.files;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * The EXIF orientation tag (0x0112) of a JPEG, read from its APP1 segment, and the turn it asks for.
 * Only this one tag is read; everything else in the metadata is dropped by re-encoding.
 */
final class ExifOrientation {

    private ExifOrientation() {}

    /** 1 (upright) to 8; 1 when absent or unreadable. */
    static int of(byte[] jpeg) {
        int i = 2;
        while (i + 4 < jpeg.length && (jpeg[i] & 0xff) == 0xFF) {
            int marker = jpeg[i + 1] & 0xff;
            int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
            if (marker == 0xDA || length < 2) {
                break;
            }
            if (marker == 0xE1 && length > 14 && i + 4 + length - 2 <= jpeg.length && startsWithExif(jpeg, i + 4)) {
                int orientation = fromTiff(jpeg, i + 10, i + 2 + length);
                if (orientation >= 1 && orientation <= 8) {
                    return orientation;
                }
            }
            i += 2 + length;
        }
        return 1;
    }

    private static boolean startsWithExif(byte[] b, int at) {
        return b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f' && b[at + 4] == 0;
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return 1;
        }
        boolean little = b[tiff] == 'I';
        long ifd = u32(b, tiff + 4, little);
        int at = (int) (tiff + ifd);
        if (ifd < 8 || at + 2 > end) {
            return 1;
        }
        int entries = u16(b, at, little);
        for (int n = 0; n < entries; n++) {
            int e = at + 2 + n * 12;
            if (e + 12 > end) {
                return 1;
            }
            if (u16(b, e, little) == 0x0112) {
                return u16(b, e + 8, little);
            }
        }
        return 1;
    }

    /** An unsigned 16-bit number at {@code at}, in the byte order given. */
    static int u16(byte[] b, int at, boolean little) {
        int x = b[at] & 0xff;
        int y = b[at + 1] & 0xff;
        return little ? x | (y << 8) : (x << 8) | y;
    }

    /** An unsigned 32-bit number at {@code at}, in the byte order given. */
    static long u32(byte[] b, int at, boolean little) {
        long v = 0;
        for (int k = 0; k < 4; k++) {
            int shift = little ? 8 * k : 8 * (3 - k);
            v |= (long) (b[at + k] & 0xff) << shift;
        }
        return v;
    }

    /** The image turned so that it shows upright. */
    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> {
                t.translate(w, 0);
                t.scale(-1, 1);
            }
            case 3 -> {
                t.translate(w, h);
                t.rotate(Math.PI);
            }
            case 4 -> {
                t.translate(0, h);
                t.scale(1, -1);
            }
            case 5 -> {
                t.rotate(-Math.PI / 2);
                t.scale(-1, 1);
            }
            case 6 -> {
                t.translate(h, 0);
                t.rotate(Math.PI / 2);
            }
            case 7 -> {
                t.scale(-1, 1);
                t.translate(-h, 0);
                t.translate(0, w);
                t.rotate(3 * Math.PI / 2);
            }
            case 8 -> {
                t.translate(0, w);
                t.rotate(3 * Math.PI / 2);
            }
            default -> {}
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics();
        g.drawImage(image, t, null);
        g.dispose();
        return out;
    }
}
