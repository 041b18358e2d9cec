package jp.tokuten.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.junit.jupiter.api.Test;

class QrCodesTests {

    /** A content whose default mask gives a symbol ZXing's detector misreads (found by a CI failure). */
    private static final String HARD =
            "http://localhost/c/api-coupons-e0f6f4c0/coupons/d636fc69-d215-4ed9-87de-54ebe76e8af4";

    @Test
    void aContentTheDefaultMaskMakesUnreadableIsEncodedWithAnotherMaskThatReadsBack() {
        var image = QrCodes.image(HARD, 600, 4, ErrorCorrectionLevel.M);
        assertThat(QrCodes.readsBack(image, HARD)).isTrue();
    }

    @Test
    void everyCodeReadsBackAcrossManyContents() {
        for (int i = 0; i < 200; i++) {
            String url = "http://localhost/c/shop-" + i + "/coupons/" + java.util.UUID.randomUUID();
            assertThat(QrCodes.readsBack(QrCodes.image(url, 600, 4, ErrorCorrectionLevel.M), url))
                    .as(url)
                    .isTrue();
        }
    }
}
