package jp.tokuten.identity;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, 30-second steps, 6 digits. */
final class Totp {

    static final int DIGITS = 6;
    static final long PERIOD_SECONDS = 30;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Totp() {}

    /** A new 160-bit secret, the size RFC 4226 recommends for HMAC-SHA1. */
    static byte[] newSecret() {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        return secret;
    }

    static long step(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), PERIOD_SECONDS);
    }

    /** The HOTP value for {@code counter} with {@code digits} digits (RFC 4226 section 5.3). */
    static int code(byte[] secret, long counter, int digits) {
        try {
            var mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = h[h.length - 1] & 0x0F;
            int binary = ((h[offset] & 0x7F) << 24)
                    | ((h[offset + 1] & 0xFF) << 16)
                    | ((h[offset + 2] & 0xFF) << 8)
                    | (h[offset + 3] & 0xFF);
            return binary % (int) Math.pow(10, digits);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String format(int code) {
        return String.format("%0" + DIGITS + "d", code);
    }

    /**
     * The step at which {@code presented} is valid around {@code now} (one step of clock drift either
     * way), if it is later than {@code lastUsedStep}: a code is accepted once.
     */
    static OptionalLong verify(byte[] secret, String presented, Instant now, long lastUsedStep) {
        String digits = presented == null ? "" : presented.replaceAll("[\\s-]", "");
        if (!digits.matches("\\d{" + DIGITS + "}")) {
            return OptionalLong.empty();
        }
        int wanted = Integer.parseInt(digits);
        long current = step(now);
        for (long s = current - 1; s <= current + 1; s++) {
            if (s > lastUsedStep && constantTimeEquals(code(secret, s, DIGITS), wanted)) {
                return OptionalLong.of(s);
            }
        }
        return OptionalLong.empty();
    }

    private static boolean constantTimeEquals(int a, int b) {
        return java.security.MessageDigest.isEqual(
                ByteBuffer.allocate(4).putInt(a).array(),
                ByteBuffer.allocate(4).putInt(b).array());
    }

    /** RFC 4648 base32 without padding, as authenticator apps expect the secret. */
    static String base32(byte[] data) {
        var sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32[(buffer >> (bits - 5)) & 0x1F]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(BASE32[(buffer << (5 - bits)) & 0x1F]);
        }
        return sb.toString();
    }

    /** The {@code otpauth://} URI that authenticator apps read from a QR code. */
    static String otpauthUri(String issuer, String account, byte[] secret) {
        String label = enc(issuer) + ":" + enc(account);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + enc(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + PERIOD_SECONDS;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
