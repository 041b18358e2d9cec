package jp.tokuten.shared;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
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
 */
public final class QrCodes {

    private QrCodes() {}

    public static BufferedImage image(String content, int size, int margin, ErrorCorrectionLevel level) {
        try {
            var matrix = new QRCodeWriter()
                    .encode(
                            content,
                            BarcodeFormat.QR_CODE,
                            size,
                            size,
                            Map.of(EncodeHintType.MARGIN, margin, EncodeHintType.ERROR_CORRECTION, level));
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
