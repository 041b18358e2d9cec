package jp.tokuten.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.rewards.AwardLapsed;
import jp.tokuten.rewards.NewAward;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closed draws through the API as issue 13 names them: created with a commitment, run once after the period
 * with the winners' awards granted, read with the seed only after the run, published at
 * {@code /c/{slug}/draws/{id}.json} without anything personal, and verified by {@code draw verify} from a
 * saved copy; re-draws of lapsed wins published the same way. Bad input is 4xx; another tenant's draws are
 * not found.
 */
@TokutenTest
class DrawApiTests {

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
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationEventPublisher events;

    @TempDir
    Path dir;

    TenantView shop;
    String editor;
    String viewer;
    DrawFixtures fixtures;
    UUID campaign;
    List<UUID> entrants = new ArrayList<>();
    List<UUID> entries = new ArrayList<>();

    @BeforeEach
    void anEndedCampaignWithEntries() {
        shop = TenantFixtures.aTenant(tenants, "api-draws");
        editor = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);
        viewer = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.VIEWER);
        fixtures = new DrawFixtures(dataSource, binder, tx, shop);
        campaign = fixtures.anEndedCampaign(campaigns, TODAY);
        // eight entrants: the first with three approved entries (two receipts each), the others with one
        for (int i = 0; i < 8; i++) {
            UUID entrant = fixtures.entrant("draw" + i + "@example.jp");
            entrants.add(entrant);
            for (int e = 0; e < (i == 0 ? 3 : 1); e++) {
                entries.add(fixtures.entry(campaign, entrant, "approved", 2));
            }
        }
        UUID blocked = fixtures.entrant("blocked@example.jp");
        fixtures.entry(campaign, blocked, "approved", 1);
        fixtures.block(blocked);
        fixtures.entry(campaign, fixtures.entrant("rejected@example.jp"), "rejected", 1);
    }

    ResultActions call(MockHttpServletRequestBuilder request, String key, String body) throws Exception {
        return mvc.perform(request.header("Authorization", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    String create(UUID course) throws Exception {
        return JsonPath.read(
                body(call(
                                post("/api/v1/campaigns/" + campaign + "/draws"),
                                editor,
                                "{\"courseId\": \"" + course + "\"}")
                        .andExpect(status().isCreated())),
                "$.id");
    }

    String publicRecord(String draw) throws Exception {
        return body(mvc.perform(get("/c/" + shop.slug() + "/draws/" + draw + ".json"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "*")));
    }

    int verify(String record) throws Exception {
        Path file = dir.resolve(UUID.randomUUID() + ".json");
        Files.writeString(file, record);
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = DrawCommand.run(
                new String[] {"verify", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(out + "\n" + err).isNotNegative();
        return status;
    }

    static String sha256Hex(String hex) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(HexFormat.of().parseHex(hex)));
    }

    @Test
    void aDrawIsCommittedRunOnceAndVerifiable() throws Exception {
        UUID course = fixtures.course(courses, campaign, DrawFixtures.aClosedDraw(ChancesPer.ENTRY, 1));
        String created = body(
                call(post("/api/v1/campaigns/" + campaign + "/draws"), editor, "{\"courseId\": \"" + course + "\"}")
                        .andExpect(status().isCreated())
                        .andExpect(header().string("Location", Matchers.startsWith("/api/v1/draws/")))
                        .andExpect(jsonPath("$.commitment").value(Matchers.matchesPattern("[0-9a-f]{64}"))));
        String id = JsonPath.read(created, "$.id");
        String commitment = JsonPath.read(created, "$.commitment");

        call(get("/api/v1/draws/" + id), viewer, "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.commitment").value(commitment))
                .andExpect(jsonPath("$.status").value("committed"))
                .andExpect(jsonPath("$.seed").doesNotExist())
                .andExpect(jsonPath("$.winners").isEmpty())
                .andExpect(jsonPath("$.winnersWanted").value(5));
        String before = publicRecord(id);
        assertThat((String) JsonPath.read(before, "$.commitment")).isEqualTo(commitment);
        assertThat(before).doesNotContain("\"seed\"").doesNotContain("\"entries\"");

        String run = body(call(post("/api/v1/draws/" + id + "/run"), editor, "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("drawn"))
                .andExpect(jsonPath("$.chances").value(10))
                .andExpect(jsonPath("$.winners.length()").value(5))
                .andExpect(jsonPath("$.winners[0].rank").value(1))
                .andExpect(jsonPath("$.winners[0].prize").value("QUOカード500円分"))
                .andExpect(jsonPath("$.winners[4].prize").value("図書カード1000円分")));
        String seed = JsonPath.read(run, "$.seed");
        assertThat(sha256Hex(seed)).isEqualTo(commitment);
        List<String> winnerEntrants = JsonPath.read(run, "$.winners[*].entrantId");
        assertThat(winnerEntrants).doesNotHaveDuplicates().allMatch(e -> entrants.contains(UUID.fromString(e)));
        List<String> awards = JsonPath.read(run, "$.winners[*].awardId");
        var jdbc = new JdbcTemplate(dataSource);
        binder.runAs(
                shop.id(),
                () -> tx.executeWithoutResult(s -> {
                    assertThat(jdbc.queryForObject(
                                    "select count(*) from rewards.awards where source = 'draw' and course_id = ?",
                                    Long.class,
                                    course))
                            .isEqualTo(5L);
                    assertThat(jdbc.queryForObject(
                                    "select coalesce(sum(remaining), 0) from lottery.stock_stripes where course_id = ?",
                                    Long.class,
                                    course))
                            .isZero();
                }));
        assertThat(awards).hasSize(5).doesNotHaveDuplicates();

        String record = publicRecord(id);
        assertThat((String) JsonPath.read(record, "$.seed")).isEqualTo(seed);
        assertThat((String) JsonPath.read(record, "$.algorithm")).isEqualTo("tokuten-draw/1");
        assertThat((List<?>) JsonPath.read(record, "$.entries")).hasSize(10);
        assertThat((List<String>) JsonPath.read(record, "$.winners"))
                .isEqualTo(JsonPath.read(run, "$.winners[*].chance"));
        // nothing personal: no entry, entrant or award id, no address
        for (UUID personal : entrants) {
            assertThat(record).doesNotContain(personal.toString());
        }
        for (UUID entry : entries) {
            assertThat(record).doesNotContain(entry.toString());
        }
        assertThat(record).doesNotContain("@example.jp").doesNotContain(awards.getFirst());
        assertThat(verify(record)).isZero();

        call(post("/api/v1/draws/" + id + "/run"), editor, "")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("already_drawn"))
                .andExpect(jsonPath("$.detail").value("この抽選はすでに実施されています。"));
        call(post("/api/v1/campaigns/" + campaign + "/draws"), editor, "{\"courseId\": \"" + course + "\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("draw_exists"));
    }

    @Test
    void chancesArePerEntryPerReceiptOrPerEntrantAndTheCapHolds() throws Exception {
        UUID perReceipt = fixtures.course(courses, campaign, DrawFixtures.aClosedDraw(ChancesPer.RECEIPT, 2));
        String a = create(perReceipt);
        call(post("/api/v1/draws/" + a + "/run"), editor, "").andExpect(status().isOk());
        String record = publicRecord(a);
        // 3 entries of 2 receipts + 7 entries of 2 receipts
        assertThat((List<?>) JsonPath.read(record, "$.entries")).hasSize(20);
        assertThat((Integer) JsonPath.read(record, "$.maxWinsPerEntrant")).isEqualTo(2);
        assertThat(verify(record)).isZero();

        UUID perEntrant = fixtures.course(courses, campaign, DrawFixtures.aClosedDraw(ChancesPer.ENTRANT, 1));
        String b = create(perEntrant);
        String run = body(call(post("/api/v1/draws/" + b + "/run"), editor, "").andExpect(status().isOk()));
        assertThat((List<?>) JsonPath.read(publicRecord(b), "$.entries")).hasSize(8);
        List<String> winners = JsonPath.read(run, "$.winners[*].entrantId");
        assertThat(winners).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void aLapsedWinIsReDrawnAndPublishedTheSameWay() throws Exception {
        UUID course = fixtures.course(courses, campaign, DrawFixtures.aClosedDraw(ChancesPer.ENTRY, 1));
        String id = create(course);
        String run = body(call(post("/api/v1/draws/" + id + "/run"), editor, "").andExpect(status().isOk()));
        UUID award = UUID.fromString(JsonPath.read(run, "$.winners[1].awardId"));
        UUID lapsedEntrant = UUID.fromString(JsonPath.read(run, "$.winners[1].entrantId"));
        UUID prize = UUID.fromString(JsonPath.read(run, "$.winners[1].prizeId"));
        lapse(award, course, prize, lapsedEntrant);
        lapse(award, course, prize, lapsedEntrant); // told twice: re-drawn once

        String list = body(call(get("/api/v1/campaigns/" + campaign + "/draws"), viewer, "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.draws.length()").value(2))
                .andExpect(jsonPath("$.draws[1].redrawOf").value(id))
                .andExpect(jsonPath("$.draws[1].status").value("drawn"))
                .andExpect(jsonPath("$.draws[1].winners.length()").value(1))
                .andExpect(jsonPath("$.draws[1].winners[0].prizeId").value(prize.toString())));
        String redraw = JsonPath.read(list, "$.draws[1].id");
        List<String> firstWinners = JsonPath.read(run, "$.winners[*].entrantId");
        String newWinner = JsonPath.read(list, "$.draws[1].winners[0].entrantId");
        assertThat(firstWinners).doesNotContain(newWinner);

        String record = publicRecord(redraw);
        assertThat((String) JsonPath.read(record, "$.redrawOf")).isEqualTo(id);
        // the first list without the five winners' chances and the lapsed entrant's: 10 - 5 (winners) and
        // the lapsed winner's other chances (none when it was not the entrant with three entries)
        List<String> firstChances = JsonPath.read(publicRecord(id), "$.entries[*].id");
        List<String> redrawChances = JsonPath.read(record, "$.entries[*].id");
        assertThat(firstChances).containsSubsequence(redrawChances);
        assertThat(redrawChances).doesNotContainAnyElementsOf(JsonPath.read(run, "$.winners[*].chance"));
        assertThat(verify(record)).isZero();

        call(post("/api/v1/draws/" + id + "/redraws"), editor, "")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("nothing_to_redraw"));
    }

    @Test
    void aDrawThatDoesNotReDrawByItselfIsReDrawnByHand() throws Exception {
        UUID course = fixtures.course(courses, campaign, DrawFixtures.aClosedDraw(ChancesPer.ENTRY, 1));
        String id = JsonPath.read(
                body(call(
                                post("/api/v1/campaigns/" + campaign + "/draws"),
                                editor,
                                "{\"courseId\": \"" + course + "\", \"redrawOnLapse\": false}")
                        .andExpect(status().isCreated())),
                "$.id");
        String run = body(call(post("/api/v1/draws/" + id + "/run"), editor, "").andExpect(status().isOk()));
        lapse(
                UUID.fromString(JsonPath.read(run, "$.winners[0].awardId")),
                course,
                UUID.fromString(JsonPath.read(run, "$.winners[0].prizeId")),
                UUID.fromString(JsonPath.read(run, "$.winners[0].entrantId")));
        call(get("/api/v1/campaigns/" + campaign + "/draws"), viewer, "")
                .andExpect(jsonPath("$.draws.length()").value(1));

        String redraw = JsonPath.read(
                body(call(post("/api/v1/draws/" + id + "/redraws"), editor, "")
                        .andExpect(status().isCreated())
                        .andExpect(jsonPath("$.commitment").value(Matchers.matchesPattern("[0-9a-f]{64}")))),
                "$.id");
        call(get("/api/v1/draws/" + redraw), viewer, "")
                .andExpect(jsonPath("$.status").value("committed"))
                .andExpect(jsonPath("$.redrawOf").value(id))
                .andExpect(jsonPath("$.winnersWanted").value(1));
        call(post("/api/v1/draws/" + redraw + "/run"), editor, "")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.winners.length()").value(1));
        assertThat(verify(publicRecord(redraw))).isZero();
        call(post("/api/v1/draws/" + id + "/redraws"), editor, "")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("nothing_to_redraw"));
    }

    void lapse(UUID award, UUID course, UUID prize, UUID entrant) {
        binder.runAs(
                shop.id(),
                () -> tx.executeWithoutResult(s -> events.publishEvent(new AwardLapsed(
                        shop.id(), award, campaign, course, prize, entrant, null, NewAward.Source.DRAW))));
    }

    @Test
    void refusesWhatCannotBeDrawn() throws Exception {
        UUID course = fixtures.course(courses, campaign, DrawFixtures.aClosedDraw(ChancesPer.ENTRY, 1));
        String path = "/api/v1/campaigns/" + campaign + "/draws";
        call(post(path), editor, "[]")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("invalid_course_id"));
        call(post(path), editor, "{}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.field").value("courseId"));
        call(post(path), editor, "{\"courseId\": 12}").andExpect(status().isUnprocessableEntity());
        call(post(path), editor, "{\"courseId\": \"" + UUID.randomUUID() + "\"}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.code").value("invalid_course_id"));
        call(post(path), editor, "{\"courseId\": \"" + course + "\", \"redrawOnLapse\": \"yes\"}")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.field").value("redrawOnLapse"));
        call(post(path), editor, "{not json").andExpect(status().is4xxClientError());

        UUID instant = fixtures.course(
                courses, campaign, CourseDraft.instantWin("B賞", List.of(PrizeDraft.physical("ステッカー", 10, 100))));
        call(post(path), editor, "{\"courseId\": \"" + instant + "\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("not_closed_draw"));

        UUID other = fixtures.anEndedCampaign(campaigns, TODAY);
        call(post("/api/v1/campaigns/" + other + "/draws"), editor, "{\"courseId\": \"" + course + "\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("wrong_campaign"));
        call(post("/api/v1/campaigns/" + UUID.randomUUID() + "/draws"), editor, "{\"courseId\": \"" + course + "\"}")
                .andExpect(status().isNotFound());
        call(post(path), viewer, "{\"courseId\": \"" + course + "\"}").andExpect(status().isForbidden());

        call(post("/api/v1/draws/" + UUID.randomUUID() + "/run"), editor, "").andExpect(status().isNotFound());
        call(post("/api/v1/draws/not-a-uuid/run"), editor, "").andExpect(status().isNotFound());
        mvc.perform(get("/c/" + shop.slug() + "/draws/" + UUID.randomUUID() + ".json"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/c/" + shop.slug() + "/draws/nonsense.json")).andExpect(status().isNotFound());
    }

    @Test
    void runsOnlyAfterThePeriodAndWhenEveryEntryIsDecided() throws Exception {
        UUID running = fixtures.aRunningCampaign(campaigns, TODAY);
        UUID course = fixtures.course(courses, running, DrawFixtures.aClosedDraw(ChancesPer.ENTRY, 1));
        String early = JsonPath.read(
                body(call(post("/api/v1/campaigns/" + running + "/draws"), editor, "{\"courseId\": \"" + course + "\"}")
                        .andExpect(status().isCreated())),
                "$.id");
        call(post("/api/v1/draws/" + early + "/run"), editor, "")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("campaign_not_ended"))
                .andExpect(jsonPath("$.lastDay").exists());

        UUID ended = fixtures.course(courses, campaign, DrawFixtures.aClosedDraw(ChancesPer.ENTRY, 1));
        String draw = create(ended);
        UUID pending = fixtures.entry(campaign, entrants.get(3), "review", 1);
        call(post("/api/v1/draws/" + draw + "/run"), editor, "")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("entries_undecided"));
        call(get("/api/v1/draws/" + draw), viewer, "")
                .andExpect(jsonPath("$.status").value("committed"));
        assertThat(pending).isNotNull();
    }

    @Test
    void anotherTenantsDrawsAreNotFound() throws Exception {
        UUID course = fixtures.course(courses, campaign, DrawFixtures.aClosedDraw(ChancesPer.ENTRY, 1));
        String id = create(course);
        var other = TenantFixtures.aTenant(tenants, "api-draws-other");
        String stranger = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.EDITOR);
        call(get("/api/v1/draws/" + id), stranger, "").andExpect(status().isNotFound());
        call(post("/api/v1/draws/" + id + "/run"), stranger, "").andExpect(status().isNotFound());
        call(post("/api/v1/draws/" + id + "/redraws"), stranger, "").andExpect(status().isNotFound());
        call(post("/api/v1/campaigns/" + campaign + "/draws"), stranger, "{\"courseId\": \"" + course + "\"}")
                .andExpect(status().isNotFound());
        call(get("/api/v1/campaigns/" + campaign + "/draws"), stranger, "").andExpect(status().isNotFound());
        mvc.perform(get("/c/" + other.slug() + "/draws/" + id + ".json")).andExpect(status().isNotFound());
        call(get("/api/v1/draws/" + id), viewer, "").andExpect(status().isOk());
    }
}
