package jp.tokuten.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tokuten's PostgreSQL: the embedded server (when no URL is configured) or an external one, the owner
 * account that migrates it and the restricted runtime role the application uses.
 *
 * <p>Start-up order: start or reach the server, ensure the runtime role, migrate every module as the
 * owner, grant the runtime role exactly what the registered tables declare, then open the runtime pool.
 */
final class TokutenDatabase implements AutoCloseable {

    static final String DEFAULT_APP_ROLE = "tokuten_app";
    private static final Logger log = LoggerFactory.getLogger(TokutenDatabase.class);
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String EMBEDDED_OWNER = "postgres";
    private static final String EMBEDDED_DATABASE = "postgres";

    private final @Nullable EmbeddedPostgres embedded;
    private final String jdbcUrl;
    private final String ownerUser;
    private final String ownerPassword;
    private final String appUser;
    private final String appPassword;
    private final HikariDataSource runtimeDataSource;

    private TokutenDatabase(DatabaseProperties props, List<String> moduleSchemas) {
        if (props.embedded()) {
            this.embedded = startEmbedded(props);
            this.jdbcUrl = "jdbc:postgresql://localhost:" + embedded.getPort() + "/" + EMBEDDED_DATABASE;
            this.ownerUser = EMBEDDED_OWNER;
            this.ownerPassword = "";
        } else {
            this.embedded = null;
            this.jdbcUrl = require(props.url(), "TOKUTEN_DB_URL");
            this.ownerUser = require(props.ownerUser(), "TOKUTEN_DB_OWNER_USER");
            this.ownerPassword = require(props.ownerPassword(), "TOKUTEN_DB_OWNER_PASSWORD");
        }
        try {
            String givenApp = DatabaseProperties.blankToNull(props.appUser());
            this.appUser = givenApp != null ? givenApp : DEFAULT_APP_ROLE;
            String givenPassword = DatabaseProperties.blankToNull(props.appPassword());
            try (Connection owner = ownerConnection()) {
                if (givenApp != null) {
                    if (givenPassword == null) {
                        throw new DatabaseSetupException(
                                "TOKUTEN_DB_APP_USER is set but TOKUTEN_DB_APP_PASSWORD is not");
                    }
                    this.appPassword = givenPassword;
                } else {
                    this.appPassword = derivedAppPassword();
                    ensureRuntimeRole(owner);
                }
                checkRuntimeRoleIsRestricted(owner);
                new ModuleMigrations(moduleSchemas).migrate(owner, appUser);
            }
            this.runtimeDataSource = openRuntimePool(props.poolSize());
        } catch (SQLException e) {
            close();
            throw new DatabaseSetupException(e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static TokutenDatabase open(DatabaseProperties props, List<String> moduleSchemas) {
        return new TokutenDatabase(props, moduleSchemas);
    }

    /** The pool the application uses: logged in as the runtime role, subject to row-level security. */
    DataSource runtimeDataSource() {
        return runtimeDataSource;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    String appUser() {
        return appUser;
    }

    Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, ownerUser, ownerPassword);
    }

    private static EmbeddedPostgres startEmbedded(DatabaseProperties props) {
        var dir = props.dataDir().resolve("postgres").toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir.getParent());
            log.info("Starting embedded PostgreSQL with data in {}", dir);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setLocaleConfig("encoding", "UTF8")
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("timezone", "Asia/Tokyo")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new DatabaseSetupException(
                    "Could not start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The runtime role's password when tokuten manages the role: derived from the owner's credentials,
     * so every node configured alike computes the same one and none needs to be stored.
     */
    private String derivedAppPassword() {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            String key = ownerUser + "\0" + ownerPassword + "\0" + jdbcUrl;
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("tokuten runtime role".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void ensureRuntimeRole(Connection owner) throws SQLException {
        if (!ROLE_NAME.matcher(appUser).matches()) {
            throw new DatabaseSetupException("Invalid runtime role name: " + appUser);
        }
        boolean exists;
        try (var st = owner.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            st.setString(1, appUser);
            try (var rs = st.executeQuery()) {
                exists = rs.next();
            }
        }
        boolean mayCreateRoles;
        try (var st = owner.createStatement();
                var rs = st.executeQuery(
                        "select rolsuper or rolcreaterole from pg_roles where rolname = current_user")) {
            rs.next();
            mayCreateRoles = rs.getBoolean(1);
        }
        if (!mayCreateRoles) {
            throw new DatabaseSetupException("The database owner " + ownerUser
                    + " may not create roles: create a login role for tokuten and set"
                    + " TOKUTEN_DB_APP_USER and TOKUTEN_DB_APP_PASSWORD");
        }
        String quotedPassword = "'" + appPassword + "'"; // hex only, nothing to escape
        try (var st = owner.createStatement()) {
            if (!exists) {
                log.info("Creating runtime role {}", appUser);
                st.execute("create role " + appUser
                        + " login nosuperuser nocreatedb nocreaterole nobypassrls noinherit password "
                        + quotedPassword);
            } else {
                st.execute("alter role " + appUser + " with login password " + quotedPassword);
            }
            st.execute("grant connect on database \"" + owner.getCatalog().replace("\"", "\"\"") + "\" to " + appUser);
        }
    }

    /** Refuses to start if the runtime role could bypass row-level security. */
    private void checkRuntimeRoleIsRestricted(Connection owner) throws SQLException {
        try (var st = owner.prepareStatement(
                "select rolsuper, rolbypassrls, rolname = current_user from pg_roles where rolname = ?")) {
            st.setString(1, appUser);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new DatabaseSetupException("The runtime role " + appUser + " does not exist");
                }
                if (rs.getBoolean(1) || rs.getBoolean(2) || rs.getBoolean(3)) {
                    throw new DatabaseSetupException("The runtime role " + appUser
                            + " must not be superuser, have BYPASSRLS or be the database owner");
                }
            }
        }
    }

    private HikariDataSource openRuntimePool(int poolSize) {
        var config = new HikariConfig();
        config.setPoolName("tokuten");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(appUser);
        config.setPassword(appPassword);
        config.setMaximumPoolSize(poolSize);
        config.setAutoCommit(true);
        config.addDataSourceProperty("ApplicationName", "tokuten");
        config.setConnectionInitSql("set time zone 'Asia/Tokyo'");
        return new HikariDataSource(config);
    }

    private static String require(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            throw new DatabaseSetupException(name + " must be set when TOKUTEN_DB_URL is set");
        }
        return value;
    }

    @Override
    public void close() {
        try {
            HikariDataSource pool = runtimeDataSource;
            if (pool != null) {
                pool.close();
            }
        } finally {
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException e) {
                    log.warn("Embedded PostgreSQL did not stop cleanly", e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "TokutenDatabase[" + jdbcUrl.replaceAll("password=[^&]*", "password=***") + ", app="
                + appUser.toLowerCase(Locale.ROOT) + "]";
    }
}
