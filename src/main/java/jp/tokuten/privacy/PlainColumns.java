package jp.tokuten.privacy;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The common case of {@link PlaintextSealing}: a text column kept in plain text before issue 14, now sealed
 * into a column beside it with a keyed-hash column to find the row by. Table and column names are the
 * caller's constants, never input.
 */
public final class PlainColumns {

    private PlainColumns() {}

    /**
     * Seals up to {@code max} rows of the bound tenant whose {@code sealed} column is still null: the sealed
     * text and its keyed hash ({@code hash}, e.g. {@link PersonalData#lookupHash}) in, the plain text out.
     * Returns how many.
     */
    public static int sealSome(
            JdbcClient jdbc,
            PersonalData personalData,
            Function<String, byte[]> hash,
            String table,
            String plain,
            String sealed,
            String lookup,
            int max) {
        record Plain(UUID id, String text) {}
        List<Plain> rows = jdbc.sql(
                        "select id, " + plain + " from " + table + " where " + sealed + " is null limit ? for update")
                .param(max)
                .query((rs, n) -> new Plain(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        for (Plain p : rows) {
            jdbc.sql("update " + table + " set " + sealed + " = ?, " + lookup + " = ?, " + plain
                            + " = null where id = ?")
                    .params(personalData.seal(p.text()), hash.apply(p.text()), p.id())
                    .update();
        }
        return rows.size();
    }
}
