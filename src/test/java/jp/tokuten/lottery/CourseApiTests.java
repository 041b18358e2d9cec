package jp.tokuten.lottery;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Courses and prizes through the API as issue 13 names them: {@code POST /api/v1/campaigns/{id}/courses} →
 * 201 with the contract's fields; bad bodies are 422 naming the field; another tenant's campaign is not found.
 */
@TokutenTest
class CourseApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    Tenants tenants;

    @Autowired
    Campaigns campaigns;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    TenantView shop;
    String editor;
    String viewer;
    UUID campaign;

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

    static final String COURSE = """
            {"name": "A賞", "mechanic": "instant_win",
             "prizes": [{"name": "QUOカード500円分", "stock": 100, "valueYen": 500, "kind": "physical"},
                        {"name": "ペア旅行券", "stock": 2, "valueYen": 50000, "kind": "payout"}],
             "pointsNeeded": null, "chancesPer": "entry", "maxWinsPerEntrant": 2}""";

    @BeforeEach
    void aTenantWithACampaign() {
        shop = TenantFixtures.aTenant(tenants, "api-courses");
        editor = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);
        viewer = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
        campaign = binder.callAs(
                shop.id(),
                () -> campaigns.create(CampaignFixtures.aDraft(TODAY)).id());
    }

    ResultActions call(MockHttpServletRequestBuilder request, String key, String body) throws Exception {
        return mvc.perform(request.header("Authorization", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    @Test
    void createsACourseWithItsPrizesAndStock() throws Exception {
        String body = call(post("/api/v1/campaigns/" + campaign + "/courses"), editor, COURSE)
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/v1/courses/")))
                .andExpect(jsonPath("$.name").value("A賞"))
                .andExpect(jsonPath("$.mechanic").value("instant_win"))
                .andExpect(jsonPath("$.chancesPer").value("entry"))
                .andExpect(jsonPath("$.maxWinsPerEntrant").value(2))
                .andExpect(jsonPath("$.pointsNeeded").doesNotExist())
                .andExpect(jsonPath("$.prizes[0].name").value("QUOカード500円分"))
                .andExpect(jsonPath("$.prizes[0].stock").value(100))
                .andExpect(jsonPath("$.prizes[0].remaining").value(100))
                .andExpect(jsonPath("$.prizes[0].valueYen").value(500))
                .andExpect(jsonPath("$.prizes[0].kind").value("physical"))
                .andExpect(jsonPath("$.prizes[1].kind").value("payout"))
                .andExpect(jsonPath("$.prizes[1].payoutYen").value(50000))
                .andExpect(jsonPath("$.stock").value(102))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = JsonPath.read(body, "$.id");
        call(get("/api/v1/campaigns/" + campaign + "/courses"), viewer, "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.courses[0].id").value(id))
                .andExpect(jsonPath("$.courses[0].remaining").value(102));
        call(get("/api/v1/courses/" + id), viewer, "").andExpect(status().isOk());
    }

    @Test
    void changesStockAndPrizesInPlace() throws Exception {
        String body = call(post("/api/v1/campaigns/" + campaign + "/courses"), editor, COURSE)
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = JsonPath.read(body, "$.id");
        call(
                        put("/api/v1/courses/" + id),
                        editor,
                        COURSE.replace("\"stock\": 100", "\"stock\": 7").replace("A賞", "A賞（改）"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("A賞（改）"))
                .andExpect(jsonPath("$.prizes[0].stock").value(7))
                .andExpect(jsonPath("$.prizes[0].remaining").value(7))
                .andExpect(jsonPath("$.stock").value(9));
    }

    @Test
    void refusesBadBodiesNamingTheField() throws Exception {
        String path = "/api/v1/campaigns/" + campaign + "/courses";
        call(post(path), editor, "[]").andExpect(status().isUnprocessableEntity());
        call(post(path), editor, COURSE.replace("instant_win", "roulette"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("invalid_course"))
                .andExpect(jsonPath("$.field").value("mechanic"));
        call(post(path), editor, COURSE.replace("\"stock\": 100", "\"stock\": -1"))
                .andExpect(jsonPath("$.field").value("prizes[0].stock"));
        call(post(path), editor, COURSE.replace("\"stock\": 100", "\"stock\": \"many\""))
                .andExpect(jsonPath("$.field").value("prizes[0].stock"));
        call(post(path), editor, COURSE.replace("\"kind\": \"physical\"", "\"kind\": \"gift_code\""))
                .andExpect(jsonPath("$.field").value("prizes[0].giftCodePoolId"));
        call(post(path), editor, COURSE.replace("\"chancesPer\": \"entry\"", "\"chancesPer\": \"day\""))
                .andExpect(jsonPath("$.field").value("chancesPer"));
        call(post(path), editor, COURSE.replace("\"maxWinsPerEntrant\": 2", "\"maxWinsPerEntrant\": 0"))
                .andExpect(jsonPath("$.field").value("maxWinsPerEntrant"));
        call(post(path), editor, COURSE.replace("\"maxWinsPerEntrant\": 2", "\"winChance\": 1.5"))
                .andExpect(jsonPath("$.field").value("winChance"));
        call(post(path), editor, "{\"name\": \"A賞\", \"mechanic\": \"everyone\", \"prizes\": []}")
                .andExpect(jsonPath("$.field").value("prizes"));
        call(post("/api/v1/campaigns/not-a-uuid/courses"), editor, COURSE).andExpect(status().isNotFound());
        call(get("/api/v1/campaigns/" + campaign + "/courses"), viewer, "")
                .andExpect(jsonPath("$.courses").isEmpty());
    }

    @Test
    void anotherTenantsCampaignAndCourseAreNotFound() throws Exception {
        String body = call(post("/api/v1/campaigns/" + campaign + "/courses"), editor, COURSE)
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String id = JsonPath.read(body, "$.id");
        TenantView other = TenantFixtures.aTenant(tenants, "api-courses-other");
        String otherEditor = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.EDITOR);
        call(post("/api/v1/campaigns/" + campaign + "/courses"), otherEditor, COURSE)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        call(get("/api/v1/campaigns/" + campaign + "/courses"), otherEditor, "").andExpect(status().isNotFound());
        call(get("/api/v1/courses/" + id), otherEditor, "").andExpect(status().isNotFound());
        call(put("/api/v1/courses/" + id), otherEditor, COURSE).andExpect(status().isNotFound());
    }

    UUID entry(String status) {
        return binder.callAs(
                shop.id(),
                () -> tx.execute(s -> {
                    var rows = new jp.tokuten.receipts.EntryRows(jdbc);
                    return rows.entry(
                            campaign,
                            rows.entrant("play" + UUID.randomUUID() + "@example.jp"),
                            null,
                            status,
                            java.util.List.of(),
                            java.time.Instant.now(),
                            java.util.List.of());
                }));
    }

    @Test
    void anApprovedEntryPlaysAndGetsTheSameAnswerAgain() throws Exception {
        String body = call(
                        post("/api/v1/campaigns/" + campaign + "/courses"),
                        editor,
                        COURSE.replace("\"maxWinsPerEntrant\": 2", "\"maxWinsPerEntrant\": 2, \"winChance\": 1"))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String course = JsonPath.read(body, "$.id");
        UUID entry = entry("approved");
        String play = "{\"courseId\": \"" + course + "\"}";
        String first = call(post("/api/v1/entries/" + entry + "/play"), editor, play)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result").value("win"))
                .andExpect(jsonPath("$.prize.name").isString())
                .andExpect(jsonPath("$.awardId").isString())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String again = call(post("/api/v1/entries/" + entry + "/play"), editor, play)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(again).isEqualTo(first);
        call(get("/api/v1/courses/" + course), viewer, "")
                .andExpect(jsonPath("$.remaining").value(101));

        call(post("/api/v1/entries/" + entry("review") + "/play"), editor, play)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("entry_not_approved"));
        call(post("/api/v1/entries/" + entry + "/play"), editor, "{}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("invalid_course_id"));
        call(post("/api/v1/entries/" + entry + "/play"), editor, "{\"courseId\": 7}")
                .andExpect(jsonPath("$.code").value("invalid_course_id"));
        call(post("/api/v1/entries/" + entry + "/play"), editor, "[1]")
                .andExpect(jsonPath("$.code").value("invalid_course_id"));
        call(post("/api/v1/entries/" + entry + "/play"), editor, "{\"courseId\": \"" + UUID.randomUUID() + "\"}")
                .andExpect(status().isNotFound());
        call(post("/api/v1/entries/nope/play"), editor, play).andExpect(status().isNotFound());
        call(post("/api/v1/entries/" + entry + "/play"), viewer, play).andExpect(status().isForbidden());

        TenantView other = TenantFixtures.aTenant(tenants, "api-play-other");
        String otherEditor = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.EDITOR);
        call(post("/api/v1/entries/" + entry + "/play"), otherEditor, play)
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
    }
}
