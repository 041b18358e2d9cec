package jp.tokuten.identity;

import java.util.List;
import java.util.UUID;
import jp.tokuten.privacy.PersonalData;
import jp.tokuten.privacy.PlaintextSealing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Seals entry-form fields kept in plain text before issue 14's encryption (the start-up step of module privacy). */
@Component
class SealedEntrantDetails implements PlaintextSealing {

    private final JdbcClient jdbc;
    private final PersonalData personalData;

    SealedEntrantDetails(JdbcClient jdbc, PersonalData personalData) {
        this.jdbc = jdbc;
        this.personalData = personalData;
    }

    @Override
    public String table() {
        return "identity.entrant_details";
    }

    @Override
    public int sealSome(int max) {
        record Plain(UUID id, String fields) {}
        List<Plain> rows = jdbc.sql("""
                        select id, fields::text from identity.entrant_details
                         where fields_sealed is null limit ? for update""")
                .param(max)
                .query((rs, n) -> new Plain(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        for (Plain p : rows) {
            jdbc.sql("update identity.entrant_details set fields_sealed = ?, fields = null where id = ?")
                    .params(personalData.seal(p.fields()), p.id())
                    .update();
        }
        return rows.size();
    }
}
