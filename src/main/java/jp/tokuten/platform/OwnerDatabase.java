package jp.tokuten.platform;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A connection as the database owner, for the work that must see every tenant's rows and write
 * below the runtime role's grants: backups and restores (module {@code ops}). Nothing else should use it;
 * the application runs as the runtime role. {@link #schemas()} are tokuten's module schemas, platform
 * first.
 */
@Component
public class OwnerDatabase {

    private final TokutenDatabase database;
    private final DatabaseProperties properties;

    OwnerDatabase(TokutenDatabase database, DatabaseProperties properties) {
        this.database = database;
        this.properties = properties;
    }

    /** The data directory ({@code tokuten.db.data-dir}), where the embedded database lives. */
    public Path dataDir() {
        return properties.dataDir();
    }

    /** A new connection as the owner (auto-commit); the caller closes it. */
    public Connection connect() throws SQLException {
        return database.ownerConnection();
    }

    /** Whether this is the embedded PostgreSQL under the data directory (the demo set-up). */
    public boolean embedded() {
        return database.isEmbedded();
    }

    /** tokuten's schemas: one per module, {@code platform} first. */
    public List<String> schemas() {
        return DatabaseConfiguration.moduleSchemas();
    }
}
