package jp.tokuten.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.rewards.PremiumSettings;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The courses page warns (never blocks) when prizes exceed the limits of the Premiums and Representations
 * Act, measured against the course's receipt amount or the campaign's stated transaction value and expected
 * sales (rewards' PremiumLimits and PremiumSettings).
 */
@TokutenTest
class CoursePremiumWarningsTests {

    static final String PASSWORD = "premium warnings password 42";

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantUsers users;

    @Autowired
    TenantBinder binder;

    @Autowired
    Campaigns campaigns;

    @Autowired
    PremiumSettings premiums;

    @Autowired
    Courses courses;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Test
    void theCoursesPageWarnsOfPrizesOverTheLegalLimitsAndSavesThemAnyway() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "premium-courses");
        UUID campaign = binder.callAs(
                shop.id(),
                () -> campaigns
                        .create(CampaignFixtures.aDraft(LocalDate.now(ZoneId.of("Asia/Tokyo"))))
                        .id());
        String email = "editor-" + System.nanoTime() + "@premiums.example";
        binder.callAs(shop.id(), () -> users.create(email, "EDITOR", TenantRole.EDITOR, PASSWORD));
        Cookie editor = ConsoleSignIns.forTenantUsers(mvc).adminSignIn(shop.slug(), email, PASSWORD);

        mvc.perform(post("/admin/campaigns/" + campaign + "/courses")
                        .cookie(editor)
                        .with(csrf())
                        .param("name", "A賞")
                        .param("mechanic", "closed_draw")
                        .param("chancesPer", "entry")
                        .param("maxWinsPerEntrant", "1")
                        .param("pointsNeeded", "")
                        .param("winChancePercent", "")
                        .param("prizeName", "旅行券", "", "")
                        .param("prizeStock", "10", "", "")
                        .param("prizeValue", "30000", "", "")
                        .param("prizeKind", "physical", "physical", "physical")
                        .param("prizeReference", "", "", ""))
                .andExpect(status().is3xxRedirection());

        // nothing stated yet: the page says what it cannot check
        assertThat(page(campaign, editor))
                .contains("景品表示法の上限に関する注意")
                .contains("「A賞」の取引価額が未設定のため")
                .contains("/admin/rewards/campaigns/" + campaign + "/premiums");

        binder.callAs(shop.id(), () -> premiums.update(campaign, 1_000L, 10_000_000L));

        assertThat(page(campaign, editor))
                .contains("「A賞」の景品「旅行券」（30,000円）は、景品表示法の上限（取引価額1,000円に対し20,000円）を超えています。")
                .contains("懸賞の景品総額（300,000円）が、景品表示法の上限（売上予定総額10,000,000円の2%、200,000円）を超えています。");

        binder.callAs(shop.id(), () -> premiums.update(campaign, 5_000L, 100_000_000L));
        assertThat(page(campaign, editor)).doesNotContain("data-premium-warnings");
    }

    @Test
    void theCourseCreationAnswerCarriesTheWarningsInTheCallersLanguage() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "premium-api");
        UUID campaign = binder.callAs(
                shop.id(),
                () -> campaigns
                        .create(CampaignFixtures.aDraft(LocalDate.now(ZoneId.of("Asia/Tokyo"))))
                        .id());
        binder.callAs(shop.id(), () -> premiums.update(campaign, 500L, 1_000_000L));
        String key = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);

        mvc.perform(post("/api/v1/campaigns/" + campaign + "/courses")
                        .header("Authorization", key)
                        .header("Accept-Language", "en")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "A", "mechanic": "instant_win", "chancesPer": "entry", "maxWinsPerEntrant": 1,
                                 "prizes": [{"name": "Bicycle", "stock": 1, "valueYen": 10001, "kind": "physical"}]}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("A"))
                .andExpect(jsonPath("$.warnings.length()").value(1))
                .andExpect(jsonPath("$.warnings[0].code").value("prize_over_limit"))
                .andExpect(jsonPath("$.warnings[0].prize").value("Bicycle"))
                .andExpect(jsonPath("$.warnings[0].message")
                        .value(org.hamcrest.Matchers.containsString("¥10,000 for a transaction of ¥500")));
        mvc.perform(get("/api/v1/courses/"
                                + binder.callAs(
                                        shop.id(),
                                        () -> courses.list(campaign).getFirst().id()))
                        .header("Authorization", key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.warnings").doesNotExist());
    }

    String page(UUID campaign, Cookie who) throws Exception {
        return mvc.perform(get("/admin/campaigns/" + campaign + "/courses").cookie(who))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
