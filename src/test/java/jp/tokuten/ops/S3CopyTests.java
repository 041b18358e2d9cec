package jp.tokuten.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import jp.tokuten.TokutenTest;
import jp.tokuten.platform.OwnerDatabase;
import jp.tokuten.shared.BackupKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The S3-compatible second location against s3proxy (a local S3 server from Maven Central that checks AWS
 * Signature Version 4, run as a process of its own; the build copies it to {@code target/s3proxy}): a backup
 * is uploaded, the newest 7 are kept, a second site downloads it and restores it, and a wrong secret is
 * refused by the server.
 */
@TokutenTest
class S3CopyTests {

    static final String IDENTITY = "tokuten-test";
    static final String CREDENTIAL = "s3proxy-secret-0123456789";
    static Process s3proxy;
    static int port;

    @Autowired
    Backups backups;

    @Autowired
    OwnerDatabase owner;

    @BeforeAll
    static void startS3proxy(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target/s3proxy/s3proxy.jar");
        assertThat(jar)
                .as("the build copies s3proxy here (maven-dependency-plugin in pom.xml)")
                .exists();
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data/backups"));
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, """
                s3proxy.endpoint=http://127.0.0.1:%d
                s3proxy.authorization=aws-v2-or-v4
                s3proxy.identity=%s
                s3proxy.credential=%s
                jclouds.provider=filesystem
                jclouds.filesystem.basedir=%s
                """.formatted(
                        port, IDENTITY, CREDENTIAL, dir.resolve("data").toAbsolutePath()));
        s3proxy = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toAbsolutePath().toString(),
                        "--properties",
                        conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile())
                .start();
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try (var probe = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                assertThat(s3proxy.isAlive())
                        .as(Files.readString(dir.resolve("s3proxy.log")))
                        .isTrue();
                assertThat(Instant.now()).as("s3proxy did not start").isBefore(until);
                Thread.onSpinWait();
                Thread.sleep(100); // a port to come up: nothing to poll but the port
            }
        }
    }

    @AfterAll
    static void stopS3proxy() {
        if (s3proxy != null) {
            s3proxy.destroy();
        }
    }

    S3Storage s3(String secret) {
        return new S3Storage(
                URI.create("http://127.0.0.1:" + port),
                "backups",
                "ap-northeast-1",
                IDENTITY,
                secret,
                Clock.systemUTC());
    }

    @Test
    void aSecondSiteRestoresABackupCopiedToS3(@TempDir Path site) throws Exception {
        UUID id = backups.request(UUID.randomUUID(), null);
        backups.run(id);
        Path backup = Path.of(backups.find(id).orElseThrow().location());
        var s3 = s3(CREDENTIAL);
        String where = Backups.copyTo(backup, s3, "site-a/", 7);
        String folder = "site-a/" + backup.getFileName() + "/";
        assertThat(where).isEqualTo("s3://backups/" + folder);
        assertThat(s3.keys(folder))
                .containsExactlyInAnyOrder(
                        folder + BackupFormat.ANCHOR,
                        folder + BackupFormat.MANIFEST,
                        folder + BackupFormat.CATALOG,
                        folder + BackupFormat.DATABASE,
                        folder + BackupFormat.FILES);

        Path downloaded = Files.createDirectories(site.resolve("download"));
        for (String key : s3.keys(folder)) {
            Files.write(downloaded.resolve(key.substring(folder.length())), s3.get(key));
        }
        assertThat(backups.key()).isPresent();
        String key = Files.readString(owner.dataDir().resolve(BackupKey.GENERATED_FILE))
                .strip();
        var restored = BackupRestoreTests.restore(
                downloaded.toString(), "--tokuten.db.data-dir=" + site.resolve("data"), "--tokuten.backup.key=" + key);
        assertThat(restored.status()).as(restored.output()).isZero();
        assertThat(restored.output()).contains("audit chains intact");
    }

    @Test
    void keepsTheNewestSevenInTheBucket() throws Exception {
        var s3 = s3(CREDENTIAL);
        for (int day = 1; day <= 8; day++) {
            s3.put(
                    "site-b/" + Backups.PREFIX + "2026110" + day + "T030000Z-0000000" + day + "/"
                            + BackupFormat.MANIFEST,
                    "{}".getBytes(StandardCharsets.UTF_8));
        }
        Path backup =
                Files.createDirectories(backups.directory().resolve(Backups.PREFIX + "20261203T030000Z-s3test00"));
        Files.writeString(backup.resolve(BackupFormat.MANIFEST), "{}");
        Backups.copyTo(backup, s3, "site-b/", 7);
        assertThat(s3.folders("site-b/"))
                .hasSize(7)
                .contains("site-b/" + Backups.PREFIX + "20261203T030000Z-s3test00/")
                .doesNotContain(
                        "site-b/" + Backups.PREFIX + "20261101T030000Z-00000001/",
                        "site-b/" + Backups.PREFIX + "20261102T030000Z-00000002/");
        BackupRestore.deleteTree(backup);
    }

    @Test
    void theServerRefusesAWrongSignature() {
        assertThatThrownBy(() -> s3("not-the-secret").keys("site-a/"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("403");
    }
}
