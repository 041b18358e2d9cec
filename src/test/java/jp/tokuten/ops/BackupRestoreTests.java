package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenApplication;
import jp.tokuten.TokutenTest;
import jp.tokuten.audit.AuditVerification;
import jp.tokuten.files.StoredFiles;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.platform.OwnerDatabase;
import jp.tokuten.shared.BackupKey;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The restore drill: a backup of the running database and its files, restored into a new empty embedded
 * database and data directory and into an external PostgreSQL (a second embedded server, its owner not a
 * superuser), gives the same rows (count and checksum per table, computed independently as superuser in the
 * backup's snapshot), the same files, and audit chains that verify. A wrongly-keyed or damaged backup, and a
 * target that is not empty, are refused with a clear message and nothing written.
 */
@TokutenTest
class BackupRestoreTests {

    @Autowired
    Backups backups;

    @Autowired
    OwnerDatabase owner;

    @Autowired
    Tenants tenants;

    @Autowired
    ApplicationContext context;

    @Autowired
    StoredFiles storedFiles;

    Path filesDir;

    /** One backup for all the tests here, with what the source held in its snapshot. */
    static Path backup;

    static String keyBase64;
    static Map<String, String> sourceTables;
    static Map<String, String> sourceFiles;
    static EmbeddedPostgres external;

    @BeforeEach
    void aBackupOfTheRunningDatabase() throws Exception {
        filesDir = storedFiles.directory();
        if (backup != null) {
            return;
        }
        TenantFixtures.aTenant(tenants, "drill");
        Path stored = filesDir.resolve("ab/cd");
        Files.createDirectories(stored);
        Files.write(
                stored.resolve("drill-photo"), "a photo's bytes \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(filesDir.resolve("drill-other"), new byte[300_000]);
        keyBase64 = key();
        UUID id = backups.request(UUID.randomUUID(), "restore drill");
        // the restore's audit verify seals what was committed but not yet sealed: seal it here first, so that
        // the rows it restores are compared before and after without that difference
        context.getBean(AuditVerification.class).sealCommitted();
        try (Connection snapshot = OwnerAccess.ownerConnection(context)) {
            snapshot.setAutoCommit(false);
            snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String name;
            try (var st = snapshot.createStatement();
                    var rs = st.executeQuery("select pg_export_snapshot()")) {
                rs.next();
                name = rs.getString(1);
            }
            sourceTables = checksums(snapshot, owner.schemas());
            sourceFiles = files(filesDir);
            backups.run(id, name);
            snapshot.rollback();
        }
        var done = backups.find(id).orElseThrow();
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo("done");
        backup = Path.of(done.location());
        assertThat(done.sha256()).isEqualTo(BackupFormat.sha256(backup.resolve(BackupFormat.MANIFEST)));
        assertThat(done.sizeBytes()).isPositive();
        assertThat(sourceTables).containsKeys("tenancy.tenants", "audit.entries", "ops.backups");
    }

    @AfterAll
    static void stopExternal() throws IOException {
        if (external != null) {
            external.close();
        }
    }

    @Test
    void restoresIntoANewEmbeddedDatabaseAndDataDirectory(@TempDir Path site) throws Exception {
        Path dataDir = site.resolve("data");
        var result =
                restore(backup.toString(), "--tokuten.db.data-dir=" + dataDir, "--tokuten.backup.key=" + keyBase64);
        assertThat(result.status()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("row counts and checksums match")
                .contains("audit chains intact")
                .contains("audit anchor of")
                .contains("matches");
        try (var restored = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir.resolve("postgres"))
                        .setCleanDataDirectory(false)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
                var su = restored.getPostgresDatabase().getConnection()) {
            assertThat(checksums(su, owner.schemas())).isEqualTo(sourceTables);
        }
        assertThat(files(dataDir.resolve("files"))).isEqualTo(sourceFiles);

        var again = restore(backup.toString(), "--tokuten.db.data-dir=" + dataDir, "--tokuten.backup.key=" + keyBase64);
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.output()).contains("Restore refused").contains("already holds a database");
    }

    @Test
    void restoresIntoAnExternalDatabaseWhoseOwnerIsNotSuperuser(@TempDir Path site) throws Exception {
        external = EmbeddedPostgres.builder()
                .setDataDirectory(site.resolve("external-pg"))
                .setCleanDataDirectory(true)
                .setServerConfig("timezone", "Asia/Tokyo")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        try (var su = external.getPostgresDatabase().getConnection();
                var st = su.createStatement()) {
            st.execute("create role drill_owner login createrole password 'drill-secret'");
            st.execute("create database drill_db owner drill_owner");
        }
        String url = "jdbc:postgresql://localhost:" + external.getPort() + "/drill_db";
        var options = new String[] {
            backup.resolve(BackupFormat.MANIFEST).toString(),
            "--tokuten.db.url=" + url,
            "--tokuten.db.owner-user=drill_owner",
            "--tokuten.db.owner-password=drill-secret",
            "--tokuten.db.data-dir=" + site.resolve("data"),
            "--tokuten.backup.key=" + keyBase64
        };
        var result = restore(options);
        assertThat(result.status()).as(result.output()).isZero();
        assertThat(result.output()).contains("audit chains intact");
        try (var su = DriverManager.getConnection(url, "postgres", "postgres")) {
            assertThat(checksums(su, owner.schemas())).isEqualTo(sourceTables);
        }
        assertThat(files(site.resolve("data/files"))).isEqualTo(sourceFiles);

        // the owner is subject to forced row security: a backup of the restored site reads tenant tables
        // tenant by tenant, and holds the same rows
        var key = BackupKey.parse(keyBase64);
        var original = BackupRestore.check(backup, key).catalog();
        try (var asOwner = DriverManager.getConnection(url, "drill_owner", "drill-secret")) {
            var second = new BackupWriter(owner.schemas(), site.resolve("data/files"), key)
                    .write(asOwner, UUID.randomUUID(), java.time.Instant.now(), site.resolve("second"), null);
            assertThat(second.catalog().tables()).isEqualTo(original.tables());
            assertThat(second.catalog().files()).isEqualTo(original.files());
        }

        var notEmpty = restore(options);
        assertThat(notEmpty.status()).isEqualTo(1);
        assertThat(notEmpty.output()).contains("Restore refused: The database is not empty");
    }

    @Test
    void refusesAWronglyKeyedBackupBeforeWritingAnything(@TempDir Path site) throws Exception {
        byte[] other = new byte[32];
        other[0] = 1;
        var result = restore(
                backup.toString(),
                "--tokuten.db.data-dir=" + site.resolve("data"),
                "--tokuten.backup.key=" + Base64.getEncoder().encodeToString(other));
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.output()).contains("Restore refused: Wrong key");
        assertThat(site.resolve("data")).doesNotExist();

        var noKey = restore(backup.toString(), "--tokuten.db.data-dir=" + site.resolve("data"));
        assertThat(noKey.status()).isEqualTo(1);
        assertThat(noKey.output()).contains("TOKUTEN_BACKUP_KEY is not set");
    }

    @Test
    void refusesADamagedBackupBeforeWritingAnything(@TempDir Path site) throws Exception {
        Path copy = site.resolve("copy");
        Files.createDirectories(copy);
        try (Stream<Path> parts = Files.list(backup)) {
            for (Path p : parts.toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        Path database = copy.resolve(BackupFormat.DATABASE);
        byte[] bytes = Files.readAllBytes(database);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(database, bytes);
        var result = restore(
                copy.toString(), "--tokuten.db.data-dir=" + site.resolve("data"), "--tokuten.backup.key=" + keyBase64);
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.output())
                .contains("Restore refused: The backup is damaged: the checksum (SHA-256) of the part database.tkb");
        assertThat(site.resolve("data")).doesNotExist();

        // the manifest edited to match the damaged part: its HMAC gives it away
        String manifest = Files.readString(copy.resolve(BackupFormat.MANIFEST));
        String original = BackupFormat.sha256(backup.resolve(BackupFormat.DATABASE));
        Files.writeString(
                copy.resolve(BackupFormat.MANIFEST), manifest.replace(original, BackupFormat.sha256(database)));
        var forged = restore(
                copy.toString(), "--tokuten.db.data-dir=" + site.resolve("data"), "--tokuten.backup.key=" + keyBase64);
        assertThat(forged.status()).isEqualTo(1);
        assertThat(forged.output()).contains("manifest is damaged or was altered");
    }

    @Test
    void sealedStreamsRefuseAnAlteredOrTruncatedSegment() throws Exception {
        byte[] key = new byte[32];
        var sealed = new ByteArrayOutputStream();
        byte[] plain = new byte[SealedStreams.SEGMENT * 2 + 5];
        plain[7] = 42;
        try (var out = SealedStreams.seal(sealed, key, "part")) {
            out.write(plain);
        }
        byte[] bytes = sealed.toByteArray();
        try (var in = SealedStreams.open(new java.io.ByteArrayInputStream(bytes), key, "part")) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
        byte[] flipped = bytes.clone();
        flipped[100] ^= 0x10;
        assertThat(readFails(flipped, key, "part")).contains("GCM authentication tag");
        assertThat(readFails(bytes, key, "another part")).contains("GCM authentication tag");
        byte[] cut = java.util.Arrays.copyOf(bytes, 11 + 4 + SealedStreams.SEGMENT + 16);
        assertThat(readFails(cut, key, "part")).contains("cut short");
    }

    private static String readFails(byte[] bytes, byte[] key, String name) {
        try (var in = SealedStreams.open(new java.io.ByteArrayInputStream(bytes), key, name)) {
            in.readAllBytes();
            return "read without error";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    record Result(int status, String output) {}

    static Result restore(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = RestoreCommand.run(
                TokutenApplication.class,
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                name -> null);
        return new Result(status, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    /** The embedded test database's generated key (no TOKUTEN_BACKUP_KEY in tests). */
    String key() throws IOException {
        assertThat(backups.key()).isPresent();
        Path file = owner.dataDir().resolve(BackupKey.GENERATED_FILE);
        return Files.readString(file).strip();
    }

    /** Per table: row count and an md5 of its rows in a fixed order, as a superuser sees them. */
    static Map<String, String> checksums(Connection su, List<String> schemas) throws SQLException {
        var result = new TreeMap<String, String>();
        List<String> tables;
        try (var st = su.prepareStatement("""
                        select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                         where c.relkind = 'r' and c.relname <> 'flyway_schema_history' and n.nspname = any (?)
                         order by 1""")) {
            st.setArray(1, su.createArrayOf("text", schemas.toArray()));
            var rs = st.executeQuery();
            var names = new java.util.ArrayList<String>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            tables = names;
        }
        try (var st = su.createStatement()) {
            st.execute("set time zone 'UTC'");
            for (String table : tables) {
                try (var rs = st.executeQuery(
                        "select count(*), md5(coalesce(string_agg(md5(t::text), ',' order by md5(t::text)), ''))"
                                + " from " + table + " t")) {
                    rs.next();
                    result.put(table.replace("\"", ""), rs.getLong(1) + " " + rs.getString(2));
                }
            }
        }
        return result;
    }

    static Map<String, String> files(Path root) throws Exception {
        var result = new TreeMap<String, String>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                result.put(
                        root.relativize(p).toString(),
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return result;
    }
}
