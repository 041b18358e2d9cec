package jp.tokuten.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * For a request whose peer is a trusted proxy, makes the rest of the application see the client: the
 * remote address becomes the client's ({@link ClientAddresses}), and {@code X-Forwarded-Proto} of the
 * nearest proxy sets the scheme, so a TLS-terminating proxy yields {@code isSecure()} (and HSTS).
 * Requests from any other peer are left exactly as they came.
 */
@Component
@Order(FilterOrders.TRUSTED_PROXY)
class TrustedProxyFilter extends OncePerRequestFilter {

    static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String FORWARDED_PORT = "X-Forwarded-Port";

    private final ClientAddresses clientAddresses;

    TrustedProxyFilter(ClientAddresses clientAddresses) {
        this.clientAddresses = clientAddresses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var peer = TrustedProxies.parseLiteral(request.getRemoteAddr());
        String client = clientAddresses.textOf(request);
        if (peer == null || !clientAddresses.isTrustedProxy(peer)) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new ProxiedRequest(request, client, lastValue(request.getHeader(FORWARDED_PROTO))), response);
    }

    private static @Nullable String lastValue(@Nullable String header) {
        if (header == null) {
            return null;
        }
        String value = header.substring(header.lastIndexOf(',') + 1).strip().toLowerCase(Locale.ROOT);
        return value.equals("https") || value.equals("http") ? value : null;
    }

    /** The request as the client sent it to the proxy. */
    static final class ProxiedRequest extends HttpServletRequestWrapper {
        private final String client;
        private final @Nullable String scheme;

        ProxiedRequest(HttpServletRequest request, String client, @Nullable String scheme) {
            super(request);
            this.client = client;
            this.scheme = scheme;
        }

        @Override
        public String getRemoteAddr() {
            return client;
        }

        @Override
        public String getRemoteHost() {
            return client;
        }

        @Override
        public String getScheme() {
            return scheme != null ? scheme : super.getScheme();
        }

        @Override
        public boolean isSecure() {
            return scheme != null ? scheme.equals("https") : super.isSecure();
        }

        @Override
        public int getServerPort() {
            if (scheme == null) {
                return super.getServerPort();
            }
            String port = getHeader(FORWARDED_PORT);
            if (port != null && port.strip().matches("[1-9][0-9]{0,4}")) {
                int p = Integer.parseInt(port.strip());
                if (p <= 65535) {
                    return p;
                }
            }
            return scheme.equals("https") ? 443 : 80;
        }

        @Override
        public StringBuffer getRequestURL() {
            var url = new StringBuffer(getScheme()).append("://").append(getServerName());
            int port = getServerPort();
            if (!(getScheme().equals("https") && port == 443) && !(getScheme().equals("http") && port == 80)) {
                url.append(':').append(port);
            }
            return url.append(getRequestURI());
        }
    }
}
