package jp.tokuten.shared;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * QR codes drawn black on white (ZXing): second-factor enrolment, store QR codes, coupon posters. The quiet
 * zone is {@code margin} modules; the image is at least {@code size} pixels square.
 *
 * <p>About one content in 150 gives, with the mask pattern the encoder picks, a symbol that ZXing's own
 * detector misreads (a false finder or alignment pattern in the data). A code printed on a poster must
 * scan, so each image is read back with the standard reader and, when that fails, encoded again with the
 * other seven mask patterns until one reads back as the content.
 */
public final class QrCodes {

    private QrCodes() {}

    public static BufferedImage image(String content, int size, int margin, ErrorCorrectionLevel level) {
        var first = draw(content, size, Map.of(EncodeHintType.MARGIN, margin, EncodeHintType.ERROR_CORRECTION, level));
        if (readsBack(first, content)) {
            return first;
        }
        for (int mask = 0; mask < 8; mask++) {
            var image = draw(
                    content,
                    size,
                    Map.of(
                            EncodeHintType.MARGIN,
                            margin,
                            EncodeHintType.ERROR_CORRECTION,
                            level,
                            EncodeHintType.QR_MASK_PATTERN,
                            mask));
            if (readsBack(image, content)) {
                return image;
            }
        }
        return first;
    }

    static boolean readsBack(BufferedImage image, String content) {
        try {
            int w = image.getWidth();
            int h = image.getHeight();
            var source = new RGBLuminanceSource(w, h, image.getRGB(0, 0, w, h, null, 0, w));
            var read = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
            return read.getText().equals(content);
        } catch (ReaderException e) {
            return false;
        }
    }

    private static BufferedImage draw(String content, int size, Map<EncodeHintType, ?> hints) {
        try {
            var matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size, hints);
            var image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int x = 0; x < matrix.getWidth(); x++) {
                for (int y = 0; y < matrix.getHeight(); y++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            return image;
        } catch (WriterException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] png(String content, int size, int margin, ErrorCorrectionLevel level) {
        try {
            var out = new ByteArrayOutputStream();
            ImageIO.write(image(content, size, margin, level), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
