package jp.tokuten.stores.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import jakarta.servlet.http.HttpServletRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import javax.imageio.ImageIO;
import jp.tokuten.stores.StoreSecrets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A store's QR code: the absolute URL it opens and the PNG image of it. The URL starts with tokuten's
 * public address ({@code TOKUTEN_BASE_URL}, as in links in e-mail), or when that is not set with the
 * scheme, host and port of the request that asks for it (decision 106).
 */
@Component
class StoreQrCodes {

    /** Side of the PNG in pixels: large enough to print at 8 cm and scan from a phone. */
    static final int SIZE = 512;

    private final String baseUrl;

    StoreQrCodes(@Value("${tokuten.mail.base-url:}") String baseUrl) {
        String url = baseUrl.strip();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The absolute URL the store's QR code opens. */
    String url(StoreSecrets secrets, HttpServletRequest request) {
        String base = baseUrl.isEmpty()
                ? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
                : baseUrl;
        return base + secrets.qrPath();
    }

    /** The QR code of {@code content} as a black-on-white PNG with a quiet zone of 4 modules. */
    static byte[] png(String content) {
        try {
            var matrix = new QRCodeWriter()
                    .encode(
                            content,
                            BarcodeFormat.QR_CODE,
                            SIZE,
                            SIZE,
                            Map.of(EncodeHintType.MARGIN, 4, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
            var image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int x = 0; x < matrix.getWidth(); x++) {
                for (int y = 0; y < matrix.getHeight(); y++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            var out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
