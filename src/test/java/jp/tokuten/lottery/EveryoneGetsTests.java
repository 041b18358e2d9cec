package jp.tokuten.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import jp.tokuten.ApiKeyFixtures;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.identity.TenantRole;
import jp.tokuten.receipts.EntryDecisions;
import jp.tokuten.receipts.EntryRows;
import jp.tokuten.rewards.Points;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Everyone-gets courses (もれなく) and the least receipt amount of a course (decision 150): an approved entry
 * that qualifies is given the prize once, while stock lasts; points are exchanged for a prize all or nothing,
 * never past the stock whatever the concurrency; instant win and closed draws count only entries whose
 * receipts total at least the course's {@code minTotalYen}.
 */
@TokutenTest
class EveryoneGetsTests {

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
    EveryoneGets everyone;

    @Autowired
    InstantWins instantWins;

    @Autowired
    Draws draws;

    @Autowired
    EntryDecisions decisions;

    @Autowired
    Points points;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    TenantView shop;
    DrawFixtures fixtures;
    JdbcTemplate jdbc;

    @BeforeEach
    void aTenant() {
        shop = TenantFixtures.aTenant(tenants, "everyone");
        fixtures = new DrawFixtures(dataSource, binder, tx, shop);
        jdbc = new JdbcTemplate(dataSource);
    }

    static CourseDraft everyone(int stock, Integer points, Long minTotal, ChancesPer per) {
        return new CourseDraft(
                "もれなく賞",
                Mechanic.EVERYONE,
                List.of(PrizeDraft.physical("オリジナルエコバッグ", stock, 150)),
                points,
                minTotal,
                per,
                1,
                null);
    }

    /** An entry in review whose one receipt totals {@code yen}, of a new entrant unless one is given. */
    UUID entryOf(UUID campaign, UUID entrant, long yen) {
        return binder.callAs(
                shop.id(),
                () -> tx.execute(s -> new EntryRows(jdbc)
                        .entry(
                                campaign,
                                entrant,
                                null,
                                "review",
                                List.of("low_confidence"),
                                Instant.now(),
                                List.of(EntryRows.reading("テストマート", TODAY + "T10:00:00+09:00", yen)))));
    }

    void approve(UUID entry) {
        binder.callAs(shop.id(), () -> decisions.decide(entry, EntryDecisions.Decision.APPROVE, null, Map.of()));
    }

    long awardsOf(UUID course) {
        return read("select count(*) from rewards.awards where course_id = ?", Long.class, course);
    }

    /** One value read as the shop, in a transaction (row-level security sees the bound tenant there). */
    <T> T read(String sql, Class<T> type, Object... args) {
        return binder.callAs(shop.id(), () -> tx.execute(s -> jdbc.queryForObject(sql, type, args)));
    }

    @Test
    void anApprovedEntryThatQualifiesGetsThePrizeOnceWhileStockLasts() {
        UUID campaign = fixtures.aRunningCampaign(campaigns, TODAY);
        UUID course = fixtures.course(courses, campaign, everyone(2, null, 1500L, ChancesPer.ENTRY));
        UUID big = entryOf(campaign, fixtures.entrant("big@example.jp"), 1628);
        UUID small = entryOf(campaign, fixtures.entrant("small@example.jp"), 1200);

        approve(big);
        approve(small);
        approve(big); // approved again: nothing given twice

        assertThat(awardsOf(course)).isEqualTo(1);
        assertThat(read("select total_yen from receipts.entries where id = ?", Long.class, big))
                .isEqualTo(1628);
        UUID second = entryOf(campaign, fixtures.entrant("second@example.jp"), 3000);
        UUID third = entryOf(campaign, fixtures.entrant("third@example.jp"), 3000);
        approve(second);
        approve(third); // the stock of 2 is gone: recorded, nothing given
        assertThat(awardsOf(course)).isEqualTo(2);
        assertThat(read(
                        "select result from lottery.plays where course_id = ? and entry_id = ?",
                        String.class,
                        course,
                        third))
                .isEqualTo("lose");
        assertThat(binder.callAs(shop.id(), () -> courses.require(course).remaining()))
                .isZero();
    }

    @Test
    void perEntrantTheApprovedEntriesCountTogetherTowardsTheLeastAmount() {
        UUID campaign = fixtures.aRunningCampaign(campaigns, TODAY);
        UUID course = fixtures.course(courses, campaign, everyone(10, null, 2000L, ChancesPer.ENTRANT));
        UUID who = fixtures.entrant("twice@example.jp");
        approve(entryOf(campaign, who, 1200));
        assertThat(awardsOf(course)).isZero();
        approve(entryOf(campaign, who, 900));
        assertThat(awardsOf(course)).isEqualTo(1);
        approve(entryOf(campaign, who, 5000));
        assertThat(awardsOf(course)).isEqualTo(1);
    }

    @Test
    void pointsAreExchangedAllOrNothingAndNeverPastTheStockEvenAtOnce() throws Exception {
        UUID campaign = fixtures.aRunningCampaign(campaigns, TODAY);
        UUID course = fixtures.course(courses, campaign, everyone(10, 30, null, ChancesPer.ENTRANT));
        UUID rich = fixtures.entrant("rich@example.jp");
        binder.runAs(shop.id(), () -> points.earn(rich, campaign, 100, "adjustment", null));

        var done = binder.callAs(shop.id(), () -> everyone.exchange(course, rich));
        assertThat(done.balance()).isEqualTo(70);
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> everyone.exchange(course, rich)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("max_wins_reached"));
        assertThat(binder.callAs(shop.id(), () -> points.balance(rich, campaign)))
                .as("the refused exchange spent nothing")
                .isEqualTo(70);
        UUID poor = fixtures.entrant("poor@example.jp");
        binder.runAs(shop.id(), () -> points.earn(poor, campaign, 29, "adjustment", null));
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> everyone.exchange(course, poor)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("insufficient_points"));

        // 200 entrants exchange at once for the 9 prizes left
        List<UUID> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            UUID e = fixtures.entrant("many" + i + "@example.jp");
            binder.runAs(shop.id(), () -> points.earn(e, campaign, 30, "adjustment", null));
            many.add(e);
        }
        var outcomes = new ConcurrentHashMap<String, Integer>();
        var pool = Executors.newFixedThreadPool(32);
        var start = new CountDownLatch(1);
        List<Future<?>> all = new ArrayList<>();
        for (UUID e : many) {
            all.add(pool.submit(() -> {
                start.await();
                String outcome;
                try {
                    binder.callAs(shop.id(), () -> everyone.exchange(course, e));
                    outcome = "given";
                } catch (ProblemException refused) {
                    outcome = refused.code();
                }
                outcomes.merge(outcome, 1, Integer::sum);
                return null;
            }));
        }
        start.countDown();
        for (var f : all) {
            f.get();
        }
        pool.shutdown();
        assertThat(outcomes).containsEntry("given", 9).containsEntry("out_of_stock", 191);
        assertThat(awardsOf(course)).isEqualTo(10);
        long refunded = read(
                "select count(*) from rewards.point_balances where campaign_id = ? and balance = 30",
                Long.class,
                campaign);
        assertThat(refunded).as("an exchange refused for stock spent nothing").isEqualTo(191);
    }

    @Test
    void instantWinAndDrawsCountOnlyEntriesReachingTheLeastAmount() {
        UUID running = fixtures.aRunningCampaign(campaigns, TODAY);
        var draft = new CourseDraft(
                "A賞",
                Mechanic.INSTANT_WIN,
                List.of(PrizeDraft.physical("QUOカード500円分", 5, 500)),
                null,
                3000L,
                ChancesPer.ENTRY,
                1,
                1.0);
        UUID instant = fixtures.course(courses, running, draft);
        UUID small = entryOf(running, fixtures.entrant("iw-small@example.jp"), 2999);
        UUID big = entryOf(running, fixtures.entrant("iw-big@example.jp"), 3000);
        approve(small);
        approve(big);
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> instantWins.play(small, instant)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.code()).isEqualTo("below_min_total");
                    assertThat(e.properties()).containsEntry("minTotalYen", 3000L);
                });
        assertThat(binder.callAs(shop.id(), () -> instantWins.play(big, instant))
                        .won())
                .isTrue();

        UUID ended = fixtures.anEndedCampaign(campaigns, TODAY);
        var closed = new CourseDraft(
                "B賞",
                Mechanic.CLOSED_DRAW,
                List.of(PrizeDraft.physical("図書カード", 5, 1000)),
                null,
                1500L,
                ChancesPer.ENTRY,
                1,
                null);
        UUID course = fixtures.course(courses, ended, closed);
        List<UUID> qualifying = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID who = fixtures.entrant("draw-" + i + "@example.jp");
            UUID e = fixtures.entry(ended, who, "approved", 1);
            long yen = i < 2 ? 1500 : 1499;
            binder.runAs(
                    shop.id(),
                    () -> tx.executeWithoutResult(
                            s -> jdbc.update("update receipts.entries set total_yen = ? where id = ?", yen, e)));
            if (i < 2) {
                qualifying.add(e);
            }
        }
        var draw = binder.callAs(shop.id(), () -> draws.create(ended, course, false));
        var run = binder.callAs(shop.id(), () -> draws.run(draw.id()));
        assertThat(run.chances()).isEqualTo(2);
        List<UUID> winners = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> jdbc.queryForList(
                        "select entry_id from lottery.draw_winners where draw_id = ?", UUID.class, draw.id())));
        assertThat(winners).containsExactlyInAnyOrderElementsOf(qualifying);
    }

    @Test
    void theExchangeApiRefusesBadInputAndOtherTenantsCourses() throws Exception {
        UUID campaign = fixtures.aRunningCampaign(campaigns, TODAY);
        UUID course = fixtures.course(courses, campaign, everyone(5, 10, null, ChancesPer.ENTRANT));
        UUID who = fixtures.entrant("api@example.jp");
        binder.runAs(shop.id(), () -> points.earn(who, campaign, 10, "adjustment", null));
        String key = ApiKeyFixtures.aKey(dataSource, binder, tx, shop, TenantRole.EDITOR);

        mvc.perform(post("/api/v1/courses/" + course + "/exchanges")
                        .header("Authorization", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"entrantId\": \"" + who + "\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.prize").value("オリジナルエコバッグ"))
                .andExpect(jsonPath("$.balance").value(0));
        for (String body : new String[] {"{}", "[]", "{\"entrantId\": 5}", "{\"entrantId\": \"nope\"}"}) {
            mvc.perform(post("/api/v1/courses/" + course + "/exchanges")
                            .header("Authorization", key)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body))
                    .andExpect(status().isUnprocessableEntity())
                    .andExpect(jsonPath("$.code").value("invalid_entrant_id"));
        }
        mvc.perform(post("/api/v1/courses/" + course + "/exchanges")
                        .header("Authorization", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"entrantId\": \"" + UUID.randomUUID() + "\"}"))
                .andExpect(status().isUnprocessableEntity());
        mvc.perform(post("/api/v1/courses/not-a-uuid/exchanges")
                        .header("Authorization", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"entrantId\": \"" + who + "\"}"))
                .andExpect(status().is4xxClientError());

        var other = TenantFixtures.aTenant(tenants, "everyone-other");
        String otherKey = ApiKeyFixtures.aKey(dataSource, binder, tx, other, TenantRole.EDITOR);
        mvc.perform(post("/api/v1/courses/" + course + "/exchanges")
                        .header("Authorization", otherKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"entrantId\": \"" + who + "\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
    }
}
