package jp.tokuten.platform;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.util.matcher.InetAddressMatcher;
import org.springframework.security.util.matcher.InetAddressMatchers;

/**
 * The networks whose {@code X-Forwarded-*} headers tokuten believes ({@code tokuten.web.trusted-proxies}):
 * IPv4 and IPv6 addresses or CIDR blocks.
 */
final class TrustedProxies {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Network(Class<? extends InetAddress> family, InetAddressMatcher matcher) {}

    private final List<Network> networks;

    private TrustedProxies(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * Parses the configured list.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or CIDR block
     */
    static TrustedProxies of(List<String> entries) {
        var networks = new ArrayList<Network>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress parsed = parseLiteral(address);
            if (parsed == null) {
                throw new IllegalArgumentException(
                        "tokuten.web.trusted-proxies: '" + entry + "' is not an IPv4 or IPv6 address or CIDR block");
            }
            try {
                networks.add(new Network(parsed.getClass(), InetAddressMatchers.fromIpAddress(entry)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "tokuten.web.trusted-proxies: '" + entry + "' is not a valid CIDR block", e);
            }
        }
        return new TrustedProxies(networks);
    }

    boolean isEmpty() {
        return networks.isEmpty();
    }

    boolean contains(InetAddress address) {
        for (Network n : networks) {
            // Spring Security 7.1's matcher does not check the address family itself (spring-security#19329).
            if (n.family() == address.getClass() && n.matcher().matches(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An IPv4 or IPv6 literal (an IPv6 one possibly in brackets or with a zone), never a host name:
     * nothing here may cause a DNS lookup. Null for anything else.
     */
    static @Nullable InetAddress parseLiteral(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0 && s.indexOf(':') >= 0) {
            s = s.substring(0, zone);
        }
        if (s.isEmpty()
                || s.length() > 45
                || !(IPV4.matcher(s).matches() || IPV6.matcher(s).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
