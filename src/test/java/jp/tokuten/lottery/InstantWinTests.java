package jp.tokuten.lottery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.receipts.EntryRows;
import jp.tokuten.rewards.Awards;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Instant win against the real database: stock never exceeded and the cap per entrant held whatever the
 * concurrency, one recorded play per chance (a repeat answers the same, even at once), the refusals.
 */
@TokutenTest
class InstantWinTests {

    @Autowired
    Tenants tenants;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Courses courses;

    @Autowired
    InstantWins instantWins;

    @Autowired
    Awards awards;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    TenantView shop;
    UUID campaign;

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

    @BeforeEach
    void aTenantWithACampaign() {
        shop = TenantFixtures.aTenant(tenants, "instant-win");
        campaign = binder.callAs(
                shop.id(),
                () -> campaigns.create(CampaignFixtures.aDraft(TODAY)).id());
    }

    /** Approved entries, each of its own entrant unless {@code entrant} is given. */
    List<UUID> approvedEntries(int n, UUID campaign, UUID entrant) {
        return binder.callAs(
                shop.id(),
                () -> tx.execute(s -> {
                    var rows = new EntryRows(jdbc);
                    var out = new ArrayList<UUID>();
                    for (int i = 0; i < n; i++) {
                        UUID who = entrant != null ? entrant : rows.entrant("e" + UUID.randomUUID() + "@example.jp");
                        out.add(rows.entry(campaign, who, null, "approved", List.of(), Instant.now(), List.of()));
                    }
                    return out;
                }));
    }

    List<UUID> approvedEntries(int n) {
        return approvedEntries(n, campaign, null);
    }

    CourseView course(CourseDraft draft) {
        return binder.callAs(shop.id(), () -> courses.create(campaign, draft));
    }

    static CourseDraft stockOf(int stock) {
        return CourseDraft.instantWin(
                "A賞",
                List.of(
                        PrizeDraft.physical("QUOカード500円分", stock - stock / 3, 500),
                        PrizeDraft.physical("図書カード1000円分", stock / 3, 1000)));
    }

    Map<String, Integer> burst(int calls, int threads, IntFunction<Object> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                all.add(pool.submit(() -> {
                    start.await();
                    String outcome;
                    try {
                        outcome = String.valueOf(binder.callAs(shop.id(), () -> call.apply(n)));
                    } catch (ProblemException p) {
                        outcome = p.code();
                    }
                    outcomes.merge(outcome, 1, Integer::sum);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    long stockLeft(UUID course) {
        return binder.callAs(shop.id(), () -> courses.require(course).remaining());
    }

    @Test
    void neverExceedsStockUnderBurstAndGivesItAllAtCertainOdds() throws Exception {
        CourseView course = course(stockOf(10).withWinChance(1.0));
        List<UUID> entries = approvedEntries(500);
        var outcomes = burst(
                500, 32, i -> instantWins.play(entries.get(i), course.id()).result());
        assertThat(outcomes).containsEntry("win", 10).containsEntry("lose", 490);
        assertThat(stockLeft(course.id())).isZero();
        int awarded = binder.callAs(shop.id(), () -> (int) awards.list(campaign).stream()
                .filter(a -> a.courseId().equals(course.id()))
                .count());
        assertThat(awarded).isEqualTo(10);
    }

    @Test
    void neverExceedsStockUnderBurstWhenPacedOrAtEvenOdds() throws Exception {
        CourseView paced = course(stockOf(10));
        CourseView even = course(stockOf(10).withWinChance(0.5));
        List<UUID> entries = approvedEntries(500);
        var pacedOutcomes =
                burst(500, 32, i -> instantWins.play(entries.get(i), paced.id()).result());
        var evenOutcomes =
                burst(500, 32, i -> instantWins.play(entries.get(i), even.id()).result());
        assertThat(pacedOutcomes.getOrDefault("win", 0)).isLessThanOrEqualTo(10);
        assertThat(pacedOutcomes.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(500);
        assertThat(evenOutcomes).containsEntry("win", 10).containsEntry("lose", 490);
        assertThat(stockLeft(even.id())).isZero();
    }

    @Test
    void holdsTheCapPerEntrantUnderBurst() throws Exception {
        UUID entrant = binder.callAs(shop.id(), () -> tx.execute(s -> new EntryRows(jdbc).entrant("cap@example.jp")));
        CourseView course = course(stockOf(100).withWinChance(1.0).withMaxWinsPerEntrant(3));
        List<UUID> entries = approvedEntries(60, campaign, entrant);
        var outcomes =
                burst(60, 16, i -> instantWins.play(entries.get(i), course.id()).result());
        assertThat(outcomes).containsEntry("win", 3).containsEntry("lose", 57);
        assertThat(stockLeft(course.id())).isEqualTo(97);
    }

    @Test
    void aPlayIsRecordedOnceAndAnsweredTheSameEvenAtOnce() throws Exception {
        CourseView course = course(stockOf(10).withWinChance(0.5));
        UUID entry = approvedEntries(1).getFirst();
        var outcomes = burst(50, 16, i -> instantWins.play(entry, course.id()).id());
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.values()).containsExactly(50);
        PlayView first = binder.callAs(shop.id(), () -> instantWins.play(entry, course.id()));
        PlayView again = binder.callAs(shop.id(), () -> instantWins.play(entry, course.id()));
        assertThat(again).isEqualTo(first);
        assertThat(binder.callAs(shop.id(), () -> instantWins.find(entry, course.id())))
                .contains(first);
        assertThat(stockLeft(course.id())).isEqualTo(first.won() ? 9 : 10);
    }

    @Test
    void oneChancePerEntrantWhenTheCourseSaysSo() {
        UUID entrant = binder.callAs(shop.id(), () -> tx.execute(s -> new EntryRows(jdbc).entrant("once@example.jp")));
        var draft = stockOf(10).withWinChance(1.0);
        CourseView course = course(new CourseDraft(
                draft.name(), draft.mechanic(), draft.prizes(), null, null, ChancesPer.ENTRANT, 5, 1.0));
        List<UUID> entries = approvedEntries(3, campaign, entrant);
        PlayView first = binder.callAs(shop.id(), () -> instantWins.play(entries.get(0), course.id()));
        PlayView second = binder.callAs(shop.id(), () -> instantWins.play(entries.get(1), course.id()));
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(stockLeft(course.id())).isEqualTo(9);
    }

    @Test
    void onlyAnApprovedEntryOfTheCoursesCampaignPlaysAnInstantWin() {
        CourseView course = course(stockOf(10).withWinChance(1.0));
        UUID pending = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> {
                    var rows = new EntryRows(jdbc);
                    return rows.entry(
                            campaign,
                            rows.entrant("pending@example.jp"),
                            null,
                            "review",
                            List.of(),
                            Instant.now(),
                            List.of());
                }));
        UUID other = binder.callAs(
                shop.id(),
                () -> campaigns.create(CampaignFixtures.aDraft(TODAY)).id());
        UUID elsewhere = approvedEntries(1, other, null).getFirst();
        var closed = stockOf(10);
        CourseView draw = course(
                new CourseDraft("B賞", Mechanic.CLOSED_DRAW, closed.prizes(), null, null, ChancesPer.ENTRY, 1, null));
        UUID approved = approvedEntries(1).getFirst();
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> instantWins.play(pending, course.id())))
                .hasFieldOrPropertyWithValue("code", "entry_not_approved");
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> instantWins.play(elsewhere, course.id())))
                .hasFieldOrPropertyWithValue("code", "wrong_campaign");
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> instantWins.play(approved, draw.id())))
                .hasFieldOrPropertyWithValue("code", "not_instant_win");
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> instantWins.play(UUID.randomUUID(), course.id())))
                .hasFieldOrPropertyWithValue("code", "not_found");
        TenantView stranger = TenantFixtures.aTenant(tenants, "instant-win-other");
        assertThatThrownBy(() -> binder.callAs(stranger.id(), () -> instantWins.play(approved, course.id())))
                .hasFieldOrPropertyWithValue("code", "not_found");
        assertThat(stockLeft(course.id())).isEqualTo(10);
    }
}
