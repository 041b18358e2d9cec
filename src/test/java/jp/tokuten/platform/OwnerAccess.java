package jp.tokuten.platform;

import java.sql.Connection;
import java.sql.SQLException;
import org.springframework.context.ApplicationContext;

/**
 * For tests only: a connection as the database owner (who migrates the schema and is not bound by the
 * runtime role's grants), to play the part of someone tampering with the database directly.
 */
public final class OwnerAccess {

    private OwnerAccess() {}

    public static Connection ownerConnection(ApplicationContext context) throws SQLException {
        return context.getBean(TokutenDatabase.class).ownerConnection();
    }

    public static String runtimeRole(ApplicationContext context) {
        return context.getBean(TokutenDatabase.class).appUser();
    }
}
