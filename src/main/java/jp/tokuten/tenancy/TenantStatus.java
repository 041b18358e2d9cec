package jp.tokuten.tenancy;

/** Where a tenant is in its life: in service, suspended by an operator, or being terminated. */
public enum TenantStatus {
    ACTIVE,
    SUSPENDED,
    TERMINATING;

    String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static TenantStatus fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
