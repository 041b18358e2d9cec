package jp.tokuten.rewards.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.rewards.GiftCodePools;
import jp.tokuten.rewards.PointsRule;
import jp.tokuten.rewards.RewardSettings;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** Gift-code pools and points settings in the admin console, through MockMvc on the real database. */
@TokutenTest
class AdminRewardsConsoleTests {

    static final String PASSWORD = "rewards console pass phrase";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    @Autowired
    GiftCodePools pools;

    @Autowired
    RewardSettings settings;

    @Autowired
    Campaigns campaigns;

    @Autowired
    DataSource dataSource;

    @Autowired
    TransactionTemplate tx;

    TenantView shop;
    Cookie editor;

    @BeforeEach
    void aTenantWithAnEditor() throws Exception {
        shop = TenantFixtures.aTenant(tenants, "console-rewards");
        editor = signedIn(shop, TenantRole.EDITOR);
    }

    Cookie signedIn(TenantView t, TenantRole role) throws Exception {
        String email = role.name().toLowerCase() + "-" + System.nanoTime() + "@rewards.example";
        binder.callAs(t.id(), () -> users.create(email, role.name(), role, PASSWORD));
        return ConsoleSignIns.forTenantUsers(mvc).adminSignIn(t.slug(), email, PASSWORD);
    }

    @Test
    void anEditorCreatesAPoolUploadsCodesAndSeesTheCountsButNeverTheCodes() throws Exception {
        String location = mvc.perform(post("/admin/rewards/gift-code-pools")
                        .with(csrf())
                        .cookie(editor)
                        .param("name", "QUOカードPay 500円")
                        .param("campaignId", "")
                        .param("lowThreshold", "3"))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        UUID pool = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        mvc.perform(multipart("/admin/rewards/gift-code-pools/" + pool + "/codes")
                        .file(new MockMultipartFile(
                                "file",
                                "codes.csv",
                                "text/csv",
                                "QUO-1\nQUO-2\nQUO-1\n\n".getBytes(StandardCharsets.UTF_8)))
                        .with(csrf())
                        .cookie(editor))
                .andExpect(status().is3xxRedirection());
        var after = binder.callAs(shop.id(), () -> pools.get(pool));
        assertThat(after.remaining()).isEqualTo(2);
        assertThat(after.low()).isTrue();

        String page = mvc.perform(get("/admin/rewards/gift-code-pools/" + pool).cookie(editor))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("QUOカードPay 500円").contains("data-low").doesNotContain("QUO-1");
        String list = mvc.perform(get("/admin/rewards/gift-code-pools").cookie(editor))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(list).contains("data-pool").contains(pool.toString());
        String details = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> new JdbcTemplate(dataSource)
                        .queryForObject(
                                "select details::text from audit.entries where kind = 'meaning' and action = ?",
                                String.class,
                                "gift_codes.uploaded")));
        assertThat(details)
                .contains("\"added\": 2")
                .contains("\"duplicates\": 1")
                .doesNotContain("QUO-");
    }

    @Test
    void aBadUploadOrThresholdIsAFormMessageAndChangesNothing() throws Exception {
        UUID pool = binder.callAs(shop.id(), () -> pools.create("ギフト", null, 0).id());

        mvc.perform(multipart("/admin/rewards/gift-code-pools/" + pool + "/codes")
                        .file(new MockMultipartFile("file", "codes.csv", "text/csv", new byte[0]))
                        .with(csrf())
                        .cookie(editor))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/admin/rewards/gift-code-pools/" + pool + "/threshold")
                        .with(csrf())
                        .cookie(editor)
                        .param("lowThreshold", "many"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/admin/rewards/gift-code-pools")
                        .with(csrf())
                        .cookie(editor)
                        .param("name", "")
                        .param("lowThreshold", "0"))
                .andExpect(status().isBadRequest());
        assertThat(binder.callAs(shop.id(), () -> pools.get(pool).lowThreshold()))
                .isZero();
        assertThat(binder.callAs(shop.id(), () -> pools.list())).hasSize(1);
    }

    @Test
    void anEditorSetsACampaignsPointsRuleAndAViewerMayNot() throws Exception {
        UUID campaign = binder.callAs(
                shop.id(),
                () -> campaigns.create(CampaignFixtures.aDraft(LocalDate.now())).id());

        mvc.perform(post("/admin/rewards/settings/" + campaign)
                        .with(csrf())
                        .cookie(editor)
                        .param("pointsRule", "per_receipt")
                        .param("pointsPer", "10")
                        .param("yenUnit", "100")
                        .param("addressDays", "7"))
                .andExpect(status().is3xxRedirection());
        assertThat(binder.callAs(shop.id(), () -> settings.of(campaign)))
                .isEqualTo(
                        new RewardSettings.Settings(campaign, 7, new PointsRule(PointsRule.Kind.PER_RECEIPT, 10, 100)));
        mvc.perform(post("/admin/rewards/settings/" + campaign)
                        .with(csrf())
                        .cookie(editor)
                        .param("pointsRule", "per_day")
                        .param("addressDays", "7"))
                .andExpect(status().isBadRequest());

        Cookie viewer = signedIn(shop, TenantRole.VIEWER);
        mvc.perform(get("/admin/rewards/settings").cookie(viewer)).andExpect(status().isOk());
        mvc.perform(post("/admin/rewards/settings/" + campaign)
                        .with(csrf())
                        .cookie(viewer)
                        .param("pointsRule", "none")
                        .param("addressDays", "7"))
                .andExpect(status().isForbidden());
        assertThat(binder.callAs(shop.id(), () -> settings.of(campaign).addressDays()))
                .isEqualTo(7);
    }

    @Test
    void anotherTenantsPoolAndCampaignAreNotFound() throws Exception {
        UUID pool = binder.callAs(shop.id(), () -> pools.create("ギフト", null, 0).id());
        UUID campaign = binder.callAs(
                shop.id(),
                () -> campaigns.create(CampaignFixtures.aDraft(LocalDate.now())).id());
        var rival = TenantFixtures.aTenant(tenants, "console-rewards-rival");
        Cookie rivalEditor = signedIn(rival, TenantRole.EDITOR);

        mvc.perform(get("/admin/rewards/gift-code-pools/" + pool).cookie(rivalEditor))
                .andExpect(status().isNotFound());
        mvc.perform(multipart("/admin/rewards/gift-code-pools/" + pool + "/codes")
                        .file(new MockMultipartFile(
                                "file", "c.csv", "text/csv", "X\n".getBytes(StandardCharsets.UTF_8)))
                        .with(csrf())
                        .cookie(rivalEditor))
                .andExpect(status().isNotFound());
        mvc.perform(post("/admin/rewards/settings/" + campaign)
                        .with(csrf())
                        .cookie(rivalEditor)
                        .param("pointsRule", "none")
                        .param("addressDays", "3"))
                .andExpect(status().isNotFound());
        assertThat(binder.callAs(shop.id(), () -> pools.get(pool).remaining())).isZero();
        assertThat(List.of(binder.callAs(shop.id(), () -> settings.of(campaign).addressDays())))
                .containsExactly(14);
    }
}
