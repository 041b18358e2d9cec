package jp.tokuten.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import jp.tokuten.shared.ProblemException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a body whose declared length is above the limit before anything reads it: 413
 * {@code too_large} as problem JSON. Multipart bodies may be as large as
 * {@code spring.servlet.multipart.max-request-size}, and so may {@code text/csv} bodies, which their
 * handler reads as a stream within a limit of its own; every other body (JSON, forms) at most
 * {@code tokuten.web.max-body-size} (1 MB). Bodies sent without a length are bounded by the multipart
 * limits and by Tomcat's form limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final Problems problems;
    private final long multipartLimit;
    private final long bodyLimit;

    RequestBodyLimitFilter(
            Problems problems,
            @Value("${spring.servlet.multipart.max-request-size:22MB}") DataSize multipartLimit,
            @Value("${tokuten.web.max-body-size:1MB}") DataSize bodyLimit) {
        this.problems = problems;
        this.multipartLimit = multipartLimit.toBytes();
        this.bodyLimit = bodyLimit.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        String type = request.getContentType();
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        // CSV bodies are read as a stream by their handler, which bounds them itself (stores' import: 5 MB)
        boolean multipart = lower.startsWith("multipart/") || lower.startsWith("text/csv");
        long limit = multipart ? multipartLimit : bodyLimit;
        if (length > limit) {
            long megabytes = Math.max(1, limit / (1024 * 1024));
            problems.write(
                    new ProblemException(413, "too_large", megabytes)
                            .detail("problem.too_large.limit")
                            .with("reason", "too_large"),
                    request,
                    response);
            return;
        }
        chain.doFilter(request, response);
    }
}
