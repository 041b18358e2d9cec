package jp.tokuten.rewards;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import jp.tokuten.privacy.PersonalData;
import jp.tokuten.privacy.PlaintextSealing;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Winners' addresses sealed with the tenant's data key (issue 14): the whole {@link WinnerAddress} as JSON in
 * {@code rewards.winner_addresses.address_sealed}. Rows written before the encryption are read from their
 * plain-text columns until the start-up step ({@link PlaintextSealing}) has sealed them.
 */
@Component
class SealedAddresses implements PlaintextSealing {

    /** The columns a query must select, from {@code rewards.winner_addresses w}, for {@link #read}. */
    static final String COLUMNS =
            "w.award_id as w_award_id, w.address_sealed, w.full_name, w.postal_code, w.prefecture,"
                    + " w.city, w.town, w.address_line1, w.address_line2, w.phone";

    private final PersonalData personalData;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    SealedAddresses(PersonalData personalData, JdbcClient jdbc) {
        this.personalData = personalData;
        this.jdbc = jdbc;
    }

    byte[] seal(WinnerAddress address) {
        return java.util.Objects.requireNonNull(personalData.seal(json.writeValueAsString(address)));
    }

    /** The address of a row selected with {@link #COLUMNS}; null when the award has none. */
    @Nullable
    WinnerAddress read(ResultSet rs) throws SQLException {
        if (rs.getObject("w_award_id") == null) {
            return null;
        }
        byte[] sealed = rs.getBytes("address_sealed");
        if (sealed != null) {
            return json.readValue(personalData.open(sealed), WinnerAddress.class);
        }
        return new WinnerAddress(
                rs.getString("full_name"),
                rs.getString("postal_code"),
                rs.getString("prefecture"),
                rs.getString("city"),
                rs.getString("town"),
                rs.getString("address_line1"),
                rs.getString("address_line2"),
                rs.getString("phone"));
    }

    @Override
    public String table() {
        return "rewards.winner_addresses";
    }

    @Override
    public int sealSome(int max) {
        record Plain(UUID award, WinnerAddress address) {}
        List<Plain> rows = jdbc.sql("""
                        select award_id, full_name, postal_code, prefecture, city, town, address_line1, address_line2, phone
                          from rewards.winner_addresses where address_sealed is null limit ? for update""")
                .param(max)
                .query((rs, n) -> new Plain(
                        rs.getObject("award_id", UUID.class),
                        new WinnerAddress(
                                rs.getString("full_name"),
                                rs.getString("postal_code"),
                                rs.getString("prefecture"),
                                rs.getString("city"),
                                rs.getString("town"),
                                rs.getString("address_line1"),
                                rs.getString("address_line2"),
                                rs.getString("phone"))))
                .list();
        for (Plain p : rows) {
            jdbc.sql("""
                            update rewards.winner_addresses
                               set address_sealed = ?, full_name = null, postal_code = null, prefecture = null, city = null,
                                   town = null, address_line1 = null, address_line2 = null, phone = null
                             where award_id = ?""").params(seal(p.address()), p.award()).update();
        }
        return rows.size();
    }
}
