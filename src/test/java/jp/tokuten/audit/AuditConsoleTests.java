package jp.tokuten.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.OperatorAccounts;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The audit log as tenant admins and operators use it: what an action left behind, and the check. */
@TokutenTest
class AuditConsoleTests {

    static final String PASSWORD = "audit console pass phrase";

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

    TenantView tenant;
    Cookie admin;
    UUID clerk;

    @BeforeEach
    void tenantWithAdmin() throws Exception {
        tenant = TenantFixtures.aTenant(tenants, "audited");
        binder.callAs(tenant.id(), () -> users.create("admin@audited.example", "Admin", TenantRole.ADMIN, PASSWORD));
        clerk = binder.callAs(
                tenant.id(), () -> users.create("clerk@audited.example", "Clerk", TenantRole.VIEWER, PASSWORD));
        admin = new ConsoleSignIns(mvc, operators).adminSignIn(tenant.slug(), "admin@audited.example", PASSWORD);
    }

    @Test
    void aRoleChangeShowsInTheTenantsAuditLogAndItsCsvButNotInAnotherTenants() throws Exception {
        mvc.perform(post("/admin/users/" + clerk + "/role")
                .with(csrf())
                .cookie(admin)
                .param("role", "EDITOR"));
        mvc.perform(get("/admin/audit").cookie(admin).param("action", "user.role_changed"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-action=\"user.role_changed\"")))
                .andExpect(content().string(containsString("ユーザーのロールを変更")))
                .andExpect(content().string(containsString(clerk.toString())));
        mvc.perform(get("/admin/audit")
                        .cookie(admin)
                        .param("action", "user.role_changed")
                        .header("Accept-Language", "en"))
                .andExpect(content().string(containsString("User role changed")));
        mvc.perform(get("/admin/audit").cookie(admin).param("table", "identity.tenant_users"))
                .andExpect(content().string(containsString("UPDATE identity.tenant_users")))
                .andExpect(content().string(not(containsString("$argon2id"))));
        mvc.perform(get("/admin/audit").cookie(admin).param("action", "sign_in.succeeded"))
                .andExpect(content().string(containsString("sign_in.succeeded")));

        byte[] csv = mvc.perform(get("/admin/audit.csv").cookie(admin).param("action", "user.role_changed"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF").contains("user.role_changed").contains(clerk.toString());

        var other = TenantFixtures.aTenant(tenants, "unaudited");
        binder.callAs(other.id(), () -> users.create("admin@unaudited.example", "Other", TenantRole.ADMIN, PASSWORD));
        Cookie otherAdmin =
                new ConsoleSignIns(mvc, operators).adminSignIn(other.slug(), "admin@unaudited.example", PASSWORD);
        mvc.perform(get("/admin/audit").cookie(otherAdmin).param("action", "user.role_changed"))
                .andExpect(content().string(not(containsString(clerk.toString()))));
    }

    @Test
    void oneActionIsOneEntryToReadWithTheRecordsItWroteBehindIt() throws Exception {
        Cookie viewer =
                new ConsoleSignIns(mvc, operators).adminSignIn(tenant.slug(), "clerk@audited.example", PASSWORD);
        String setup = mvc.perform(get("/admin/account/second-factor").cookie(viewer))
                .andReturn()
                .getResponse()
                .getContentAsString();
        var secret = Pattern.compile("data-secret>([A-Z2-7]+)<").matcher(setup);
        assertThat(secret.find()).isTrue();
        mvc.perform(post("/admin/account/second-factor")
                        .with(csrf())
                        .cookie(viewer)
                        .param("code", ConsoleSignIns.codeNow(ConsoleSignIns.base32Decode(secret.group(1)))))
                .andExpect(status().isFound());
        mvc.perform(post("/admin/users/" + clerk + "/role")
                        .with(csrf())
                        .cookie(admin)
                        .param("role", "EDITOR"))
                .andExpect(status().isFound());

        String page = mvc.perform(get("/admin/audit").cookie(admin))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        // the ten recovery codes and the authenticator are one row, headed by what the person did
        assertThat(count(page, "<tr data-action=\"second_factor.enrolled\"")).isEqualTo(1);
        assertThat(count(page, "<tr data-action=\"INSERT identity.tenant_user_recovery_codes\""))
                .isZero();
        assertThat(count(page, "<li data-action=\"INSERT identity.tenant_user_recovery_codes\""))
                .isEqualTo(10);
        assertThat(page).contains("認証アプリを設定").contains("リカバリーコードを追加").contains("data-audit-parts");
        // actors by name and e-mail, never as the recorded id
        assertThat(page).contains(">Clerk<").contains("clerk@audited.example").contains(">Admin<");
        assertThat(page).doesNotContain(">user:").doesNotContain(">" + clerk + "<");

        // following an actor's name shows only what they did, under their name
        mvc.perform(get("/admin/audit").cookie(admin).param("actor", "user:" + clerk))
                .andExpect(content().string(containsString("Clerk の操作のみ表示しています")))
                .andExpect(content().string(not(containsString("data-action=\"user.role_changed\""))));
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void badFilterDatesGetAMessage() throws Exception {
        mvc.perform(get("/admin/audit").cookie(admin).param("from", "2026/13/40"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("YYYY-MM-DD")));
        mvc.perform(get("/admin/audit.csv").cookie(admin).param("to", "yesterday"))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/admin/audit")
                        .cookie(admin)
                        .param("actor", "user:not-an-id")
                        .param("action", "x'; drop table audit.entries; --"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("該当する記録はありません")));
        mvc.perform(get("/admin/audit").cookie(admin).param("table", "identity.tenant_users\u0000"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("使えない文字")));
        mvc.perform(get("/admin/audit.csv").cookie(admin).param("actor", "\u0007"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void onlyTenantAdminsReadTheAuditLog() throws Exception {
        Cookie viewer =
                new ConsoleSignIns(mvc, operators).adminSignIn(tenant.slug(), "clerk@audited.example", PASSWORD);
        mvc.perform(get("/admin/audit").cookie(viewer)).andExpect(status().isForbidden());
        mvc.perform(get("/admin/audit.csv").cookie(viewer)).andExpect(status().isForbidden());
    }

    @Test
    void operatorsCanVerifyEveryChainFromTheConsole() throws Exception {
        var op = new ConsoleSignIns(mvc, operators).newOperator("verifier");
        mvc.perform(post("/operator/audit/verify").with(csrf()).cookie(op.session()))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", "/operator/audit"));
        mvc.perform(get("/operator/audit").cookie(op.session()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-verify-result=\"intact\"")))
                .andExpect(content().string(containsString("改ざんは見つかりませんでした")));
    }
}
