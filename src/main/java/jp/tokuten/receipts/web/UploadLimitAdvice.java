package jp.tokuten.receipts.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * An upload above the servlet's multipart limit is refused before any controller runs; this answers it
 * with the same problem JSON as the intake's own size check.
 */
@RestControllerAdvice
class UploadLimitAdvice {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge() {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "The file is too large (ファイルが大きすぎます)");
        problem.setTitle("Photo refused");
        problem.setProperty("reason", "too_large");
        return problem;
    }
}
