package jp.tokuten.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;

/**
 * {@code /error}, where the servlet container sends every error no controller answered (no route, a
 * filter's refusal, an exception outside Spring MVC): problem JSON for the API, an error page in the
 * caller's language for browsers. Errors the client caused keep their 4xx status; only our own faults
 * are 500.
 */
@ConditionalOnWebApplication
@Controller
class ErrorPages implements ErrorController {

    private static final Pattern CONSUMER_SITE = Pattern.compile("^(/c/[a-z0-9][a-z0-9-]{0,62})(/.*)?$");

    private final Problems problems;
    private final ErrorAttributes errors;

    ErrorPages(Problems problems, ErrorAttributes errors) {
        this.problems = problems;
        this.errors = errors;
    }

    @RequestMapping("/error")
    @Nullable
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Throwable failure = errors.getError(new ServletWebRequest(request));
        if (failure == null && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
            failure = t;
        }
        ProblemException problem = problemOf(statusOf(request), failure);
        if (Problems.isApi(request)) {
            if (!response.isCommitted()) {
                response.resetBuffer();
                problems.write(problem, request, response);
            }
            return null;
        }
        int status = problem.status();
        var page = new ModelAndView(
                switch (status) {
                    case 403, 404, 500 -> "error/" + status;
                    default -> "error/error";
                },
                HttpStatus.valueOf(status));
        page.addObject("status", status);
        page.addObject("home", homeOf(failedPath(request)));
        return page;
    }

    /** The status the container reports; a visit to {@code /error} itself finds nothing (404). */
    private static int statusOf(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        return status instanceof Integer s && s >= 400 && s <= 599 ? s : 404;
    }

    /** The error to answer: its own if it is one of ours, else by the status and what the client did. */
    static ProblemException problemOf(int status, @Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException p) {
                return p;
            }
            Integer clientCaused = clientStatus(t);
            if (clientCaused != null && status >= 500) {
                return new ProblemException(clientCaused, Problems.codeOf(clientCaused));
            }
        }
        return new ProblemException(status, Problems.codeOf(status));
    }

    /** The 4xx status of a failure the client caused, which reached the container as a 500. */
    private static @Nullable Integer clientStatus(Throwable t) {
        if (t instanceof MaxUploadSizeExceededException) {
            return 413;
        }
        if (t instanceof MultipartException || t instanceof RequestRejectedException) {
            return 400;
        }
        if (t instanceof ErrorResponse e && e.getStatusCode().is4xxClientError()) {
            return e.getStatusCode().value();
        }
        String name = t.getClass().getName();
        if (name.endsWith("FileSizeLimitExceededException") || name.endsWith("SizeLimitExceededException")) {
            return 413;
        }
        return null;
    }

    private static String failedPath(HttpServletRequest request) {
        Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = failed instanceof String f ? f : request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /** Where "back" leads: the start of the part of the site the visitor was in. */
    static String homeOf(String path) {
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            return "/admin";
        }
        if (path.equals("/operator") || path.startsWith("/operator/")) {
            return "/operator";
        }
        var consumer = CONSUMER_SITE.matcher(path);
        return consumer.matches() ? consumer.group(1) : "/";
    }
}
