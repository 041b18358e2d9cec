package jp.tokuten.identity;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * First-start settings: the first operator's e-mail, password and API token, and whether to create the
 * demo tenant ({@code auto}: only on an embedded database).
 */
@ConfigurationProperties("tokuten.bootstrap")
record BootstrapProperties(
        @Nullable String operatorEmail,
        @Nullable String operatorPassword,
        @Nullable String operatorToken,
        @Nullable String demo,
        @Nullable String demoAdminPassword) {}
