package jp.tokuten.identity;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** Role checks written on the endpoints themselves ({@code @PreAuthorize}), next to what they guard. */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class MethodSecurityConfiguration {}
