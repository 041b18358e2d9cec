package jp.tokuten.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Links in e-mail use TOKUTEN_BASE_URL, or the port the server actually listens on, and say which. */
@ExtendWith(OutputCaptureExtension.class)
class MailBaseUrlTests {

    static Mail mail(@Nullable String baseUrl) {
        return new Mail(new MailProperties(null, 587, null, null, true, "tokuten <no-reply@tokuten.test>", baseUrl));
    }

    @Test
    void unsetUsesThePortTheServerListensOnAndTheLogSaysSo(CapturedOutput output) {
        for (String unset : new String[] {null, "", "   "}) {
            var mail = mail(unset);
            mail.serverStarted(54321);
            assertThat(mail.baseUrl()).isEqualTo("http://localhost:54321");
        }
        assertThat(output.getAll()).contains("TOKUTEN_BASE_URL is not set: links in e-mail use http://localhost:54321");
    }

    @Test
    void beforeTheServerStartsUnsetMeansTheDefaultPort() {
        assertThat(mail(null).baseUrl()).isEqualTo("http://localhost:" + Mail.DEFAULT_PORT);
    }

    @Test
    void aConfiguredBaseUrlIsUsedWithoutItsTrailingSlash(CapturedOutput output) {
        var mail = mail(" https://campaigns.example.jp/ ");
        mail.serverStarted(8443);
        assertThat(mail.baseUrl()).isEqualTo("https://campaigns.example.jp");
        assertThat(output.getAll()).contains("Links in e-mail use https://campaigns.example.jp (TOKUTEN_BASE_URL)");
    }
}
