package jp.tokuten;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test of the whole application on its own embedded PostgreSQL (a fresh data directory per test run),
 * connected as the runtime role like production. All such tests share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        properties = {
            "tokuten.db.data-dir=target/test-data/${random.uuid}",
            "tokuten.bootstrap.operator-email=" + TokutenTest.OPERATOR_EMAIL,
            "tokuten.bootstrap.operator-password=" + TokutenTest.OPERATOR_PASSWORD,
            "tokuten.bootstrap.operator-token=" + TokutenTest.OPERATOR_TOKEN,
            "tokuten.bootstrap.demo=false",
            "tokuten.jobs.worker-enabled=false", // tests run the job worker themselves
            "tokuten.backup.at=off", // tests start backups themselves (BackupRestoreTests)
            "tokuten.backup.anchors=false",
            "tokuten.backup.dir=target/test-data/backups-${random.uuid}",
            "tokuten.web.trusted-proxies=" + TokutenTest.TRUSTED_PROXIES
        })
@AutoConfigureMockMvc
@Import({TestWebConfiguration.class, TestJobHandlers.class})
@ContextConfiguration(initializers = {TestMailServer.class, TestAlertReceiver.class})
public @interface TokutenTest {

    String OPERATOR_EMAIL = "first.operator@tokuten.test";
    String OPERATOR_PASSWORD = "correct horse battery staple 42";
    String OPERATOR_TOKEN = "test-operator-token-0123456789abcdefghij";

    /** Proxies whose X-Forwarded-For the tests trust; MockMvc's default peer 127.0.0.1 is not one. */
    String TRUSTED_PROXIES = "10.200.0.0/16,fd00:200::/64";
}
