package jp.tokuten.stores.web;

import static org.assertj.core.api.Assertions.assertThat;

import jp.tokuten.stores.StoreFixtures;
import jp.tokuten.stores.StoreSecrets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The URL a store's QR code opens, with and without a configured public address, and its PNG. */
class StoreQrCodesTests {

    static final StoreSecrets SECRETS = new StoreSecrets("1234", "tok_en-43", "/c/shop/s/tok_en-43");

    static MockHttpServletRequest request() {
        var request = new MockHttpServletRequest("GET", "/admin/stores/x/qr.png");
        request.setScheme("https");
        request.setServerName("coupons.example.jp");
        request.setServerPort(8443);
        return request;
    }

    @Test
    void usesTheConfiguredPublicAddress() {
        assertThat(new StoreQrCodes("https://tokuten.example.jp/").url(SECRETS, request()))
                .isEqualTo("https://tokuten.example.jp/c/shop/s/tok_en-43");
    }

    @Test
    void withoutOneUsesTheRequestsSchemeHostAndPort() {
        assertThat(new StoreQrCodes(" ").url(SECRETS, request()))
                .isEqualTo("https://coupons.example.jp:8443/c/shop/s/tok_en-43");
        var plain = request();
        plain.setScheme("http");
        plain.setServerPort(80);
        plain.setContextPath("/app");
        assertThat(new StoreQrCodes("").url(SECRETS, plain))
                .isEqualTo("http://coupons.example.jp/app/c/shop/s/tok_en-43");
    }

    @Test
    void thePngIsAQrCodeOfTheUrl() throws Exception {
        String url = "https://tokuten.example.jp/c/shop/s/" + "A".repeat(43);
        byte[] png = StoreQrCodes.png(url);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(StoreFixtures.decodeQr(png)).isEqualTo(url);
    }
}
