package jp.tokuten.identity;

import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * Role checks written on the endpoints themselves ({@code @PreAuthorize}), next to what they guard. An
 * endpoint names the least role it needs; the roles above it have it too (docs/decisions/041): admin ⊃
 * editor ⊃ reviewer ⊃ viewer, and admin ⊃ store staff.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class MethodSecurityConfiguration {

    @Bean
    static RoleHierarchy tenantRoleHierarchy() {
        var hierarchy = RoleHierarchyImpl.withDefaultRolePrefix();
        for (TenantRole role : TenantRole.values()) {
            String[] lower = Arrays.stream(TenantRole.values())
                    .filter(r -> r != role && role.includes(r))
                    .map(TenantRole::roleName)
                    .toArray(String[]::new);
            if (lower.length > 0) {
                hierarchy.role(role.roleName()).implies(lower);
            }
        }
        return hierarchy.build();
    }
}
