package jp.tokuten.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import jp.tokuten.shared.ProblemException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /error} is where the servlet container forwards failed requests; asked for directly it has no
 * error to show and would answer 500. A client that requests it gets 404 {@code not_found} instead. The
 * container's own forwards (error dispatches) are not filtered.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class DirectErrorPathFilter extends OncePerRequestFilter {

    private final Problems problems;

    DirectErrorPathFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/error") || path.startsWith("/error/") || path.startsWith("/error;"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        problems.write(new ProblemException(404, "not_found"), request, response);
    }
}
