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

    /**
     * The role a form or request names ({@code "VIEWER"}, {@code "viewer"}).
     *
     * @throws AccountRequestException for anything else
     */
    public static TenantRole parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AccountRequestException("role", "account.error.role");
        }
    }

    /** The Spring Security authority for this role, e.g. {@code ROLE_TENANT_ADMIN}. */
    public String authority() {
        return "ROLE_TENANT_" + name();
    }
}
