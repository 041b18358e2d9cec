package jp.tokuten.api;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

final class BearerToken {

    private BearerToken() {}

    /** The token of an {@code Authorization: Bearer …} header, or null. */
    static @Nullable String of(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() || token.length() > 512 ? null : token;
    }
}
