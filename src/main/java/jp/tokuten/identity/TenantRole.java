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

    /**
     * Whether this role may do everything {@code other} may: admin includes every role, editor includes
     * reviewer and viewer, reviewer includes viewer; store staff and viewer include only themselves.
     */
    public boolean includes(TenantRole other) {
        return switch (this) {
            case ADMIN -> true;
            case EDITOR -> other == EDITOR || other == REVIEWER || other == VIEWER;
            case REVIEWER -> other == REVIEWER || other == VIEWER;
            case STORE_STAFF -> other == STORE_STAFF;
            case VIEWER -> other == VIEWER;
        };
    }

    /** The role name without Spring's prefix, as {@code hasRole(…)} takes it, e.g. {@code TENANT_ADMIN}. */
    public String roleName() {
        return "TENANT_" + name();
    }

    /** The Spring Security authority for this role, e.g. {@code ROLE_TENANT_ADMIN}. */
    public String authority() {
        return "ROLE_TENANT_" + name();
    }
}
