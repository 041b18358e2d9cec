package jp.tokuten.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.Cookie;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TestMailServer;
import jp.tokuten.TokutenTest;
import jp.tokuten.platform.OwnerAccess;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantStatus;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Onboarding a tenant: the provisioning API and the operator console create it and invite its first admin
 * at once; one tenant's detail (plan, status, users, storage); suspending and reactivating it.
 */
@TokutenTest
class TenantOnboardingTests {

    static final String OPERATOR = "Bearer " + TokutenTest.OPERATOR_TOKEN;
    static final String PASSWORD = "onboarding admin pass phrase";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    OperatorAccounts operators;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    @Autowired
    ApplicationContext context;

    Cookie operator;

    @BeforeEach
    void aSignedInOperator() throws Exception {
        operator = new ConsoleSignIns(mvc, operators).newOperator("onboarding").session();
    }

    ResultActions createTenant(String json) throws Exception {
        return mvc.perform(post("/api/v1/operator/tenants")
                .header("Authorization", OPERATOR)
                .contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    @Test
    void theApiInvitesTheFirstAdminAtOnceAndTheLocationResolves() throws Exception {
        String slug = TenantFixtures.uniqueSlug("onboard");
        String email = "first-admin@" + slug + ".example";
        var response = createTenant("{\"slug\":\"" + slug + "\",\"name\":\"オンボード商事\",\"adminEmail\":\"" + email + "\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.adminInvite.email").value(email))
                .andExpect(jsonPath("$.adminInvite.expiresAt").isNotEmpty())
                .andExpect(jsonPath("$.adminInvite.mail").value("sent"))
                .andExpect(jsonPath("$.adminInvite.url").doesNotExist()) // a mail server is configured
                .andExpect(jsonPath("$.status").value("active"))
                .andReturn()
                .getResponse();
        String location = response.getHeader("Location");
        String id = JsonPath.read(response.getContentAsString(), "$.id");

        mvc.perform(get(location).header("Authorization", OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.slug").value(slug))
                .andExpect(jsonPath("$.plan").value("standard"))
                .andExpect(jsonPath("$.status").value("active"))
                .andExpect(jsonPath("$.usersCount").value(0))
                .andExpect(jsonPath("$.storageUsedBytes").value(0));

        String link = invitationLinkSentTo(email);
        assertThat(link).as("links in mail use the configured base URL").startsWith("http://tokuten.test/invite/");
        acceptInvitation(link);
        mvc.perform(get(location).header("Authorization", OPERATOR))
                .andExpect(jsonPath("$.usersCount").value(1));
        ConsoleSignIns.forTenantUsers(mvc).adminSignIn(slug, email, PASSWORD);
        assertThat(platformMeaningEntries("tenant.created", id)).isEqualTo(1);
    }

    @Test
    void invitationLinksNeverFollowTheRequestsHostHeader() throws Exception {
        String slug = TenantFixtures.uniqueSlug("host");
        String email = "first@" + slug + ".example";
        mvc.perform(post("/api/v1/operator/tenants")
                        .header("Authorization", OPERATOR)
                        .header("Host", "evil.example")
                        .header("X-Forwarded-Host", "evil.example")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"" + slug + "\",\"name\":\"n\",\"adminEmail\":\"" + email + "\"}"))
                .andExpect(status().isCreated());
        assertThat(invitationLinkSentTo(email)).startsWith("http://tokuten.test/invite/");
    }

    @Test
    void withoutAnAdminEmailTheTenantIsCreatedWithoutAnInvitation() throws Exception {
        createTenant("{\"slug\":\"" + TenantFixtures.uniqueSlug("noadmin") + "\",\"name\":\"n\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.adminInvite").doesNotExist());
    }

    @Test
    void aNulInTheAdminEmailIsRefusedAndCreatesNothing() throws Exception {
        String slug = TenantFixtures.uniqueSlug("nulmail");
        createTenant("{\"slug\":\"" + slug + "\",\"name\":\"n\",\"adminEmail\":\"x\\u0000@example.com\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("control_characters"));
        assertThat(tenants.findBySlug(slug)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-an-address", "a@b"})
    void aBadAdminEmailCreatesNothing(String email) throws Exception {
        String slug = TenantFixtures.uniqueSlug("badmail");
        createTenant("{\"slug\":\"" + slug + "\",\"name\":\"n\",\"adminEmail\":\"" + email.replace("\u0000", "\\u0000")
                        + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_admin_email"))
                .andExpect(jsonPath("$.field").value("adminEmail"));
        assertThat(tenants.findBySlug(slug)).isEmpty();
    }

    @Test
    void badTenantsAndTakenSlugsHaveCodesAndDetailsInTheCallersLanguage() throws Exception {
        createTenant("{\"slug\":\"Bad Slug\",\"name\":\"n\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_tenant"))
                .andExpect(jsonPath("$.field").value("slug"))
                .andExpect(jsonPath("$.detail").value(containsString("スラッグ")));
        mvc.perform(post("/api/v1/operator/tenants")
                        .header("Authorization", OPERATOR)
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\":\"ok-slug\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_tenant"))
                .andExpect(jsonPath("$.field").value("name"))
                .andExpect(jsonPath("$.detail").value(startsWith("The tenant is not valid")));
        String slug = TenantFixtures.uniqueSlug("taken");
        createTenant("{\"slug\":\"" + slug + "\",\"name\":\"n\"}").andExpect(status().isCreated());
        createTenant("{\"slug\":\"" + slug + "\",\"name\":\"n\",\"adminEmail\":\"a@taken.example\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("slug_taken"))
                .andExpect(jsonPath("$.detail").value(containsString(slug)));
    }

    @Test
    void anUnknownTenantIsNotFoundAndTenantKeysCannotReadTenants() throws Exception {
        for (String id : new String[] {UUID.randomUUID().toString(), "nope", "x".repeat(200)}) {
            mvc.perform(get("/api/v1/operator/tenants/" + id).header("Authorization", OPERATOR))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.code").value("tenant_not_found"));
        }
        String body = createTenant("{\"slug\":\"" + TenantFixtures.uniqueSlug("keyed") + "\",\"name\":\"n\"}")
                .andReturn()
                .getResponse()
                .getContentAsString();
        String tenantKey = JsonPath.read(body, "$.apiKey");
        String id = JsonPath.read(body, "$.id");
        mvc.perform(get("/api/v1/operator/tenants/" + id).header("Authorization", "Bearer " + tenantKey))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/operator/tenants/" + id)).andExpect(status().isUnauthorized());
    }

    @Test
    void theConsoleCreatesATenantAndInvitesItsFirstAdmin() throws Exception {
        mvc.perform(get("/operator/tenants/new").cookie(operator))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"adminEmail\"")));
        String slug = TenantFixtures.uniqueSlug("console");
        String email = "owner@" + slug + ".example";
        mvc.perform(post("/operator/tenants")
                        .with(csrf())
                        .cookie(operator)
                        .param("slug", slug)
                        .param("name", "コンソール商事")
                        .param("adminEmail", email))
                .andExpect(redirectedUrl("/operator/tenants/" + slug + "?created"));
        mvc.perform(get("/operator/tenants/" + slug).cookie(operator))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("コンソール商事")))
                .andExpect(content().string(containsString("data-users-count>0<")))
                .andExpect(content().string(containsString("data-plan>standard<")))
                .andExpect(content().string(containsString("稼働中")));
        assertThat(invitationLinkSentTo(email)).startsWith("http://tokuten.test/invite/");
    }

    @Test
    void theConsoleKeepsTheFormOnBadInput() throws Exception {
        String taken = TenantFixtures.uniqueSlug("console-taken");
        createTenant("{\"slug\":\"" + taken + "\",\"name\":\"n\"}").andExpect(status().isCreated());
        String[][] cases = {
            {"BAD SLUG", "n", "a@b.example", "スラッグは半角英小文字"},
            {TenantFixtures.uniqueSlug("c"), "", "a@b.example", "名称は1〜200文字"},
            {TenantFixtures.uniqueSlug("c"), "n", "nope", "メールアドレスを正しく"},
            {taken, "n", "a@b.example", "すでに使われています"}
        };
        for (String[] c : cases) {
            mvc.perform(post("/operator/tenants")
                            .with(csrf())
                            .cookie(operator)
                            .param("slug", c[0])
                            .param("name", c[1])
                            .param("adminEmail", c[2]))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString(c[3])))
                    .andExpect(content().string(containsString("data-form-error")));
        }
        mvc.perform(get("/operator/tenants/no-such-tenant-anywhere").cookie(operator))
                .andExpect(status().isNotFound());
    }

    @Test
    void suspendingAsksForConfirmationAndLocksTheTenantOutUntilReactivated() throws Exception {
        String slug = TenantFixtures.uniqueSlug("suspend");
        var t = tenants.create(slug, "停止テスト");
        binder.callAs(t.id(), () -> users.create("boss@" + slug + ".example", "Boss", TenantRole.ADMIN, PASSWORD));
        Cookie admin = ConsoleSignIns.forTenantUsers(mvc).adminSignIn(slug, "boss@" + slug + ".example", PASSWORD);
        mvc.perform(get("/admin").cookie(admin)).andExpect(status().isOk());

        mvc.perform(post("/operator/tenants/" + slug + "/suspend").with(csrf()).cookie(operator))
                .andExpect(redirectedUrl("/operator/tenants/" + slug + "?confirmSuspend"));
        assertThat(tenants.findById(t.id()).orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);

        mvc.perform(post("/operator/tenants/" + slug + "/suspend")
                        .with(csrf())
                        .cookie(operator)
                        .param("confirm", "yes"))
                .andExpect(redirectedUrl("/operator/tenants/" + slug + "?suspended"));
        assertThat(tenants.findById(t.id()).orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
        mvc.perform(get("/operator/tenants/" + slug).cookie(operator))
                .andExpect(content().string(containsString("停止中")));
        mvc.perform(get("/admin").cookie(admin)).andExpect(redirectedUrl("/admin/login?expired"));
        mvc.perform(post("/admin/login")
                        .with(csrf())
                        .param("tenant", slug)
                        .param("email", "boss@" + slug + ".example")
                        .param("password", PASSWORD))
                .andExpect(redirectedUrl("/admin/login?error"));
        assertThat(platformMeaningEntries("tenant.suspended", t.id().toString()))
                .isEqualTo(1);

        mvc.perform(post("/operator/tenants/" + slug + "/reactivate")
                        .with(csrf())
                        .cookie(operator))
                .andExpect(redirectedUrl("/operator/tenants/" + slug + "?reactivated"));
        assertThat(tenants.findById(t.id()).orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
        ConsoleSignIns.forTenantUsers(mvc).adminSignIn(slug, "boss@" + slug + ".example", PASSWORD);
        assertThat(platformMeaningEntries("tenant.reactivated", t.id().toString()))
                .isEqualTo(1);
    }

    @Test
    void onlyOperatorsReachTheTenantPages() throws Exception {
        String slug = TenantFixtures.uniqueSlug("guarded");
        var t = tenants.create(slug, "n");
        binder.callAs(t.id(), () -> users.create("boss@" + slug + ".example", "Boss", TenantRole.ADMIN, PASSWORD));
        Cookie admin = ConsoleSignIns.forTenantUsers(mvc).adminSignIn(slug, "boss@" + slug + ".example", PASSWORD);
        for (Cookie who : new Cookie[] {admin, null}) {
            var get = get("/operator/tenants/" + slug);
            var suspend =
                    post("/operator/tenants/" + slug + "/suspend").with(csrf()).param("confirm", "yes");
            var create = post("/operator/tenants")
                    .with(csrf())
                    .param("slug", TenantFixtures.uniqueSlug("x"))
                    .param("name", "n")
                    .param("adminEmail", "a@b.example");
            if (who != null) {
                get.cookie(who);
                suspend.cookie(who);
                create.cookie(who);
            }
            mvc.perform(get)
                    .andExpect(status().is3xxRedirection())
                    .andExpect(content().string(not(containsString(slug))));
            mvc.perform(suspend).andExpect(status().is3xxRedirection());
            mvc.perform(create).andExpect(status().is3xxRedirection());
        }
        assertThat(tenants.findById(t.id()).orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
    }

    private String invitationLinkSentTo(String email) throws Exception {
        var link = Pattern.compile("(http://\\S+/invite/\\S+)");
        for (MimeMessage m : TestMailServer.server().getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(email)) {
                var matcher = link.matcher(String.valueOf(m.getContent()));
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        }
        throw new AssertionError("no invitation mailed to " + email);
    }

    private void acceptInvitation(String link) throws Exception {
        String path = link.substring("http://tokuten.test".length());
        mvc.perform(post(path)
                        .with(csrf())
                        .param("displayName", "最初の管理者")
                        .param("password", PASSWORD)
                        .param("passwordAgain", PASSWORD))
                .andExpect(status().is3xxRedirection());
    }

    /** Platform-chain entries are not the runtime role's to read: read them as the owner. */
    private long platformMeaningEntries(String action, String tenantId) throws Exception {
        try (var owner = OwnerAccess.ownerConnection(context);
                var st = owner.prepareStatement(
                        "select count(*) from audit.entries where tenant_id is null and action = ? and details ->> 'tenant' = ?")) {
            st.setString(1, action);
            st.setString(2, tenantId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
