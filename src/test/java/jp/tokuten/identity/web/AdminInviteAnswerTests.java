package jp.tokuten.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import jp.tokuten.identity.TenantUserAdministration.Invitation;
import jp.tokuten.notifications.Mail;
import org.junit.jupiter.api.Test;

/** The {@code adminInvite} of the onboarding answer carries the link only when no mail server is configured. */
class AdminInviteAnswerTests {

    static final Instant EXPIRES = Instant.parse("2026-12-05T00:00:00Z");

    static Invitation invitation(Mail.Outcome outcome) {
        return new Invitation(
                UUID.randomUUID(), "first@admin.example", "http://localhost:8080/invite/abc.def", EXPIRES, outcome);
    }

    @Test
    void carriesTheLinkWhenNoMailServerIsConfigured() {
        var answer = OperatorTenantApiController.AdminInvite.of(invitation(Mail.Outcome.NOT_CONFIGURED));
        assertThat(answer.url()).isEqualTo("http://localhost:8080/invite/abc.def");
        assertThat(answer.email()).isEqualTo("first@admin.example");
        assertThat(answer.expiresAt()).isEqualTo(EXPIRES);
        assertThat(answer.mail()).isEqualTo("not_configured");
        assertThat(answer.toString()).doesNotContain("abc.def");
    }

    @Test
    void leavesTheLinkOutWhenAMailServerIsConfigured() {
        assertThat(OperatorTenantApiController.AdminInvite.of(invitation(Mail.Outcome.SENT))
                        .url())
                .isNull();
        assertThat(OperatorTenantApiController.AdminInvite.of(invitation(Mail.Outcome.FAILED))
                        .url())
                .isNull();
    }
}
