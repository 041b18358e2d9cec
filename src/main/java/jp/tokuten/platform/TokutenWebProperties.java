package jp.tokuten.platform;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Web settings of a deployment ({@code tokuten.web}). {@code trustedProxies}: the reverse proxies or load
 * balancers in front of tokuten whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 * (comma-separated IPv4 or IPv6 addresses or CIDR blocks; default none).
 */
@ConfigurationProperties("tokuten.web")
record TokutenWebProperties(@Nullable List<String> trustedProxies) {

    List<String> trustedProxiesOrNone() {
        return trustedProxies == null ? List.of() : trustedProxies;
    }
}
