package jp.tokuten.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressesTests {

    final ClientAddresses addresses = new ClientAddresses(TrustedProxies.of(List.of("10.0.0.0/8", " fd00::/16 ", "")));

    String resolve(String peer, String... forwardedFor) {
        return ClientAddresses.format(addresses.resolve(peer, Collections.enumeration(List.of(forwardedFor))));
    }

    @Test
    void isThePeerWhenThePeerIsNoTrustedProxy() {
        assertThat(resolve("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(resolve("2001:db8:0:0:0:0:0:7")).isEqualTo("2001:db8::7");
    }

    @Test
    void ignoresTheHeaderOfAnUntrustedPeer() {
        assertThat(resolve("198.51.100.9", "203.0.113.7")).isEqualTo("198.51.100.9");
        assertThat(resolve("198.51.100.9", "10.0.0.1")).isEqualTo("198.51.100.9");
    }

    @Test
    void walksForwardedForFromTheRightSkippingTrustedProxies() {
        assertThat(resolve("10.0.0.1", "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(resolve("10.0.0.1", "1.2.3.4, 203.0.113.7, 10.1.1.1")).isEqualTo("203.0.113.7");
        assertThat(resolve("10.0.0.1", "1.2.3.4", "203.0.113.7,10.1.1.1")).isEqualTo("203.0.113.7");
        assertThat(resolve("fd00::1", "2001:db8::7, fd00::2")).isEqualTo("2001:db8::7");
        assertThat(resolve("10.0.0.1", "[2001:db8::7]:443")).isEqualTo("2001:db8::7");
        assertThat(resolve("10.0.0.1", "203.0.113.7:5678")).isEqualTo("203.0.113.7");
    }

    @Test
    void aClientCannotPrependItsWayIn() {
        // The client sent "X-Forwarded-For: 10.9.9.9, 192.0.2.1"; our proxy appended the real peer.
        assertThat(resolve("10.0.0.1", "10.9.9.9, 192.0.2.1, 198.51.100.9")).isEqualTo("198.51.100.9");
    }

    @Test
    void stopsAtWhatIsNoAddress() {
        assertThat(resolve("10.0.0.1", "203.0.113.7, unknown")).isEqualTo("10.0.0.1");
        assertThat(resolve("10.0.0.1", "evil.example.com, 10.0.0.2")).isEqualTo("10.0.0.2");
        assertThat(resolve("10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(resolve("10.0.0.1", "")).isEqualTo("10.0.0.1");
    }

    @Test
    void neverMatchesAcrossAddressFamilies() throws Exception {
        // 0a00::1 shares its first byte with 10.0.0.0/8 (spring-security#19329 would match it).
        assertThat(addresses.isTrustedProxy(InetAddress.getByName("a00::1"))).isFalse();
        assertThat(addresses.isTrustedProxy(InetAddress.getByName("253.0.0.1"))).isFalse();
        assertThat(addresses.isTrustedProxy(InetAddress.getByName("fd00::9"))).isTrue();
    }

    @Test
    void cachesTheAnswerOnTheRequest() {
        var request = new MockHttpServletRequest();
        request.setRemoteAddr("10.0.0.1");
        request.addHeader("X-Forwarded-For", "203.0.113.7");
        assertThat(addresses.textOf(request)).isEqualTo("203.0.113.7");
        assertThat(request.getAttribute(ClientAddresses.ATTRIBUTE)).isEqualTo(addresses.of(request));
    }

    @Test
    void refusesAMisconfiguredProxyList() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.example.com")))
                .hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
    }

    @Test
    void formatsIpv6TheShortWay() throws Exception {
        assertThat(ClientAddresses.format(InetAddress.getByName("2001:db8:0:0:1:0:0:1")))
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(ClientAddresses.format(InetAddress.getByName("::"))).isEqualTo("::");
        assertThat(ClientAddresses.format(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(ClientAddresses.format(InetAddress.getByName("fe80::1%1"))).isEqualTo("fe80::1");
        assertThat(ClientAddresses.format(InetAddress.getByName("2001:db8:0:1:1:1:1:1")))
                .isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(ClientAddresses.format(InetAddress.getByName("2001:db8::"))).isEqualTo("2001:db8::");
    }
}
