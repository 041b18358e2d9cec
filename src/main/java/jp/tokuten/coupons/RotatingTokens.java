package jp.tokuten.coupons;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token a holder's screen shows and store staff check: six digits the server derives from the coupon's
 * secret key, the instance and the current {@link #STEP_SECONDS}-second step (HMAC-SHA256 with dynamic
 * truncation, as TOTP does, RFC 6238). A screenshot or recording shows a token that is stale within
 * seconds; the check takes the current step and the one before, for the time it takes to read it out.
 */
final class RotatingTokens {

    static final int STEP_SECONDS = 5;

    private RotatingTokens() {}

    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    static String token(byte[] key, UUID instance, long step) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(24)
                    .putLong(instance.getMostSignificantBits())
                    .putLong(instance.getLeastSignificantBits())
                    .putLong(step)
                    .array());
            int offset = h[h.length - 1] & 0x0f;
            int bin = ((h[offset] & 0x7f) << 24)
                    | ((h[offset + 1] & 0xff) << 16)
                    | ((h[offset + 2] & 0xff) << 8)
                    | (h[offset + 3] & 0xff);
            return String.format("%06d", bin % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code typed} is the token of the step of {@code now} or of the step before. */
    static boolean fresh(byte[] key, UUID instance, String typed, Instant now) {
        long step = step(now);
        byte[] t = typed.strip().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean ok = false;
        for (long s = step - 1; s <= step; s++) {
            ok |= MessageDigest.isEqual(
                    t, token(key, instance, s).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return ok;
    }
}
