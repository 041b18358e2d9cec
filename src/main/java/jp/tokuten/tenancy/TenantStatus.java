package jp.tokuten.tenancy;

/** Where a tenant is in its life: in service, suspended by an operator, being terminated, or deleted. */
public enum TenantStatus {
    ACTIVE,
    SUSPENDED,
    TERMINATING,
    /** Terminated and its data deleted (module ops): only the row and the deletion certificate remain. */
    DELETED;

    String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static TenantStatus fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
