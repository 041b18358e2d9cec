package jp.tokuten.stores.web;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import jakarta.servlet.http.HttpServletRequest;
import jp.tokuten.shared.QrCodes;
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
        return QrCodes.png(content, SIZE, 4, ErrorCorrectionLevel.M);
    }
}
