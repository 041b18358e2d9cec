package jp.tokuten.platform;

import jakarta.servlet.http.HttpServletRequest;
import jp.tokuten.shared.ProblemException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Multipart bodies the servlet container refuses before any controller runs: one above the upload limit
 * is 413 {@code too_large} (with {@code reason} as the photo intake answers it), one that cannot be parsed
 * (no boundary, cut off, garbage) is 400 {@code malformed_multipart}. Both as problem JSON.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MultipartProblemAdvice {

    private final Problems problems;
    private final long maxMegabytes;

    MultipartProblemAdvice(Problems problems, @Value("${tokuten.files.max-bytes:20971520}") long maxBytes) {
        this.problems = problems;
        this.maxMegabytes = maxBytes / (1024 * 1024);
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(HttpServletRequest request) {
        return answer(
                new ProblemException(413, "too_large", maxMegabytes)
                        .detail("problem.too_large.limit")
                        .with("reason", "too_large"),
                request);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> malformed(HttpServletRequest request) {
        return answer(new ProblemException(400, "malformed_multipart"), request);
    }

    private ResponseEntity<ProblemDetail> answer(ProblemException e, HttpServletRequest request) {
        return ResponseEntity.status(e.status()).body(problems.of(e, request));
    }
}
