package jp.tokuten.identity;

import java.util.List;
import java.util.UUID;
import jp.tokuten.privacy.PersonalData;
import jp.tokuten.privacy.PlaintextSealing;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Seals entrants' e-mail addresses kept in plain text before issue 14's encryption (the start-up step of
 * module privacy): the sealed address and its keyed hash in, the plain text out.
 */
@Component
class SealedEntrantEmails implements PlaintextSealing {

    private final JdbcClient jdbc;
    private final PersonalData personalData;

    SealedEntrantEmails(JdbcClient jdbc, PersonalData personalData) {
        this.jdbc = jdbc;
        this.personalData = personalData;
    }

    @Override
    public String table() {
        return "identity.entrants";
    }

    @Override
    public int sealSome(int max) {
        record Plain(UUID id, String email) {}
        List<Plain> rows = jdbc.sql("""
                        select id, email from identity.entrants where email_sealed is null limit ? for update""")
                .param(max)
                .query((rs, n) -> new Plain(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        for (Plain p : rows) {
            jdbc.sql("update identity.entrants set email_sealed = ?, email_lookup = ?, email = null where id = ?")
                    .params(personalData.seal(p.email()), personalData.lookupHash(p.email()), p.id())
                    .update();
        }
        return rows.size();
    }
}
