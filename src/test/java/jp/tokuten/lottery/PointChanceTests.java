package jp.tokuten.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.rewards.Points;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Entrants spend points on a closed-draw course for chances in its draw ({@code POST
 * /api/v1/courses/{id}/point-chances}, decision 119): the balance never goes negative, even with many spends at
 * once; the draw is over the chances bought and verifies like any other.
 */
@TokutenTest
class PointChanceTests {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Courses courses;

    @Autowired
    PointChances chances;

    @Autowired
    Points points;

    @Autowired
    Draws draws;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @TempDir
    Path dir;

    TenantView shop;
    String editor;
    DrawFixtures fixtures;
    UUID campaign;
    UUID course;

    @BeforeEach
    void aPointsCourse() {
        shop = TenantFixtures.aTenant(tenants, "point-chances");
        editor = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);
        fixtures = new DrawFixtures(dataSource, binder, tx, shop);
        campaign = fixtures.anEndedCampaign(campaigns, TODAY);
        var draft = DrawFixtures.aClosedDraw(ChancesPer.ENTRY, 1);
        course = fixtures.course(
                courses,
                campaign,
                new CourseDraft("ポイント賞", Mechanic.CLOSED_DRAW, draft.prizes(), 100, null, ChancesPer.ENTRY, 2, null));
    }

    UUID entrantWith(String email, long balance) {
        UUID entrant = fixtures.entrant(email);
        binder.runAs(shop.id(), () -> points.earn(entrant, campaign, balance, "test", null));
        return entrant;
    }

    ResultActions take(UUID onCourse, String body) throws Exception {
        return mvc.perform(post("/api/v1/courses/" + onCourse + "/point-chances")
                .header("Authorization", editor)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    @Test
    void spendsTheCoursesPointsForOneChanceAndNeverOverdraws() throws Exception {
        UUID entrant = entrantWith("points@example.jp", 250);
        take(course, "{\"entrantId\": \"" + entrant + "\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.points").value(100))
                .andExpect(jsonPath("$.balance").value(150));
        take(course, "{\"entrantId\": \"" + entrant + "\"}")
                .andExpect(jsonPath("$.balance").value(50));
        take(course, "{\"entrantId\": \"" + entrant + "\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("insufficient_points"));
        assertThat(binder.callAs(shop.id(), () -> points.balance(entrant, campaign)))
                .isEqualTo(50);
        assertThat(binder.callAs(shop.id(), () -> chances.countOf(course, entrant)))
                .isEqualTo(2);
    }

    @Test
    void manySpendsAtOnceBuyOnlyWhatTheBalancePays() throws Exception {
        UUID entrant = entrantWith("burst@example.jp", 500);
        int attempts = 40;
        var start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < attempts; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        binder.runAs(shop.id(), () -> chances.take(course, entrant));
                        return true;
                    } catch (ProblemException e) {
                        assertThat(e.code()).isEqualTo("insufficient_points");
                        return false;
                    }
                }));
            }
            start.countDown();
            int bought = 0;
            for (var r : results) {
                bought += r.get() ? 1 : 0;
            }
            assertThat(bought).isEqualTo(5);
        }
        assertThat(binder.callAs(shop.id(), () -> points.balance(entrant, campaign)))
                .isZero();
        assertThat(binder.callAs(shop.id(), () -> chances.countOf(course, entrant)))
                .isEqualTo(5);
    }

    @Test
    void theDrawOfAPointsCourseIsOverTheChancesBoughtAndVerifies() throws Exception {
        for (int i = 0; i < 4; i++) {
            UUID entrant = entrantWith("buyer" + i + "@example.jp", 300);
            for (int c = 0; c < 3; c++) {
                take(course, "{\"entrantId\": \"" + entrant + "\"}").andExpect(status().isCreated());
            }
        }
        // an approved entry is no chance in a course that needs points
        fixtures.entry(campaign, fixtures.entrant("entry@example.jp"), "approved", 1);
        var draw = binder.callAs(shop.id(), () -> draws.create(campaign, course, true));
        var run = binder.callAs(shop.id(), () -> draws.run(draw.id()));
        assertThat(run.chances()).isEqualTo(12);
        assertThat(run.winners()).hasSize(5);
        String record = mvc.perform(get("/c/" + shop.slug() + "/draws/" + draw.id() + ".json"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat((List<?>) JsonPath.read(record, "$.entries")).hasSize(12);
        Path file = dir.resolve("points-draw.json");
        Files.writeString(file, record);
        var out = new ByteArrayOutputStream();
        assertThat(DrawCommand.run(
                        new String[] {"verify", file.toString()},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(out, true, StandardCharsets.UTF_8)))
                .as(out.toString(StandardCharsets.UTF_8))
                .isZero();

        UUID late = entrantWith("late@example.jp", 100);
        take(course, "{\"entrantId\": \"" + late + "\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("already_drawn"));
        assertThat(binder.callAs(shop.id(), () -> points.balance(late, campaign)))
                .isEqualTo(100);
    }

    @Test
    void refusesBadInputAndOtherTenantsCourses() throws Exception {
        UUID entrant = entrantWith("refused@example.jp", 1000);
        take(course, "{}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.field").value("entrantId"));
        take(course, "[]").andExpect(status().isUnprocessableEntity());
        take(course, "{\"entrantId\": 5}").andExpect(status().isUnprocessableEntity());
        take(course, "{\"entrantId\": \"" + UUID.randomUUID() + "\"}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("invalid_entrant_id"));
        take(UUID.randomUUID(), "{\"entrantId\": \"" + entrant + "\"}").andExpect(status().isNotFound());
        UUID free = fixtures.course(courses, campaign, DrawFixtures.aClosedDraw(ChancesPer.ENTRY, 1));
        take(free, "{\"entrantId\": \"" + entrant + "\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("points_not_accepted"));
        fixtures.block(entrant);
        take(course, "{\"entrantId\": \"" + entrant + "\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("entrant_blocked"));

        var other = TenantFixtures.aTenant(tenants, "point-chances-other");
        String stranger = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.EDITOR);
        mvc.perform(post("/api/v1/courses/" + course + "/point-chances")
                        .header("Authorization", stranger)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"entrantId\": \"" + entrant + "\"}"))
                .andExpect(status().isNotFound());
        assertThat(binder.callAs(shop.id(), () -> points.balance(entrant, campaign)))
                .isEqualTo(1000);
    }
}
