package jp.tokuten.tenancy;

import java.util.Locale;

/**
 * What a plan caps. The wire name ({@link #wire()}) is what the API, the {@code limit} member of a
 * {@code plan_limit_reached} problem and the message keys ({@code plan.limit.<wire>}) use.
 */
public enum PlanLimit {
    /** Campaigns not archived. */
    CAMPAIGNS("max_campaigns", "campaigns"),
    /** Coupons not closed. */
    COUPONS("max_coupons", "coupons"),
    /** Entries made in a calendar month (Japan time). */
    ENTRIES_PER_MONTH("max_entries_per_month", "entries"),
    /** Bytes of files stored (photos, images). */
    STORAGE_BYTES("max_storage_bytes", null),
    /** Admin console sessions signed in at once. */
    CONSOLE_SESSIONS("max_console_sessions", null),
    /** Tenant API requests per minute. */
    API_REQUESTS_PER_MINUTE("api_requests_per_minute", null);

    private final String column;
    private final @org.jspecify.annotations.Nullable String counter;

    PlanLimit(String column, @org.jspecify.annotations.Nullable String counter) {
        this.column = column;
        this.counter = counter;
    }

    /** The lower-case name used in JSON and message keys, e.g. {@code entries_per_month}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PlanLimit fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    String column() {
        return column;
    }

    /** The row of {@code tenancy.usage} that counts it, or null when it is not counted there. */
    @org.jspecify.annotations.Nullable
    String counter() {
        return counter;
    }

    boolean monthly() {
        return this == ENTRIES_PER_MONTH;
    }
}
