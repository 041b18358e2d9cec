package jp.tokuten.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jp.tokuten.shared.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.MethodValidationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every {@link ProblemException} a controller throws, and every error Spring MVC raises itself
 * (no route, wrong method or media type, unreadable body, missing or mistyped parameter, failed
 * validation), as problem JSON with a stable {@code code}. Multipart bodies the container refuses before
 * any controller runs are answered here too: one above the upload limit is 413 {@code too_large} with the
 * limit (and {@code reason} as the photo intake answers it), one that cannot be parsed is 400
 * {@code malformed_multipart}. Outside the API a browser gets the error page instead: the error is handed
 * to the container, which renders {@code /error}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private final Problems problems;
    private final long maxUploadMegabytes;

    ProblemAdvice(Problems problems, @Value("${tokuten.files.max-bytes:20971520}") long maxUploadBytes) {
        this.problems = problems;
        this.maxUploadMegabytes = maxUploadBytes / (1024 * 1024);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> malformedMultipart(HttpServletRequest request) {
        return problem(new ProblemException(400, "malformed_multipart"), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var tooLarge = new ProblemException(413, "too_large", maxUploadMegabytes)
                .detail("problem.too_large.limit")
                .with("reason", "too_large");
        return handleExceptionInternal(ex, tooLarge, headers, status, request);
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e, HttpServletRequest request) {
        var answer = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.retryAfter() != null) {
            answer.header(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return answer.body(problems.of(e, request));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        var servlet = (ServletWebRequest) request;
        if (!Problems.isApi(servlet.getRequest())) {
            return errorPage(servlet.getResponse(), statusCode.value());
        }
        var problem = body instanceof ProblemException worded
                ? worded
                : new ProblemException(statusCode.value(), codeOf(ex, statusCode.value()));
        var answer = new HttpHeaders();
        answer.putAll(headers);
        answer.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problems.of(problem, servlet.getRequest()), answer, statusCode);
    }

    /** Lets the container render the error page of this status for a browser. */
    private static @Nullable ResponseEntity<Object> errorPage(@Nullable HttpServletResponse response, int status) {
        if (response == null || response.isCommitted()) {
            return null;
        }
        try {
            response.sendError(status);
        } catch (IOException e) {
            // the client has gone: nothing left to answer
        }
        return null;
    }

    private static String codeOf(Exception ex, int status) {
        if (status == 400) {
            boolean validation = ex instanceof MethodArgumentNotValidException
                    || ex instanceof HandlerMethodValidationException
                    || ex instanceof MethodValidationException;
            return validation ? "invalid_request" : "malformed_request";
        }
        if (status == 422 && ex instanceof HttpMessageNotReadableException) {
            return "malformed_request";
        }
        return Problems.codeOf(status);
    }
}
