package jp.tokuten.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.tokuten.TokutenTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The guard of {@code audit verify} against background work, on the server's own context (which does
 * schedule the sealer and the access-log flush). The command through the real jar: {@code TokutenJarIT}.
 */
@TokutenTest
class AuditCommandTests {

    @Autowired
    ApplicationContext context;

    @Test
    void refusesToVerifyInAnApplicationThatSchedulesWork() {
        assertThatThrownBy(() -> AuditCommand.refuseBackgroundWork(context))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must not run scheduled tasks")
                .hasMessageContaining("AuditSealer");
    }

    @Test
    void forcesTheSettingsThatKeepWorkersAndSchedulersOff() {
        assertThat(AuditCommand.COMMAND_SETTINGS)
                .containsEntry("tokuten.scheduling.enabled", "false")
                .containsEntry("spring.modulith.moments.enabled", "false")
                .containsEntry("tokuten.jobs.worker-enabled", "false")
                .containsEntry("tokuten.audit.sealer-enabled", "false");
    }
}
