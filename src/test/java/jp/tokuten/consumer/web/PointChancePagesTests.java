package jp.tokuten.consumer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.EntrantSessions;
import jp.tokuten.identity.Entrants;
import jp.tokuten.lottery.ChancesPer;
import jp.tokuten.lottery.CourseDraft;
import jp.tokuten.lottery.Courses;
import jp.tokuten.lottery.Mechanic;
import jp.tokuten.lottery.PointChances;
import jp.tokuten.lottery.PrizeDraft;
import jp.tokuten.rewards.Points;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A signed-in entrant spends points on a campaign's closed-draw course from the campaign's page (decision
 * 119): the page shows the course, the price and the balance; each spend is one chance; a balance too small
 * is said so and nothing is taken; a visitor who is not signed in is sent to sign in; another campaign's
 * course is the 404 page.
 */
@TokutenTest
class PointChancePagesTests {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Courses courses;

    @Autowired
    Entrants entrants;

    @Autowired
    EntrantSessions sessions;

    @Autowired
    Points points;

    @Autowired
    PointChances chances;

    @Autowired
    DataSource dataSource;

    TenantView shop;
    UUID campaign;
    UUID course;
    UUID entrant;
    Cookie session;

    @BeforeEach
    void anOpenCampaignWithAPointsCourse() {
        shop = TenantFixtures.aTenant(tenants, "point-pages");
        campaign = binder.callAs(
                shop.id(),
                () -> campaigns
                        .open(campaigns.create(CampaignFixtures.aDraft(TODAY)).id())
                        .id());
        course = binder.callAs(
                shop.id(),
                () -> courses.create(
                                campaign,
                                new CourseDraft(
                                        "ポイント賞",
                                        Mechanic.CLOSED_DRAW,
                                        java.util.List.of(PrizeDraft.physical("オリジナルタオル", 10, 1500)),
                                        100,
                                        null,
                                        ChancesPer.ENTRY,
                                        3,
                                        null))
                        .id());
        entrant = binder.callAs(
                shop.id(),
                () -> entrants.findOrCreateByEmail("pointer@example.jp").id());
        binder.runAs(shop.id(), () -> points.earn(entrant, campaign, 250, "test", null));
        session = new Cookie(EntrantCookies.SESSION, binder.callAs(shop.id(), () -> sessions.open(entrant)));
    }

    String page(Cookie... cookies) throws Exception {
        var request = get("/c/" + shop.slug() + "/campaigns/" + campaign);
        if (cookies.length > 0) {
            request.cookie(cookies);
        }
        return mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void aSignedInEntrantSpendsPointsForChancesUntilTheBalanceIsTooSmall() throws Exception {
        assertThat(page(session))
                .contains("data-point-courses")
                .contains("ポイント賞（1口 100pt）")
                .contains("現在のポイント：250pt")
                .contains("data-take-chance");
        String path = "/c/" + shop.slug() + "/campaigns/" + campaign + "/courses/" + course + "/point-chance";
        String back = "/c/" + shop.slug() + "/campaigns/" + campaign;
        mvc.perform(post(path).cookie(session).with(csrf()))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl(back))
                .andExpect(flash().attribute("pointNotice", "draws.points.taken"));
        mvc.perform(post(path).cookie(session).with(csrf())).andExpect(redirectedUrl(back));
        mvc.perform(post(path).cookie(session).with(csrf()))
                .andExpect(redirectedUrl(back))
                .andExpect(flash().attribute("pointProblem", "problem.insufficient_points"));
        assertThat(binder.callAs(shop.id(), () -> points.balance(entrant, campaign)))
                .isEqualTo(50);
        assertThat(binder.callAs(shop.id(), () -> chances.countOf(course, entrant)))
                .isEqualTo(2);
        assertThat(page(session)).contains("応募済み：2口").contains("現在のポイント：50pt");
    }

    @Test
    void aSignedInEntrantExchangesPointsForAnEveryoneGetsPrizeOnce() throws Exception {
        UUID exchange = binder.callAs(
                shop.id(),
                () -> courses.create(
                                campaign,
                                new CourseDraft(
                                        "交換賞",
                                        Mechanic.EVERYONE,
                                        java.util.List.of(PrizeDraft.physical("オリジナルエコバッグ", 5, 300)),
                                        120,
                                        null,
                                        ChancesPer.ENTRANT,
                                        1,
                                        null))
                        .id());
        assertThat(page(session)).contains("data-exchange-courses").contains("交換賞（120ptで交換）");
        String path = "/c/" + shop.slug() + "/campaigns/" + campaign + "/courses/" + exchange + "/exchange";
        String back = "/c/" + shop.slug() + "/campaigns/" + campaign;
        mvc.perform(post(path).cookie(session).with(csrf()))
                .andExpect(redirectedUrl(back))
                .andExpect(flash().attribute("pointNotice", "draws.exchange.done"));
        mvc.perform(post(path).cookie(session).with(csrf()))
                .andExpect(redirectedUrl(back))
                .andExpect(flash().attribute("pointProblem", "problem.max_wins_reached"));
        assertThat(binder.callAs(shop.id(), () -> points.balance(entrant, campaign)))
                .isEqualTo(130);
        mvc.perform(post(path).with(csrf())).andExpect(redirectedUrl("/c/" + shop.slug() + "/signin"));
        mvc.perform(post("/c/" + shop.slug() + "/campaigns/" + campaign + "/courses/" + course + "/exchange")
                        .cookie(session)
                        .with(csrf()))
                .andExpect(redirectedUrl(back))
                .andExpect(flash().attribute("pointProblem", "problem.not_everyone"));
    }

    @Test
    void aVisitorIsSentToSignInAndAnotherCampaignsCourseIsNotFound() throws Exception {
        assertThat(page()).contains("data-point-courses").doesNotContain("data-take-chance");
        String path = "/c/" + shop.slug() + "/campaigns/" + campaign + "/courses/" + course + "/point-chance";
        mvc.perform(post(path).with(csrf())).andExpect(redirectedUrl("/c/" + shop.slug() + "/signin"));

        UUID other = binder.callAs(
                shop.id(),
                () -> campaigns
                        .open(campaigns.create(CampaignFixtures.aDraft(TODAY)).id())
                        .id());
        mvc.perform(post("/c/" + shop.slug() + "/campaigns/" + other + "/courses/" + course + "/point-chance")
                        .cookie(session)
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/c/" + shop.slug() + "/campaigns/" + campaign + "/courses/nonsense/point-chance")
                        .cookie(session)
                        .with(csrf()))
                .andExpect(status().isNotFound());
        var elsewhere = TenantFixtures.aTenant(tenants, "point-pages-other");
        mvc.perform(post("/c/" + elsewhere.slug() + "/campaigns/" + campaign + "/courses/" + course + "/point-chance")
                        .cookie(session)
                        .with(csrf()))
                .andExpect(status().isNotFound());
        assertThat(binder.callAs(shop.id(), () -> points.balance(entrant, campaign)))
                .isEqualTo(250);
    }
}
