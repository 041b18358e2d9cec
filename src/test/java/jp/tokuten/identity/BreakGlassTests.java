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

import jakarta.servlet.http.Cookie;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

@TokutenTest
class BreakGlassTests {

    static final String PASSWORD = "tenant admin pass phrase";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    OperatorAccounts operators;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    TenantView tenant;
    Cookie tenantAdmin;
    ConsoleSignIns.SignedInOperator operator;

    @BeforeEach
    void setUp() throws Exception {
        tenant = TenantFixtures.aTenant(tenants, "glass");
        binder.callAs(tenant.id(), () -> users.create("owner@glass.example", "Owner", TenantRole.ADMIN, PASSWORD));
        tenantAdmin = adminSignIn(tenant, "owner@glass.example");
        operator = new ConsoleSignIns(mvc, operators).newOperator("support");
    }

    Cookie adminSignIn(TenantView t, String email) throws Exception {
        return new ConsoleSignIns(mvc, operators).adminSignIn(t.slug(), email, PASSWORD);
    }

    @Test
    void operatorsSeeTenantDataOnlyDuringAReasonedTimeLimitedAccessThatTheTenantSees() throws Exception {
        String page = "/operator/tenants/" + tenant.slug() + "/break-glass";
        mvc.perform(get(page).cookie(operator.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("owner@glass.example"))));

        mvc.perform(post(page)
                        .with(csrf())
                        .cookie(operator.session())
                        .param("reason", "short")
                        .param("minutes", "30"))
                .andExpect(content().string(containsString("理由を10〜500文字で入力してください")));
        mvc.perform(post(page)
                        .with(csrf())
                        .cookie(operator.session())
                        .param("reason", "問い合わせ #1234 の調査のため")
                        .param("minutes", "999"))
                .andExpect(content().string(containsString("時間を一覧から選んでください")));
        mvc.perform(get("/admin/security").cookie(tenantAdmin))
                .andExpect(content().string(not(containsString("data-break-glass-entry"))));

        mvc.perform(post(page)
                        .with(csrf())
                        .cookie(operator.session())
                        .param("reason", "問い合わせ #1234 の調査のため")
                        .param("minutes", "30"))
                .andExpect(redirectedUrl(page));
        mvc.perform(get(page).cookie(operator.session()))
                .andExpect(content().string(containsString("data-break-glass-active")))
                .andExpect(content().string(containsString("owner@glass.example")));
        mvc.perform(get("/admin/security").cookie(tenantAdmin))
                .andExpect(content().string(containsString("問い合わせ #1234 の調査のため")))
                .andExpect(content().string(containsString(operator.email())));

        var other = TenantFixtures.aTenant(tenants, "clear");
        binder.callAs(other.id(), () -> users.create("owner@clear.example", "Other", TenantRole.ADMIN, PASSWORD));
        mvc.perform(get("/admin/security").cookie(adminSignIn(other, "owner@clear.example")))
                .andExpect(content().string(not(containsString("問い合わせ #1234"))));

        mvc.perform(get("/operator/tenants/no-such-tenant-here/break-glass").cookie(operator.session()))
                .andExpect(status().isNotFound());
        mvc.perform(post(page + "/close").with(csrf()).cookie(operator.session()))
                .andExpect(redirectedUrl(page));
        mvc.perform(get(page).cookie(operator.session()))
                .andExpect(content().string(not(containsString("owner@glass.example"))));
    }

    @Test
    void theDatabaseRefusesAccessLongerThanFourHours() {
        assertThatThrownBy(() -> binder.runAs(
                        tenant.id(),
                        () -> tx.executeWithoutResult(s -> jdbc.update("""
                        insert into identity.break_glass_grants
                            (id, operator_id, operator_email, reason, started_at, expires_at)
                        values (?, ?, 'x@ops', 'a long enough reason', now(), now() + interval '5 hours')""", UUID.randomUUID(), UUID.randomUUID()))))
                .hasMessageContaining("check constraint");
    }

    @Test
    void onlyTenantAdminsChangeTheSecondFactorRuleAndAnyUserCanSetUpTheirOwn() throws Exception {
        binder.callAs(
                tenant.id(), () -> users.create("clerk@glass.example", "Clerk", TenantRole.STORE_STAFF, PASSWORD));
        Cookie clerk = adminSignIn(tenant, "clerk@glass.example");
        mvc.perform(post("/admin/security/second-factor")
                        .with(csrf())
                        .cookie(clerk)
                        .param("required", "true"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin/security").cookie(clerk)).andExpect(status().isForbidden());
        assertThat(binder.callAs(tenant.id(), () -> users.requiresSecondFactor()))
                .isFalse();

        String page = mvc.perform(get("/admin/account/second-factor").cookie(clerk))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        var m = Pattern.compile("data-secret>([A-Z2-7]+)<").matcher(page);
        assertThat(m.find()).isTrue();
        byte[] secret = ConsoleSignIns.base32Decode(m.group(1));
        mvc.perform(post("/admin/account/second-factor")
                        .with(csrf())
                        .cookie(clerk)
                        .param("code", "12ab56"))
                .andExpect(content().string(containsString("コードが正しくないか")));
        mvc.perform(post("/admin/account/second-factor")
                        .with(csrf())
                        .cookie(clerk)
                        .param("code", ConsoleSignIns.codeNow(secret)))
                .andExpect(redirectedUrl("/admin/recovery-codes"));
        mvc.perform(get("/admin/recovery-codes").cookie(clerk))
                .andExpect(content().string(containsString("リカバリーコード")));
        mvc.perform(post("/admin/login")
                        .with(csrf())
                        .param("tenant", tenant.slug())
                        .param("email", "clerk@glass.example")
                        .param("password", PASSWORD))
                .andExpect(redirectedUrl("/admin/login/totp"));

        mvc.perform(post("/admin/security/second-factor")
                        .with(csrf())
                        .cookie(tenantAdmin)
                        .param("required", "maybe"))
                .andExpect(status().isBadRequest());
        assertThat(binder.callAs(tenant.id(), () -> users.requiresSecondFactor()))
                .isFalse();
        mvc.perform(post("/admin/security/second-factor")
                        .with(csrf())
                        .cookie(tenantAdmin)
                        .param("required", "true"))
                .andExpect(redirectedUrl("/admin/security"));
        assertThat(binder.callAs(tenant.id(), () -> users.requiresSecondFactor()))
                .isTrue();
    }
}
