package jp.tokuten.api;

import jp.tokuten.platform.Problems;
import jp.tokuten.shared.ProblemException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 answers of the API as RFC 9457 problem JSON in the caller's language. */
final class ProblemResponses {

    private ProblemResponses() {}

    static AuthenticationEntryPoint unauthorized(Problems problems) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(new ProblemException(401, "unauthorized"), request, response);
        };
    }

    static AccessDeniedHandler forbidden(Problems problems) {
        return (request, response, e) -> problems.write(new ProblemException(403, "forbidden"), request, response);
    }
}
