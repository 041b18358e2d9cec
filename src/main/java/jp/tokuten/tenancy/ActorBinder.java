package jp.tokuten.tenancy;

import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Binds who is acting (an operator, a tenant user, an API key, a job) to a unit of work, for the audit
 * log. Like the tenant, it reaches PostgreSQL transaction-locally ({@code tokuten.actor}), set by the
 * transaction manager at the start of every transaction and at once when bound inside one. The actor is
 * a short label such as {@code tenant-user:<id>}; it grants nothing.
 */
@Component
public class ActorBinder {

    static final String SETTING = "tokuten.actor";
    private static final ThreadLocal<@Nullable String> CURRENT = new ThreadLocal<>();

    private final JdbcTemplate jdbc;

    ActorBinder(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The actor bound to the current thread's unit of work, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Binds {@code actor} until the returned binding is closed; use it in try-with-resources. */
    public TenantBinder.Binding bind(String actor) {
        String previous = CURRENT.get();
        apply(actor);
        return () -> apply(previous);
    }

    private void apply(@Nullable String actor) {
        if (actor == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(actor);
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            jdbc.query("select set_config('" + SETTING + "', ?, true)", rs -> {}, actor == null ? "" : actor);
        }
    }
}
