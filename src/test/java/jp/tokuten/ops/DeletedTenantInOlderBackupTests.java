package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.audit.AuditVerification;
import jp.tokuten.identity.Entrants;
import jp.tokuten.jobs.JobQueueFixtures;
import jp.tokuten.platform.OwnerDatabase;
import jp.tokuten.privacy.PersonalData;
import jp.tokuten.privacy.PersonalDataUnavailableException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 14's promise on deletion, end to end across backups and per-tenant keys (decisions 130, 143): a
 * backup taken while a tenant existed still holds its rows after the tenant is deleted, and restoring that
 * backup brings the rows back, but not the key that opens its personal data (tenant keys live outside the
 * database and its backups, and the deletion destroyed it): the deleted tenant's e-mail addresses stay
 * ciphertext, while a tenant that still exists reads its own from the same restored backup.
 */
@TokutenTest
class DeletedTenantInOlderBackupTests {

    @Autowired
    Backups backups;

    @Autowired
    OwnerDatabase owner;

    @Autowired
    Tenants tenants;

    @Autowired
    Entrants entrants;

    @Autowired
    PersonalData personalData;

    @Autowired
    TenantTerminations terminations;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Test
    void anOlderBackupOfADeletedTenantCannotBeReadOnceItsKeyIsDestroyed(@TempDir Path site) throws Exception {
        TenantView gone = TenantFixtures.aTenant(tenants, "older-backup-gone");
        TenantView kept = TenantFixtures.aTenant(tenants, "older-backup-kept");
        UUID goneEntrant = binder.callAs(
                gone.id(),
                () -> entrants.findOrCreateByEmail("hanako@example.jp").id());
        UUID keptEntrant = binder.callAs(
                kept.id(), () -> entrants.findOrCreateByEmail("taro@example.jp").id());

        // a backup while both exist
        UUID id = backups.request(UUID.randomUUID(), "before the deletion");
        context.getBean(AuditVerification.class).sealCommitted();
        backups.run(id, null);
        var done = backups.find(id).orElseThrow();
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo("done");
        Path backup = Path.of(done.location());
        assertThat(personalData.hasKey(gone.id())).isTrue();

        // the tenant is terminated and, on its day, deleted: its key file is destroyed
        mvc.perform(post("/api/v1/operator/tenants/" + gone.id().value() + "/termination")
                        .header("Authorization", "Bearer " + TokutenTest.OPERATOR_TOKEN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\": \"契約終了\"}"))
                .andExpect(status().isCreated());
        try (Connection c = owner.connect();
                var st = c.createStatement()) {
            st.execute("update ops.terminations set delete_on = current_date - 1 where tenant_id = '"
                    + gone.id().value() + "'");
        }
        terminations.queueDueDeletions();
        JobQueueFixtures.drain(context);
        assertThat(personalData.hasKey(gone.id())).isFalse();
        personalData.forgetKeys();

        // the older backup is restored on a new site: the deleted tenant's rows come back, sealed
        Path dataDir = site.resolve("data");
        var restored = BackupRestoreTests.restore(
                backup.toString(),
                "--tokuten.db.data-dir=" + dataDir,
                "--tokuten.backup.key="
                        + Files.readString(owner.dataDir().resolve(jp.tokuten.shared.BackupKey.GENERATED_FILE))
                                .strip());
        assertThat(restored.status()).as(restored.output()).isZero();
        byte[] goneSealed;
        byte[] keptSealed;
        try (var pg = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir.resolve("postgres"))
                        .setCleanDataDirectory(false)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
                var su = pg.getPostgresDatabase().getConnection()) {
            goneSealed = sealedEmail(su, goneEntrant);
            keptSealed = sealedEmail(su, keptEntrant);
        }
        assertThat(goneSealed)
                .as("the older backup holds the deleted tenant's entrant")
                .isNotNull();
        assertThat(new String(goneSealed, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("hanako");
        try (var keys = Files.walk(dataDir)) {
            assertThat(keys.map(p -> p.getFileName().toString()))
                    .as("no tenant key travels with a backup")
                    .noneMatch(name -> name.endsWith(".key")
                            && name.contains(gone.id().value().toString()));
        }
        binder.runAs(
                gone.id(),
                () -> assertThatThrownBy(() -> tx.execute(s -> personalData.open(goneSealed)))
                        .isInstanceOf(PersonalDataUnavailableException.class));
        String keptEmail = binder.callAs(kept.id(), () -> tx.execute(s -> personalData.open(keptSealed)));
        assertThat(keptEmail).isEqualTo("taro@example.jp");
    }

    static byte[] sealedEmail(Connection su, UUID entrant) throws Exception {
        try (var st = su.prepareStatement("select email_sealed from identity.entrants where id = ?")) {
            st.setObject(1, entrant);
            var rs = st.executeQuery();
            return rs.next() ? rs.getBytes(1) : null;
        }
    }
}
