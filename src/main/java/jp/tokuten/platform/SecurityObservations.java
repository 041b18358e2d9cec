package jp.tokuten.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No observation of Spring Security's filter chains, authentications or authorizations. Switching them off by
 * {@code management.observations.enable.spring.security} (decision 128) still left every filter of every chain
 * wrapped by an observing decorator that made and discarded an observation per filter and per request; with
 * these settings the chains run their filters directly. Nothing reads those timers: requests are timed by
 * {@link RequestMetricsFilter}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
