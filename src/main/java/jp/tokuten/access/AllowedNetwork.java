package jp.tokuten.access;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import jp.tokuten.access.InvalidAccessSettingsException.Problem;
import jp.tokuten.platform.ClientAddresses;
import org.jspecify.annotations.Nullable;

/**
 * A network of an allow-list: an IPv4 or IPv6 CIDR block with its host bits zero, or a single address
 * (stored as /32 or /128). Parsed strictly so a typo is refused with a clear reason rather than
 * silently widened or narrowed; the database keeps it as {@code cidr} and does the matching.
 */
record AllowedNetwork(InetAddress address, int prefix) {

    static final int MAX_TEXT = 50;
    private static final Pattern CHARACTERS = Pattern.compile("[0-9A-Fa-f:./]+");
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

    /** Canonical text, e.g. {@code 203.0.113.0/24} or {@code 2001:db8::/32}. */
    String cidr() {
        return ClientAddresses.format(address) + "/" + prefix;
    }

    /** Parses {@code text}, or adds the reason to {@code problems} and returns null. */
    static @Nullable AllowedNetwork parse(@Nullable String text, String field, List<Problem> problems) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            problems.add(new Problem(field, "access.error.cidr.required", List.of()));
            return null;
        }
        if (s.length() > MAX_TEXT || !CHARACTERS.matcher(s).matches() || s.indexOf('/') != s.lastIndexOf('/')) {
            problems.add(new Problem(field, "access.error.cidr.invalid", List.of(shown(s))));
            return null;
        }
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        InetAddress address = literal(addressText);
        if (address == null) {
            problems.add(new Problem(field, "access.error.cidr.invalid", List.of(shown(s))));
            return null;
        }
        if (address instanceof Inet4Address && addressText.indexOf(':') >= 0) {
            problems.add(new Problem(field, "access.error.cidr.mapped", List.of(shown(s), address.getHostAddress())));
            return null;
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!PREFIX.matcher(p).matches() || Integer.parseInt(p) > bits) {
                problems.add(new Problem(field, "access.error.cidr.prefix", List.of(shown(s), String.valueOf(bits))));
                return null;
            }
            prefix = Integer.parseInt(p);
        }
        if (prefix == 0) {
            problems.add(new Problem(field, "access.error.cidr.everything", List.of(shown(s))));
            return null;
        }
        var network = new AllowedNetwork(masked(address, prefix), prefix);
        if (!network.address().equals(address)) {
            problems.add(new Problem(field, "access.error.cidr.hostbits", List.of(shown(s), network.cidr())));
            return null;
        }
        return network;
    }

    /** The canonical form of a block as the database prints it (the same block, maybe other text). */
    static String canonical(String stored) {
        var network = parse(stored, "stored", new java.util.ArrayList<>());
        return network == null ? stored : network.cidr();
    }

    /** An IPv4 dotted quad or an IPv6 literal; never a host name, so never a DNS lookup. */
    private static @Nullable InetAddress literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = text.indexOf(':') >= 0 && text.indexOf('/') < 0;
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (0xFF00 >> keep);
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shown(String s) {
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
    }
}
