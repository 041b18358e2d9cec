package jp.tokuten.platform;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where tokuten's PostgreSQL is. With no {@code url} an embedded server is started under {@code
 * dataDir}; otherwise {@code url} is used with the owner account for migrations and the runtime
 * account (given, or created by tokuten) for everything else.
 */
@ConfigurationProperties("tokuten.db")
record DatabaseProperties(
        Path dataDir,
        @Nullable String url,
        @Nullable String ownerUser,
        @Nullable String ownerPassword,
        @Nullable String appUser,
        @Nullable String appPassword,
        int poolSize) {

    DatabaseProperties {
        if (poolSize <= 0) {
            poolSize = 10;
        }
    }

    boolean embedded() {
        return url == null || url.isBlank();
    }

    static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
