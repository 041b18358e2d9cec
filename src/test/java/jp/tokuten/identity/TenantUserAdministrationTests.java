package jp.tokuten.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TestMailServer;
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
class TenantUserAdministrationTests {

    static final String PASSWORD = "a sufficiently long pass phrase";

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
    UUID adminId;
    Cookie admin;

    @BeforeEach
    void aTenantWithASignedInAdmin() throws Exception {
        tenant = TenantFixtures.aTenant(tenants, "staff");
        adminId = binder.callAs(
                tenant.id(), () -> users.create("boss@staff.example", "Boss", TenantRole.ADMIN, PASSWORD));
        admin = signIn(tenant, "boss@staff.example");
    }

    Cookie signIn(TenantView t, String email) throws Exception {
        return new ConsoleSignIns(mvc, operators).adminSignIn(t.slug(), email, PASSWORD);
    }

    Cookie userWithRole(TenantRole role) throws Exception {
        String email = role.name().toLowerCase() + "-" + System.nanoTime() + "@staff.example";
        binder.callAs(tenant.id(), () -> users.create(email, role.name(), role, PASSWORD));
        return signIn(tenant, email);
    }

    String inviteLinkSentTo(String email) throws Exception {
        for (MimeMessage m : TestMailServer.server().getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(email))) {
                String body = (String) m.getContent();
                var link =
                        Pattern.compile("http://tokuten\\.test(/invite/\\S+)").matcher(body);
                assertThat(link.find()).as("link in mail").isTrue();
                return link.group(1);
            }
        }
        throw new AssertionError("no mail to " + email);
    }

    MimeMessage mailTo(String email) throws Exception {
        for (MimeMessage m : TestMailServer.server().getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(email))) {
                return m;
            }
        }
        throw new AssertionError("no mail to " + email);
    }

    @Test
    void theInvitationMailIsInTheInvitingAdminsLanguageOnly() throws Exception {
        String japanese = "ja-" + System.nanoTime() + "@staff.example";
        mvc.perform(post("/admin/users/invitations")
                        .with(csrf())
                        .cookie(admin)
                        .param("email", japanese)
                        .param("role", "EDITOR"))
                .andExpect(redirectedUrl("/admin/users"));
        MimeMessage ja = mailTo(japanese);
        assertThat(ja.getSubject()).contains("招待").doesNotContain("Invitation");
        assertThat((String) ja.getContent())
                .contains("編集者")
                .contains("72時間")
                .doesNotContainPattern("[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}");

        String english = "en-" + System.nanoTime() + "@staff.example";
        mvc.perform(post("/admin/users/invitations")
                        .with(csrf())
                        .cookie(admin)
                        .header("Accept-Language", "en")
                        .param("email", english)
                        .param("role", "EDITOR"))
                .andExpect(redirectedUrl("/admin/users"));
        MimeMessage en = mailTo(english);
        assertThat(en.getSubject()).contains("Invitation");
        assertThat((String) en.getContent())
                .contains("(role: Editor)")
                .contains("72 hours")
                .doesNotContainPattern("[\\p{IsHiragana}\\p{IsKatakana}]");
    }

    @Test
    void anInvitedPersonSetsAPasswordThroughTheEmailedLinkOnce() throws Exception {
        String email = "new-" + System.nanoTime() + "@staff.example";
        mvc.perform(post("/admin/users/invitations")
                        .with(csrf())
                        .cookie(admin)
                        .param("email", email)
                        .param("role", "REVIEWER"))
                .andExpect(redirectedUrl("/admin/users"));
        mvc.perform(get("/admin/users").cookie(admin)).andExpect(content().string(containsString("招待メールを送りました")));
        String path = inviteLinkSentTo(email);
        mvc.perform(get(path)).andExpect(status().isOk()).andExpect(content().string(containsString(email)));

        assertRefused(path, "Reviewer", "too short", "too short", "15文字以上");
        assertRefused(path, "Reviewer", "password1234567", "password1234567", "よく使われる");
        assertRefused(path, "Reviewer", PASSWORD, PASSWORD + "x", "パスワードが一致しません");
        assertRefused(path, "  ", PASSWORD, PASSWORD, "氏名は1〜100文字で入力してください");

        mvc.perform(post(path)
                        .with(csrf())
                        .param("displayName", "審査 花子")
                        .param("password", PASSWORD)
                        .param("passwordAgain", PASSWORD))
                .andExpect(redirectedUrl("/admin/login?welcome&tenant=" + tenant.slug()));
        mvc.perform(get(path)).andExpect(status().isNotFound());
        mvc.perform(post(path)
                        .with(csrf())
                        .param("displayName", "again")
                        .param("password", PASSWORD)
                        .param("passwordAgain", PASSWORD))
                .andExpect(status().isNotFound());
        Cookie reviewer = signIn(tenant, email);
        mvc.perform(get("/admin").cookie(reviewer))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("審査 花子")));
    }

    void assertRefused(String path, String name, String password, String again, String message) throws Exception {
        mvc.perform(post(path)
                        .with(csrf())
                        .param("displayName", name)
                        .param("password", password)
                        .param("passwordAgain", again))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(message)));
        Integer count = binder.callAs(
                tenant.id(),
                () -> tx.execute(
                        s -> jdbc.queryForObject("select count(*) from identity.tenant_users", Integer.class)));
        assertThat(count).as("no user created").isEqualTo(1);
    }

    @Test
    void anExpiredOrForgedInvitationLinkIsNotFound() throws Exception {
        String email = "late-" + System.nanoTime() + "@staff.example";
        mvc.perform(post("/admin/users/invitations")
                .with(csrf())
                .cookie(admin)
                .param("email", email)
                .param("role", "VIEWER"));
        String path = inviteLinkSentTo(email);
        binder.runAs(
                tenant.id(),
                () -> tx.executeWithoutResult(s -> jdbc.update(
                        "update identity.tenant_user_invites set expires_at = ? where email = ?",
                        java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(1))),
                        email)));
        mvc.perform(get(path)).andExpect(status().isNotFound());
        mvc.perform(get(path.substring(0, path.length() - 3) + "AAA")).andExpect(status().isNotFound());
        mvc.perform(get("/invite/not-a-token")).andExpect(status().isNotFound());
    }

    @Test
    void badInvitationsAreRefusedWithAMessage() throws Exception {
        mvc.perform(post("/admin/users/invitations")
                        .with(csrf())
                        .cookie(admin)
                        .param("email", "nope")
                        .param("role", "VIEWER"))
                .andExpect(content().string(containsString("メールアドレスが正しくありません")));
        mvc.perform(post("/admin/users/invitations")
                        .with(csrf())
                        .cookie(admin)
                        .param("email", "x@staff.example")
                        .param("role", "OWNER"))
                .andExpect(content().string(containsString("ロールを一覧から選んでください")));
        mvc.perform(post("/admin/users/invitations")
                        .with(csrf())
                        .cookie(admin)
                        .param("email", "BOSS@staff.example")
                        .param("role", "VIEWER"))
                .andExpect(content().string(containsString("このメールアドレスのユーザーはすでに登録されています")));
    }

    @Test
    void aRoleChangeAppliesAtTheNextRequestAndADisabledUserIsSignedOut() throws Exception {
        String email = "second-" + System.nanoTime() + "@staff.example";
        UUID second = binder.callAs(tenant.id(), () -> users.create(email, "Second", TenantRole.ADMIN, PASSWORD));
        Cookie secondSession = signIn(tenant, email);
        mvc.perform(get("/admin/users").cookie(secondSession)).andExpect(status().isOk());

        mvc.perform(post("/admin/users/" + second + "/role")
                        .with(csrf())
                        .cookie(admin)
                        .param("role", "VIEWER"))
                .andExpect(redirectedUrl("/admin/users"));
        mvc.perform(get("/admin/users").cookie(secondSession)).andExpect(status().isForbidden());
        mvc.perform(get("/admin").cookie(secondSession)).andExpect(status().isOk());

        mvc.perform(post("/admin/users/" + second + "/disable").with(csrf()).cookie(admin))
                .andExpect(redirectedUrl("/admin/users"));
        mvc.perform(get("/admin").cookie(secondSession)).andExpect(redirectedUrl("/admin/login?expired"));
        mvc.perform(post("/admin/login")
                        .with(csrf())
                        .param("tenant", tenant.slug())
                        .param("email", email)
                        .param("password", PASSWORD))
                .andExpect(redirectedUrl("/admin/login?error"));
        mvc.perform(post("/admin/users/" + second + "/enable").with(csrf()).cookie(admin))
                .andExpect(redirectedUrl("/admin/users"));
        signIn(tenant, email);
    }

    @Test
    void theLastAdminCannotBeDemotedOrDisabled() throws Exception {
        mvc.perform(post("/admin/users/" + adminId + "/role")
                        .with(csrf())
                        .cookie(admin)
                        .param("role", "EDITOR"))
                .andExpect(content().string(containsString("管理者が1人以上必要です")));
        mvc.perform(post("/admin/users/" + adminId + "/disable").with(csrf()).cookie(admin))
                .andExpect(content().string(containsString("自分自身を無効にすることはできません")));
        assertThat(binder.callAs(tenant.id(), () -> users.activeRole(adminId))).hasValue(TenantRole.ADMIN);
    }

    @Test
    void anotherTenantsAdminCannotTouchThisTenantsUsers() throws Exception {
        var other = TenantFixtures.aTenant(tenants, "rival");
        binder.callAs(other.id(), () -> users.create("boss@rival.example", "Rival", TenantRole.ADMIN, PASSWORD));
        Cookie rival = signIn(other, "boss@rival.example");
        mvc.perform(post("/admin/users/" + adminId + "/role")
                        .with(csrf())
                        .cookie(rival)
                        .param("role", "VIEWER"))
                .andExpect(content().string(containsString("該当するユーザーがいません")));
        mvc.perform(post("/admin/users/" + adminId + "/disable").with(csrf()).cookie(rival))
                .andExpect(content().string(containsString("該当するユーザーがいません")));
        mvc.perform(get("/admin/users").cookie(rival))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("boss@staff.example"))));
        assertThat(binder.callAs(tenant.id(), () -> users.activeRole(adminId))).hasValue(TenantRole.ADMIN);
    }
}
