package jp.tokuten.coupons;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a use at the counter was confirmed: by the tenant's system ({@code API}), by store staff pressing
 * "use" on the holder's screen ({@code STAFF}), by the holder typing the store's PIN ({@code PIN}) or
 * scanning the store's QR code ({@code STORE_QR}), or by staff checking the holder's rotating token
 * ({@code TOKEN}). {@code secret} is the PIN, the QR token or the rotating token.
 */
public record Proof(Kind kind, @Nullable String secret) {

    public enum Kind {
        API,
        STAFF,
        PIN,
        STORE_QR,
        TOKEN;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Proof api() {
        return new Proof(Kind.API, null);
    }

    public static Proof staff() {
        return new Proof(Kind.STAFF, null);
    }

    public static Proof pin(String pin) {
        return new Proof(Kind.PIN, pin);
    }

    public static Proof storeQr(String token) {
        return new Proof(Kind.STORE_QR, token);
    }

    public static Proof token(String token) {
        return new Proof(Kind.TOKEN, token);
    }
}
