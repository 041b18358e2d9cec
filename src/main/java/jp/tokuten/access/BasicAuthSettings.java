package jp.tokuten.access;

import org.jspecify.annotations.Nullable;

/** Basic authentication of a tenant's consumer pages as the settings page shows it (never the hash). */
public record BasicAuthSettings(boolean enabled, @Nullable String username, boolean passwordSet) {

    static final BasicAuthSettings NONE = new BasicAuthSettings(false, null, false);
}
