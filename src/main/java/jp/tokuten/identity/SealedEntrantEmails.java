package jp.tokuten.identity;

import jp.tokuten.privacy.PersonalData;
import jp.tokuten.privacy.PlainColumns;
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
        return PlainColumns.sealSome(
                jdbc, personalData, personalData::lookupHash, table(), "email", "email_sealed", "email_lookup", max);
    }
}
