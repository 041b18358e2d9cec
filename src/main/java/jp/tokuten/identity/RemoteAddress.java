package jp.tokuten.identity;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

final class RemoteAddress {

    private RemoteAddress() {}

    /** The address a sign-in form was posted from, as the security chain recorded it. */
    static String of(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details
                        && details.getRemoteAddress() != null
                ? details.getRemoteAddress()
                : "unknown";
    }
}
