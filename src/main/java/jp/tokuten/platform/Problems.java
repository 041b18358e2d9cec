package jp.tokuten.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import jp.tokuten.shared.ProblemException;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders API errors as RFC 9457 problem JSON: a stable {@code code} and a {@code detail} from the
 * message bundles (key {@code problem.<code>}) in the caller's language. Controllers throw
 * {@link ProblemException}; filters and handlers outside Spring MVC call {@link #write}.
 */
@Component
public class Problems {

    private final MessageSource messages;
    private final LocaleResolver locales;
    private final JsonMapper json;

    Problems(MessageSource messages, LocaleResolver locales, JsonMapper json) {
        this.messages = messages;
        this.locales = locales;
        this.json = json;
    }

    /** Whether the request (or, on an error dispatch, the request that failed) is an API call. */
    public static boolean isApi(HttpServletRequest request) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = failed instanceof String f ? f : request.getRequestURI();
        String context = request.getContextPath();
        if (uri == null) {
            return false;
        }
        if (context != null && !context.isEmpty() && uri.startsWith(context)) {
            uri = uri.substring(context.length());
        }
        return uri.startsWith("/api/") || uri.equals("/api");
    }

    /**
     * The stable code of an error known only by its HTTP status (errors of the framework, the servlet
     * container and the security filters): {@code not_found}, {@code method_not_allowed} …
     */
    public static String codeOf(int status) {
        return switch (status) {
            case 400 -> "malformed_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 422 -> "unprocessable";
            case 429 -> "rate_limited";
            case 503 -> "busy";
            default -> status >= 500 ? "internal_error" : "request_failed";
        };
    }

    /** The problem body of this error in the language of this request. */
    public ProblemDetail of(ProblemException e, HttpServletRequest request) {
        Locale locale = locales.resolveLocale(request);
        String detail = messages.getMessage(e.detailKey(), e.arguments(), e.code(), locale);
        HttpStatus status = HttpStatus.resolve(e.status());
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(status != null ? status : HttpStatus.valueOf(500), detail);
        if (status == null) {
            problem.setStatus(e.status());
        }
        problem.setProperty("code", e.code());
        for (Map.Entry<String, Object> p : e.properties().entrySet()) {
            problem.setProperty(p.getKey(), p.getValue());
        }
        return problem;
    }

    /** Writes the problem straight to the response, for filters and handlers that run before MVC. */
    public void write(ProblemException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        ProblemDetail problem = of(e, request);
        response.setStatus(e.status());
        if (e.retryAfter() != null) {
            response.setHeader(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        // Spring 7 leaves the type unset for "about:blank"
        body.put(
                "type",
                problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        body.put("instance", failed instanceof String f ? f : request.getRequestURI());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }
}
