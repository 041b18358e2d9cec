package jp.tokuten.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.ConsoleSignIns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.identity.TenantUsers;
import jp.tokuten.receipts.EntryRows;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Courses and prizes in the console: an editor adds and changes a course through the form (audited), a wrong
 * number is refused at its field, a viewer sees the stock dashboard with its server-drawn chart (stock left
 * against the schedule) and no edit links, another tenant's campaign is not found.
 */
@TokutenTest
class AdminCourseConsoleTests {

    static final String PASSWORD = "course console password 42";
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

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
    Courses courses;

    @Autowired
    InstantWins instantWins;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    TenantView shop;
    UUID campaign;
    Cookie editor;

    @BeforeEach
    void aTenantWithACampaignAndAnEditor() throws Exception {
        shop = TenantFixtures.aTenant(tenants, "console-courses");
        campaign = binder.callAs(
                shop.id(),
                () -> campaigns.create(CampaignFixtures.aDraft(TODAY)).id());
        editor = signedIn(shop, TenantRole.EDITOR);
    }

    Cookie signedIn(TenantView t, TenantRole role) throws Exception {
        String email = role.name().toLowerCase() + "-" + System.nanoTime() + "@courses.example";
        binder.callAs(t.id(), () -> users.create(email, role.name(), role, PASSWORD));
        return ConsoleSignIns.forTenantUsers(mvc).adminSignIn(t.slug(), email, PASSWORD);
    }

    String page(String path, Cookie who) throws Exception {
        return mvc.perform(get(path).cookie(who))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void anEditorAddsAndChangesACourseAndAViewerSeesTheStockDashboard() throws Exception {
        assertThat(page("/admin/campaigns/" + campaign, editor)).contains("/admin/campaigns/" + campaign + "/courses");
        assertThat(page("/admin/campaigns/" + campaign + "/courses/new", editor))
                .contains("name=\"prizeName\"");
        mvc.perform(post("/admin/campaigns/" + campaign + "/courses")
                        .cookie(editor)
                        .with(csrf())
                        .param("name", "A賞")
                        .param("mechanic", "instant_win")
                        .param("chancesPer", "entry")
                        .param("maxWinsPerEntrant", "1")
                        .param("pointsNeeded", "")
                        .param("winChancePercent", "100")
                        .param("prizeName", "QUOカード500円分", "", "")
                        .param("prizeStock", "1,000", "", "")
                        .param("prizeValue", "500", "", "")
                        .param("prizeKind", "physical", "physical", "physical")
                        .param("prizeReference", "", "", ""))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/admin/campaigns/" + campaign + "/courses"));
        CourseView course =
                binder.callAs(shop.id(), () -> courses.list(campaign).getFirst());
        assertThat(course.name()).isEqualTo("A賞");
        assertThat(course.stock()).isEqualTo(1000);
        assertThat(course.winChance()).isEqualTo(1.0);
        Long created = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> jdbc.queryForObject(
                        "select count(*) from audit.entries where kind = 'meaning' and action = 'lottery.course_created'",
                        Long.class)));
        assertThat(created).isEqualTo(1L);

        // a win, so the dashboard has a day with stock taken
        binder.callAs(
                shop.id(),
                () -> tx.execute(s -> {
                    var rows = new EntryRows(jdbc);
                    UUID entry = rows.entry(
                            campaign,
                            rows.entrant("won@example.jp"),
                            null,
                            "approved",
                            List.of(),
                            Instant.now(),
                            List.of());
                    return entry;
                }));
        UUID entry = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> jdbc.queryForObject(
                        "select id from receipts.entries where campaign_id = ?", UUID.class, campaign)));
        binder.callAs(shop.id(), () -> instantWins.play(entry, course.id()));

        // a wrong number is refused at its field, and what was typed stays
        String refused = mvc.perform(post("/admin/courses/" + course.id())
                        .cookie(editor)
                        .with(csrf())
                        .param("name", "A賞")
                        .param("mechanic", "instant_win")
                        .param("chancesPer", "entry")
                        .param("maxWinsPerEntrant", "1")
                        .param("winChancePercent", "")
                        .param("prizeName", "QUOカード500円分")
                        .param("prizeStock", "たくさん")
                        .param("prizeValue", "500")
                        .param("prizeKind", "physical")
                        .param("prizeReference", ""))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(refused).contains("data-field=\"prizes[0].stock\"").contains("たくさん");

        mvc.perform(post("/admin/courses/" + course.id())
                        .cookie(editor)
                        .with(csrf())
                        .param("name", "A賞")
                        .param("mechanic", "instant_win")
                        .param("chancesPer", "entry")
                        .param("maxWinsPerEntrant", "1")
                        .param("winChancePercent", "")
                        .param("prizeName", "QUOカード500円分")
                        .param("prizeStock", "300")
                        .param("prizeValue", "500")
                        .param("prizeKind", "physical")
                        .param("prizeReference", ""))
                .andExpect(status().is3xxRedirection());
        CourseView changed = binder.callAs(shop.id(), () -> courses.require(course.id()));
        assertThat(changed.stock()).isEqualTo(300);
        assertThat(changed.remaining()).isEqualTo(299);
        assertThat(changed.winChance()).isNull();

        Cookie viewer = signedIn(shop, TenantRole.VIEWER);
        String dashboard = page("/admin/campaigns/" + campaign + "/courses", viewer);
        assertThat(dashboard)
                .contains("A賞")
                .contains("<svg class=\"chart columns series-stock\"")
                .contains("<polyline")
                .contains("299 / 300")
                .doesNotContain("/admin/courses/" + course.id());
        mvc.perform(get("/admin/courses/" + course.id()).cookie(viewer)).andExpect(status().isForbidden());
    }

    @Test
    void anotherTenantsCampaignIsNotFound() throws Exception {
        TenantView other = TenantFixtures.aTenant(tenants, "console-courses-other");
        Cookie stranger = signedIn(other, TenantRole.EDITOR);
        mvc.perform(get("/admin/campaigns/" + campaign + "/courses").cookie(stranger))
                .andExpect(status().isNotFound());
        mvc.perform(post("/admin/campaigns/" + campaign + "/courses")
                        .cookie(stranger)
                        .with(csrf())
                        .param("name", "A賞")
                        .param("mechanic", "instant_win")
                        .param("chancesPer", "entry")
                        .param("maxWinsPerEntrant", "1")
                        .param("prizeName", "x")
                        .param("prizeStock", "1")
                        .param("prizeValue", "1")
                        .param("prizeKind", "physical")
                        .param("prizeReference", ""))
                .andExpect(status().isNotFound());
        assertThat(binder.callAs(shop.id(), () -> courses.list(campaign))).isEmpty();
    }
}
