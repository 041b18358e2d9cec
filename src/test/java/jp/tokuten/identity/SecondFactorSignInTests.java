package jp.tokuten.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.regex.Pattern;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

@TokutenTest
class SecondFactorSignInTests {

    @Autowired
    jp.tokuten.tenancy.TenantBinder binder;

    @Autowired
    MockMvc mvc;

    @Autowired
    OperatorAccounts operators;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    JdbcTemplate jdbc;

    ConsoleSignIns signIns;

    @BeforeEach
    void signIns() {
        signIns = new ConsoleSignIns(mvc, operators);
    }

    @Test
    void anOperatorMustSetUpAnAuthenticatorAtFirstSignIn() throws Exception {
        String email = "first-" + System.nanoTime() + "@ops.tokuten.test";
        operators.create(email, "First", "first operator pass phrase");
        var login = mvc.perform(post("/operator/login")
                        .with(csrf())
                        .param("email", email)
                        .param("password", "first operator pass phrase"))
                .andExpect(redirectedUrl("/operator/login/totp/setup"))
                .andReturn()
                .getResponse();
        Cookie pending = login.getCookie(ConsoleSignIns.SESSION_COOKIE);
        mvc.perform(get("/operator").cookie(pending)).andExpect(redirectedUrl("/operator/login/totp/setup"));
        String page = mvc.perform(get("/operator/login/totp/setup").cookie(pending))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data:image/png;base64,")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        var m = Pattern.compile("data-secret>([A-Z2-7]+)<").matcher(page);
        assertThat(m.find()).isTrue();
        byte[] secret = ConsoleSignIns.base32Decode(m.group(1));

        mvc.perform(post("/operator/login/totp/setup")
                        .with(csrf())
                        .cookie(pending)
                        .param("code", "000000"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("コードが正しくないか")));
        var done = mvc.perform(post("/operator/login/totp/setup")
                        .with(csrf())
                        .cookie(pending)
                        .param("code", ConsoleSignIns.codeNow(secret)))
                .andExpect(redirectedUrl("/operator/recovery-codes"))
                .andReturn()
                .getResponse();
        Cookie signedIn = done.getCookie(ConsoleSignIns.SESSION_COOKIE);
        String codesPage = mvc.perform(get("/operator/recovery-codes").cookie(signedIn))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("リカバリーコード")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        // shown once: the page after it leads back to the console
        mvc.perform(get("/operator/recovery-codes").cookie(signedIn)).andExpect(redirectedUrl("/operator"));
        var codes = Pattern.compile("<code>([a-z0-9]{5}-[a-z0-9]{5})</code>")
                .matcher(codesPage)
                .results()
                .map(r -> r.group(1))
                .toList();
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        Cookie session = done.getCookie(ConsoleSignIns.SESSION_COOKIE);
        assertThat(session).as("new session id after sign-in").isNotNull();
        assertThat(session.getValue()).isNotEqualTo(pending.getValue());
        mvc.perform(get("/operator").cookie(session)).andExpect(status().isOk());
        mvc.perform(get("/operator").cookie(pending)).andExpect(redirectedUrl("/operator/login"));
    }

    @Test
    void anEnrolledOperatorNeedsTheCurrentCodeOnceAndRecoveryCodesWorkOnce() throws Exception {
        var op = signIns.newOperator("again");
        Cookie pending = signIns.passwordStep("/operator/login", null, op.email(), op.password());
        mvc.perform(get("/operator").cookie(pending)).andExpect(redirectedUrl("/operator/login/totp"));
        // the code used for set-up cannot be used again
        long step = ConsoleSignIns.stepNow();
        mvc.perform(post("/operator/login/totp")
                        .with(csrf())
                        .cookie(pending)
                        .param("code", ConsoleSignIns.codeAt(op.totpSecret(), step - 5)))
                .andExpect(redirectedUrl("/operator/login/totp?error"));
        mvc.perform(post("/operator/login/totp").with(csrf()).cookie(pending).param("code", "12345"))
                .andExpect(redirectedUrl("/operator/login/totp?error"));
        String next = ConsoleSignIns.codeAt(op.totpSecret(), step + 1);
        var ok = mvc.perform(post("/operator/login/totp")
                        .with(csrf())
                        .cookie(pending)
                        .param("code", next))
                .andExpect(redirectedUrl("/operator"))
                .andReturn()
                .getResponse();
        mvc.perform(get("/operator").cookie(ok.getCookie(ConsoleSignIns.SESSION_COOKIE)))
                .andExpect(status().isOk());

        Cookie again = signIns.passwordStep("/operator/login", null, op.email(), op.password());
        mvc.perform(post("/operator/login/totp").with(csrf()).cookie(again).param("code", next))
                .andExpect(redirectedUrl("/operator/login/totp?error"));
    }

    @Test
    void recoveryCodesWorkOnceEach() throws Exception {
        var op = signIns.newOperator("recovery");
        var account = operators.findByEmail(op.email()).orElseThrow().principalAccount();
        // set the authenticator up again through the service, to know the recovery codes
        var enrolment = secondFactors.startEnrolment(account);
        var codes = secondFactors.confirmEnrolment(
                account, enrolment, ConsoleSignIns.codeAt(enrolment.secret(), ConsoleSignIns.stepNow() + 1));
        assertThat(codes).hasSize(10);
        Cookie pending = signIns.passwordStep("/operator/login", null, op.email(), op.password());
        mvc.perform(post("/operator/login/totp")
                        .with(csrf())
                        .cookie(pending)
                        .param("code", codes.get(3).toUpperCase()))
                .andExpect(redirectedUrl("/operator"));
        assertThat(secondFactors.remainingRecoveryCodes(account)).isEqualTo(9);
        Cookie second = signIns.passwordStep("/operator/login", null, op.email(), op.password());
        mvc.perform(post("/operator/login/totp").with(csrf()).cookie(second).param("code", codes.get(3)))
                .andExpect(redirectedUrl("/operator/login/totp?error"));
    }

    @Autowired
    SecondFactors secondFactors;

    @Test
    void aTenantUserWithoutAuthenticatorSignsInWithThePasswordUnlessTheTenantRequiresOne() throws Exception {
        var tenant = TenantFixtures.aTenant(tenants, "totp");
        binder.callAs(
                tenant.id(),
                () -> users.create("clerk@totp.example", "Clerk", TenantRole.VIEWER, "clerk pass phrase long"));
        mvc.perform(post("/admin/login")
                        .with(csrf())
                        .param("tenant", tenant.slug())
                        .param("email", "clerk@totp.example")
                        .param("password", "clerk pass phrase long"))
                .andExpect(redirectedUrl("/admin"));

        assertThat(binder.callAs(tenant.id(), () -> users.requiresSecondFactor()))
                .isFalse();
        binder.runAs(tenant.id(), () -> users.requireSecondFactor(true));
        assertThat(binder.callAs(tenant.id(), () -> users.requiresSecondFactor()))
                .isTrue();
        Cookie pending = mvc.perform(post("/admin/login")
                        .with(csrf())
                        .param("tenant", tenant.slug())
                        .param("email", "clerk@totp.example")
                        .param("password", "clerk pass phrase long"))
                .andExpect(redirectedUrl("/admin/login/totp/setup"))
                .andReturn()
                .getResponse()
                .getCookie(ConsoleSignIns.SESSION_COOKIE);
        mvc.perform(get("/admin").cookie(pending)).andExpect(redirectedUrl("/admin/login/totp/setup"));
        mvc.perform(get("/admin/login/totp/setup").cookie(pending)).andExpect(status().isOk());
    }
}
