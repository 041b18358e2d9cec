package jp.tokuten.coupons;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import jp.tokuten.privacy.PersonalData;
import jp.tokuten.privacy.PlainColumns;
import jp.tokuten.privacy.PlaintextSealing;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Holders' references sealed with the tenant's data key (issue 14): {@code reference_sealed} and the keyed
 * hash {@code reference_lookup} a holder is found by. Rows written before the encryption are read and found
 * by their plain reference until the start-up step ({@link PlaintextSealing}) has sealed them.
 */
@Component
class HolderReferences implements PlaintextSealing {

    private final PersonalData personalData;
    private final JdbcClient jdbc;

    HolderReferences(PersonalData personalData, JdbcClient jdbc) {
        this.personalData = personalData;
        this.jdbc = jdbc;
    }

    byte[] lookup(String reference) {
        return personalData.lookupHashExact(reference); // already normalised by Acquisitions.reference
    }

    byte @Nullable [] seal(String reference) {
        return personalData.seal(reference);
    }

    /** The reference of a row that selected {@code h.reference} and {@code h.reference_sealed}. */
    @Nullable
    String open(byte @Nullable [] sealed, @Nullable String plain) {
        return sealed != null ? personalData.open(sealed) : plain;
    }

    /** An instance selected with {@link Redemptions#INSTANCE}, its holder's reference opened. */
    InstanceView mapInstance(ResultSet rs, int row) throws SQLException {
        UUID last = rs.getObject("last_id", UUID.class);
        return new InstanceView(
                rs.getObject("id", UUID.class),
                rs.getObject("coupon_id", UUID.class),
                rs.getString("code"),
                rs.getObject("holder_id", UUID.class),
                open(rs.getBytes("reference_sealed"), rs.getString("reference")),
                rs.getString("source"),
                rs.getInt("uses_total"),
                rs.getInt("uses_left"),
                rs.getTimestamp("valid_from").toInstant(),
                rs.getTimestamp("valid_until").toInstant(),
                rs.getTimestamp("created_at").toInstant(),
                last == null
                        ? null
                        : new InstanceView.LastUse(
                                last,
                                rs.getObject("last_store", UUID.class),
                                rs.getTimestamp("last_at").toInstant()));
    }

    @Override
    public String table() {
        return "coupons.holders";
    }

    @Override
    public int sealSome(int max) {
        return PlainColumns.sealSome(
                jdbc, personalData, this::lookup, table(), "reference", "reference_sealed", "reference_lookup", max);
    }
}
