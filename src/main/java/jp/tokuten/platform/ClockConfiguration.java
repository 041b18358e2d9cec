package jp.tokuten.platform;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /** Business time zone of every rule in tokuten (期間, 営業日). */
    public static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Bean
    Clock clock() {
        return Clock.system(TOKYO);
    }
}
