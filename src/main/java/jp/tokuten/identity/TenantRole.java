package jp.tokuten.identity;

import java.util.Locale;

/** What a tenant user or API key may do within its tenant. */
public enum TenantRole {
    ADMIN,
    EDITOR,
    REVIEWER,
    STORE_STAFF,
    VIEWER;

    String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TenantRole fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The Spring Security authority for this role, e.g. {@code ROLE_TENANT_ADMIN}. */
    public String authority() {
        return "ROLE_TENANT_" + name();
    }
}
