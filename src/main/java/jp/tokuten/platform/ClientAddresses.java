package jp.tokuten.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The address of the client behind a request. It is the TCP peer, unless the peer is a trusted proxy
 * ({@code tokuten.web.trusted-proxies}, env {@code TOKUTEN_TRUSTED_PROXIES}): then {@code X-Forwarded-For}
 * is read from the right, trusted proxies are skipped, and the first address that is not one is the
 * client. The header of an untrusted peer is ignored, so no caller can choose its own address.
 *
 * <p>Behind a trusted proxy, {@code request.getRemoteAddr()} already answers the client address (the
 * request is wrapped early, see {@code TrustedProxyFilter}); this component is the explicit way to ask.
 */
@Component
@EnableConfigurationProperties(TokutenWebProperties.class)
public class ClientAddresses {

    static final String ATTRIBUTE = ClientAddresses.class.getName();
    static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final InetAddress UNKNOWN = unspecified();

    private final TrustedProxies trustedProxies;

    @Autowired
    ClientAddresses(TokutenWebProperties properties) {
        this(TrustedProxies.of(properties.trustedProxiesOrNone()));
    }

    ClientAddresses(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** The client's address: the peer, or what trusted proxies in front of us say it was. */
    public InetAddress of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof InetAddress known) {
            return known;
        }
        InetAddress resolved = resolve(request.getRemoteAddr(), request.getHeaders(FORWARDED_FOR));
        request.setAttribute(ATTRIBUTE, resolved);
        return resolved;
    }

    /** {@link #of} as text in its usual short form ({@code 203.0.113.7}, {@code 2001:db8::7}). */
    public String textOf(HttpServletRequest request) {
        return format(of(request));
    }

    /** Whether {@code address} is one of the configured trusted proxies. */
    public boolean isTrustedProxy(InetAddress address) {
        return trustedProxies.contains(address);
    }

    InetAddress resolve(@Nullable String peerText, @Nullable Enumeration<String> forwardedFor) {
        InetAddress peer = TrustedProxies.parseLiteral(peerText);
        if (peer == null) {
            return UNKNOWN;
        }
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor == null ? List.<String>of() : Collections.list(forwardedFor)) {
            for (String hop : header.split(",", -1)) {
                hops.add(hop.strip());
            }
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = TrustedProxies.parseLiteral(withoutPort(hops.get(i)));
            if (hop == null) {
                // A trusted proxy reported something that is no address ("unknown", garbage): the last
                // hop we can vouch for is the best we know. Nothing to its left can be trusted.
                return client;
            }
            client = hop;
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** {@code 203.0.113.7:5678} and {@code [2001:db8::7]:443} without the port; anything else as is. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close < 0 ? hop : hop.substring(0, close + 1);
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && colon == hop.lastIndexOf(':') && hop.indexOf('.') > 0) {
            return hop.substring(0, colon);
        }
        return hop;
    }

    private static InetAddress unspecified() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The usual text form of an address: dotted quad, or IPv6 compressed per RFC 5952, no zone. */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        var sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            sb.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
