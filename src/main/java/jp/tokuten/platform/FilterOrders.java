package jp.tokuten.platform;

import org.springframework.core.Ordered;

/**
 * The order of the servlet filters every request passes before the security chains (which Spring Boot
 * registers at -100): the request id first, then the trusted-proxy filter, so that everything after it,
 * the access log included, sees the client's address and scheme rather than the proxy's.
 */
public final class FilterOrders {

    /** {@code RequestIdFilter}: every later filter and log line has the request id. */
    public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;

    /** {@code TrustedProxyFilter}: replaces a trusted proxy's address by the client's. */
    public static final int TRUSTED_PROXY = Ordered.HIGHEST_PRECEDENCE + 10;

    /** {@code RequestMetricsFilter}: the {@code http.server.requests} timer, around all that follows. */
    public static final int REQUEST_METRICS = Ordered.HIGHEST_PRECEDENCE + 15;

    /** The access log: after the trusted-proxy filter, around the security chains and everything else. */
    public static final int ACCESS_LOG = Ordered.HIGHEST_PRECEDENCE + 20;

    /** {@code MaintenanceGate}: during a maintenance window, 503 before any work (after the access log). */
    public static final int MAINTENANCE = Ordered.HIGHEST_PRECEDENCE + 25;

    /** {@code UploadGate}: uploads wait their turn after the access log starts timing, before any work. */
    public static final int UPLOAD_GATE = Ordered.HIGHEST_PRECEDENCE + 30;

    private FilterOrders() {}
}
