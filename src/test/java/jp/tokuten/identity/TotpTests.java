package jp.tokuten.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTests {

    static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 appendix B, SHA-1 column (8 digits). */
    @ParameterizedTest
    @CsvSource({
        "59, 94287082",
        "1111111109, 07081804",
        "1111111111, 14050471",
        "1234567890, 89005924",
        "2000000000, 69279037",
        "20000000000, 65353130"
    })
    void matchesTheRfc6238TestVectors(long time, String expected) {
        long step = Totp.step(Instant.ofEpochSecond(time));
        assertThat(String.format("%08d", Totp.code(RFC_SECRET, step, 8))).isEqualTo(expected);
    }

    @Test
    void acceptsTheCurrentAndNeighbouringStepsOnce() {
        Instant now = Instant.ofEpochSecond(1_900_000_000L);
        long step = Totp.step(now);
        String current = Totp.format(Totp.code(RFC_SECRET, step, 6));
        String previous = Totp.format(Totp.code(RFC_SECRET, step - 1, 6));
        String tooOld = Totp.format(Totp.code(RFC_SECRET, step - 2, 6));
        assertThat(Totp.verify(RFC_SECRET, current, now, 0)).hasValue(step);
        assertThat(Totp.verify(RFC_SECRET, previous, now, 0)).hasValue(step - 1);
        assertThat(Totp.verify(RFC_SECRET, tooOld, now, 0)).isEmpty();
        assertThat(Totp.verify(RFC_SECRET, current, now, step)).as("replayed").isEmpty();
        assertThat(Totp.verify(RFC_SECRET, current.substring(0, 3) + " " + current.substring(3), now, 0))
                .hasValue(step);
    }

    @Test
    void refusesMalformedCodes() {
        Instant now = Instant.ofEpochSecond(1_900_000_000L);
        for (String bad : new String[] {"", "12345", "1234567", "abcdef", "１２３４５６"}) {
            assertThat(Totp.verify(RFC_SECRET, bad, now, 0)).as(bad).isEmpty();
        }
    }

    @Test
    void encodesSecretsInBase32ForAuthenticatorApps() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Totp.otpauthUri("tokuten", "a@b.jp", RFC_SECRET))
                .startsWith("otpauth://totp/tokuten:a%40b.jp?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=tokuten");
    }
}
