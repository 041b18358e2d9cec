package jp.tokuten.rewards;

import java.net.URI;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The payout adapter, when {@code TOKUTEN_PAYOUT_URL} names a provider. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PayoutProperties.class)
class PayoutConfiguration {

    @Bean
    @ConditionalOnProperty("tokuten.payout.url")
    PayoutProvider httpPayoutProvider(PayoutProperties properties, Clock clock) {
        if (!properties.configured()) {
            throw new IllegalStateException(
                    "TOKUTEN_PAYOUT_URL is set: TOKUTEN_PAYOUT_KEY_ID and TOKUTEN_PAYOUT_SECRET (32+ bytes) are needed too");
        }
        return new HttpPayoutProvider(URI.create(properties.url()), properties.keyId(), properties.secret(), clock);
    }
}
