package jp.tokuten.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import jp.tokuten.access.InvalidAccessSettingsException.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowedNetworkTests {

    @ParameterizedTest
    @CsvSource({
        "203.0.113.0/24, 203.0.113.0/24",
        "' 203.0.113.7 ', 203.0.113.7/32",
        "10.0.0.0/8, 10.0.0.0/8",
        "2001:db8::/32, 2001:db8::/32",
        "2001:DB8:0:0:0:0:0:0/48, 2001:db8::/48",
        "2001:db8::7, 2001:db8::7/128",
        "0.0.0.0/1, 0.0.0.0/1"
    })
    void acceptsBlocksAndSingleAddresses(String text, String canonical) {
        var problems = new ArrayList<Problem>();
        var network = AllowedNetwork.parse(text, "cidr", problems);
        assertThat(problems).isEmpty();
        assertThat(network).isNotNull();
        assertThat(network.cidr()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource({
        "'', access.error.cidr.required",
        "office, access.error.cidr.invalid",
        "localhost, access.error.cidr.invalid",
        "203.0.113, access.error.cidr.invalid",
        "203.0.113.256/24, access.error.cidr.invalid",
        "010.0.0.0/8, access.error.cidr.invalid",
        "203.0.113.0/24/1, access.error.cidr.invalid",
        "2001:db8:::/32, access.error.cidr.invalid",
        "fe80::1%eth0, access.error.cidr.invalid",
        "203.0.113.0/33, access.error.cidr.prefix",
        "2001:db8::/129, access.error.cidr.prefix",
        "203.0.113.0/, access.error.cidr.prefix",
        "203.0.113.0/-1, access.error.cidr.invalid",
        "0.0.0.0/0, access.error.cidr.everything",
        "::/0, access.error.cidr.everything",
        "203.0.113.5/24, access.error.cidr.hostbits",
        "2001:db8::1/32, access.error.cidr.hostbits",
        "::ffff:203.0.113.0/120, access.error.cidr.mapped"
    })
    void refusesWithAReason(String text, String code) {
        var problems = new ArrayList<Problem>();
        assertThat(AllowedNetwork.parse(text, "cidr", problems)).isNull();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(code);
            assertThat(p.field()).isEqualTo("cidr");
        });
    }

    @org.junit.jupiter.api.Test
    void suggestsTheNetworkWhenHostBitsAreSet() {
        var problems = new ArrayList<Problem>();
        AllowedNetwork.parse("203.0.113.5/24", "cidr", problems);
        assertThat(problems.getFirst().args()).containsExactly("203.0.113.5/24", "203.0.113.0/24");
    }
}
