package jp.tokuten.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.TokutenTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

@TokutenTest
class OperatorAdministrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    OperatorAccounts operators;

    @Autowired
    OperatorAdministration administration;

    @Autowired
    JdbcTemplate jdbc;

    ConsoleSignIns signIns;

    @BeforeEach
    void signIns() {
        signIns = new ConsoleSignIns(mvc, operators);
    }

    UUID pendingRequestFor(String email) {
        return jdbc.queryForObject(
                "select id from identity.operator_grant_requests where email = ? and decision is null",
                UUID.class,
                email);
    }

    @Test
    void grantingOperatorRightsNeedsASecondOperator() throws Exception {
        var alice = signIns.newOperator("alice");
        var bob = signIns.newOperator("bob");
        String newcomer = "newcomer-" + System.nanoTime() + "@ops.tokuten.test";

        mvc.perform(post("/operator/operators/requests")
                        .with(csrf())
                        .cookie(alice.session())
                        .param("email", newcomer)
                        .param("displayName", "新人 太郎")
                        .param("reason", "夜間監視の担当"))
                .andExpect(redirectedUrl("/operator/operators"));
        UUID request = pendingRequestFor(newcomer);

        mvc.perform(post("/operator/operators/requests/" + request + "/approve")
                        .with(csrf())
                        .cookie(alice.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("自分の申請は承認できません")))
                .andExpect(content().string(not(containsString("data-initial-password"))));
        assertThat(operators.findByEmail(newcomer)).isEmpty();

        mvc.perform(post("/operator/operators/requests/" + request + "/approve")
                        .with(csrf())
                        .cookie(bob.session()))
                .andExpect(redirectedUrl("/operator/operators"));
        // the initial password is shown once, on the page after the redirect, and never again
        String page = mvc.perform(get("/operator/operators").cookie(bob.session()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var m = Pattern.compile("data-initial-password>([^<]+)<").matcher(page);
        assertThat(m.find()).isTrue();
        mvc.perform(get("/operator/operators").cookie(bob.session()))
                .andExpect(content().string(not(containsString("data-initial-password"))));
        assertThat(operators.findByEmail(newcomer)).isPresent();

        mvc.perform(post("/operator/login")
                        .with(csrf())
                        .param("email", newcomer)
                        .param("password", m.group(1)))
                .andExpect(redirectedUrl("/operator/login/totp/setup"));
        mvc.perform(post("/operator/operators/requests/" + request + "/approve")
                        .with(csrf())
                        .cookie(bob.session()))
                .andExpect(content().string(containsString("該当する承認待ちの申請がありません")));
    }

    @Test
    void theDatabaseRefusesASelfApprovalEvenIfTheApplicationWereBypassed() throws Exception {
        var carol = signIns.newOperator("carol");
        var carolPrincipal = operators.findByEmail(carol.email()).orElseThrow().principal();
        UUID request = administration.requestGrant(
                carolPrincipal, "self-" + System.nanoTime() + "@ops.tokuten.test", "Self", "test");
        assertThatThrownBy(() -> jdbc.update(
                        "update identity.operator_grant_requests set decision = 'approved', decided_by = ?,"
                                + " decided_at = now() where id = ?",
                        carolPrincipal.operatorId(),
                        request))
                .hasMessageContaining("four_eyes");
    }

    @Test
    void aDisabledOperatorsSessionIsRejectedAtItsNextRequest() throws Exception {
        var dave = signIns.newOperator("dave");
        var erin = signIns.newOperator("erin");
        mvc.perform(get("/operator").cookie(dave.session())).andExpect(status().isOk());
        UUID daveId = operators.findByEmail(dave.email()).orElseThrow().id();
        String daveToken = "dave-api-token-" + UUID.randomUUID();
        operators.ensureToken(daveId, daveToken);
        mvc.perform(get("/api/v1/operator/tenants").header("Authorization", "Bearer " + daveToken))
                .andExpect(status().isOk());

        mvc.perform(post("/operator/operators/" + daveId + "/disable")
                        .with(csrf())
                        .cookie(erin.session())
                        .param("reason", "退職"))
                .andExpect(redirectedUrl("/operator/operators"));

        mvc.perform(get("/operator").cookie(dave.session())).andExpect(redirectedUrl("/operator/login?expired"));
        mvc.perform(get("/api/v1/operator/tenants").header("Authorization", "Bearer " + daveToken))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/operator").cookie(dave.session())).andExpect(redirectedUrl("/operator/login"));
        mvc.perform(post("/operator/login")
                        .with(csrf())
                        .param("email", dave.email())
                        .param("password", dave.password()))
                .andExpect(redirectedUrl("/operator/login?error"));
        mvc.perform(get("/operator").cookie(erin.session())).andExpect(status().isOk());
    }

    @Test
    void anOperatorCannotDisableThemselvesOrWithoutAReason() throws Exception {
        var frank = signIns.newOperator("frank");
        var grace = signIns.newOperator("grace");
        UUID frankId = operators.findByEmail(frank.email()).orElseThrow().id();
        UUID graceId = operators.findByEmail(grace.email()).orElseThrow().id();
        mvc.perform(post("/operator/operators/" + frankId + "/disable")
                        .with(csrf())
                        .cookie(frank.session())
                        .param("reason", "test"))
                .andExpect(content().string(containsString("自分自身を無効にすることはできません")));
        mvc.perform(post("/operator/operators/" + graceId + "/disable")
                        .with(csrf())
                        .cookie(frank.session())
                        .param("reason", "  "))
                .andExpect(content().string(containsString("理由は1〜500文字で入力してください")));
        mvc.perform(post("/operator/operators/" + UUID.randomUUID() + "/disable")
                        .with(csrf())
                        .cookie(frank.session())
                        .param("reason", "x"))
                .andExpect(content().string(containsString("該当するオペレーターがいません")));
        assertThat(operators.isActive(frankId)).isTrue();
        assertThat(operators.isActive(graceId)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "not-an-email, Name, reason, メールアドレスが正しくありません",
        "'', Name, reason, メールアドレスが正しくありません",
        "x@example.com, '', reason, 氏名は1〜100文字で入力してください",
        "x@example.com, Name, '', 理由は1〜500文字で入力してください"
    })
    void badGrantRequestsAreRefusedWithAMessageAndNothingStored(
            String email, String name, String reason, String message) throws Exception {
        var henry = signIns.newOperator("henry");
        Integer before = jdbc.queryForObject("select count(*) from identity.operator_grant_requests", Integer.class);
        mvc.perform(post("/operator/operators/requests")
                        .with(csrf())
                        .cookie(henry.session())
                        .param("email", email)
                        .param("displayName", name)
                        .param("reason", reason))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(message)));
        assertThat(jdbc.queryForObject("select count(*) from identity.operator_grant_requests", Integer.class))
                .isEqualTo(before);
    }

    @Test
    void operatorAdministrationNeedsAnOperatorSession() throws Exception {
        mvc.perform(get("/operator/operators")).andExpect(redirectedUrl("/operator/login"));
        mvc.perform(post("/operator/operators/requests")
                        .with(csrf())
                        .param("email", "x@example.com")
                        .param("displayName", "x")
                        .param("reason", "x"))
                .andExpect(redirectedUrl("/operator/login"));
    }
}
