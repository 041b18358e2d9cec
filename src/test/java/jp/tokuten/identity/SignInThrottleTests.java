package jp.tokuten.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import java.time.Duration;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@TokutenTest
class SignInThrottleTests {

    @Autowired
    jp.tokuten.tenancy.TenantBinder binder;

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    OperatorAccounts operators;

    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    ResultActions adminSignIn(String tenant, String email, String password) throws Exception {
        return mvc.perform(post("/admin/login")
                .with(csrf())
                .param("tenant", tenant)
                .param("email", email)
                .param("password", password));
    }

    @Test
    void delaysGrowFromOneSecondToFifteenMinutes() {
        assertThat(SignInThrottle.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SignInThrottle.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SignInThrottle.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(SignInThrottle.delayAfter(10)).isEqualTo(Duration.ofSeconds(512));
        assertThat(SignInThrottle.delayAfter(11)).isEqualTo(Duration.ofMinutes(15));
        assertThat(SignInThrottle.delayAfter(400)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void repeatedFailuresForOneAccountBlockEvenTheRightPassword() throws Exception {
        var tenant = TenantFixtures.aTenant(tenants, "guess");
        binder.callAs(
                tenant.id(),
                () -> users.create("target@guess.example", "Target", TenantRole.ADMIN, "the real pass phrase here"));
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ACCOUNT + 1; i++) {
            adminSignIn(tenant.slug(), "target@guess.example", "wrong guess number " + i)
                    .andExpect(redirectedUrl("/admin/login?error"));
        }
        adminSignIn(tenant.slug(), "target@guess.example", "the real pass phrase here")
                .andExpect(redirectedUrl("/admin/login?locked"));
    }

    @Test
    void unknownAccountsAreThrottledAlikeSoNothingTellsWhichExist() throws Exception {
        var tenant = TenantFixtures.aTenant(tenants, "ghost");
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ACCOUNT + 1; i++) {
            adminSignIn(tenant.slug(), "nobody@ghost.example", "wrong guess number " + i)
                    .andExpect(redirectedUrl("/admin/login?error"));
        }
        adminSignIn(tenant.slug(), "nobody@ghost.example", "anything at all here")
                .andExpect(redirectedUrl("/admin/login?locked"));
    }

    @Test
    void manyFailuresFromOneAddressBlockThatAddressOnly() throws Exception {
        var tenant = TenantFixtures.aTenant(tenants, "spray");
        binder.callAs(
                tenant.id(),
                () -> users.create("real@spray.example", "Real", TenantRole.VIEWER, "a real and long pass phrase"));
        String attacker = "203.0.113." + (System.nanoTime() % 200 + 1);
        for (int i = 0; i <= SignInThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
            mvc.perform(post("/admin/login")
                            .with(csrf())
                            .with(from(attacker))
                            .param("tenant", tenant.slug())
                            .param("email", "user" + i + "@spray.example")
                            .param("password", "password guess number " + i))
                    .andExpect(redirectedUrl("/admin/login?error"));
        }
        mvc.perform(post("/admin/login")
                        .with(csrf())
                        .with(from(attacker))
                        .param("tenant", tenant.slug())
                        .param("email", "real@spray.example")
                        .param("password", "a real and long pass phrase"))
                .andExpect(redirectedUrl("/admin/login?locked"));
        adminSignIn(tenant.slug(), "real@spray.example", "a real and long pass phrase")
                .andExpect(redirectedUrl("/admin"));
    }

    @Test
    void wrongSecondFactorCodesAreThrottledToo() throws Exception {
        var op = new ConsoleSignIns(mvc, operators).newOperator("codes");
        var pending =
                new ConsoleSignIns(mvc, operators).passwordStep("/operator/login", null, op.email(), op.password());
        String attacker = "203.0.113.250";
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ACCOUNT + 1; i++) {
            mvc.perform(post("/operator/login/totp")
                            .with(csrf())
                            .with(from(attacker))
                            .cookie(pending)
                            .param("code", String.format("%06d", i)))
                    .andExpect(redirectedUrl("/operator/login/totp?error"));
        }
        String right = ConsoleSignIns.codeAt(op.totpSecret(), ConsoleSignIns.stepNow() + 1);
        mvc.perform(post("/operator/login/totp").with(csrf()).cookie(pending).param("code", right))
                .andExpect(redirectedUrl("/operator/login/totp?error"));
    }
}
