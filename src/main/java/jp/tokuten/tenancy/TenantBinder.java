package jp.tokuten.tenancy;

import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The only way to bind a tenant to a unit of work. Only entry points bind: security filters, the job
 * worker, event listeners, break-glass and operator provisioning ({@code TenantBindingTests} keeps the
 * list). Work runs inside {@link #callAs} or a {@link #bind}
 * block; the binding (and
 * the {@code tenant} entry of the log MDC) ends with it. Transactions begun inside pass the tenant to
 * PostgreSQL; a binding made inside an already running transaction is applied to it at once.
 */
@Component
public class TenantBinder {

    static final String MDC_KEY = "tenant";
    private static final ThreadLocal<@Nullable TenantId> CURRENT = new ThreadLocal<>();

    /** A binding made by {@link #bind}; closing it restores the binding that was there before. */
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    private final JdbcTemplate jdbc;

    TenantBinder(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The tenant bound to the current thread's unit of work, if any. */
    public static Optional<TenantId> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * The tenant bound to the current unit of work. Module services call this to act on the bound tenant;
     * they never bind one themselves.
     *
     * @throws IllegalStateException when no tenant is bound (an entry point forgot to bind it)
     */
    public static TenantId required() {
        TenantId tenant = CURRENT.get();
        if (tenant == null) {
            throw new IllegalStateException("No tenant bound");
        }
        return tenant;
    }

    /**
     * Binds {@code tenant} until the returned binding is closed; use it in try-with-resources. Prefer
     * {@link #callAs} where the work fits in a lambda.
     */
    public Binding bind(TenantId tenant) {
        TenantId previous = CURRENT.get();
        apply(tenant);
        return () -> apply(previous);
    }

    /** Runs {@code work} with {@code tenant} bound, restoring the previous binding afterwards. */
    public <T extends @Nullable Object> T callAs(TenantId tenant, Supplier<T> work) {
        try (var bound = bind(tenant)) {
            return work.get();
        }
    }

    public void runAs(TenantId tenant, Runnable work) {
        try (var bound = bind(tenant)) {
            work.run();
        }
    }

    private void apply(@Nullable TenantId tenant) {
        if (tenant == null) {
            CURRENT.remove();
            MDC.remove(MDC_KEY);
        } else {
            CURRENT.set(tenant);
            MDC.put(MDC_KEY, tenant.toString());
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            jdbc.query(
                    "select set_config('tokuten.tenant_id', ?, true)",
                    rs -> {},
                    tenant == null ? "" : tenant.toString());
        }
    }
}
