package jp.tokuten.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Runs each module's migrations ({@code classpath:db/migration/<module>}) into a schema of the
 * module's name, with a history table of its own, as the database owner. {@code platform} runs first
 * because it defines the helpers the others call; the rest in the order given.
 */
final class ModuleMigrations {

    private static final Logger log = LoggerFactory.getLogger(ModuleMigrations.class);
    private final List<String> modules;

    ModuleMigrations(List<String> modules) {
        if (modules.isEmpty() || !modules.getFirst().equals("platform")) {
            throw new IllegalArgumentException("platform must be migrated first: " + modules);
        }
        this.modules = List.copyOf(modules);
    }

    void migrate(Connection owner, String appRole) throws SQLException {
        var dataSource = new SingleConnectionDataSource(owner, true);
        for (String module : modules) {
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .schemas(module)
                    .createSchemas(true)
                    .locations("classpath:db/migration/" + module)
                    .placeholderReplacement(false)
                    .outputQueryResults(false)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                log.info(
                        "Migrated module {} to version {} ({} migrations)",
                        module,
                        result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        }
        if (!owner.getAutoCommit()) {
            owner.commit();
        }
        try (var st = owner.prepareStatement("select platform.grant_runtime_privileges(?)")) {
            st.setString(1, appRole);
            st.execute();
        }
    }
}
