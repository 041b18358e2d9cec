package jp.tokuten.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.receipts.EntryDecisions;
import jp.tokuten.receipts.EntryRows;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Points: earned by approved entries under the campaign's rule, spent without ever going below zero. */
@TokutenTest
class PointsTests {

    @Autowired
    Points points;

    @Autowired
    RewardSettings settings;

    @Autowired
    EntryDecisions decisions;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DataSource dataSource;

    TenantView shop;
    UUID campaign = UUID.randomUUID();
    UUID entrant = UUID.randomUUID();

    @BeforeEach
    void aTenant() {
        shop = TenantFixtures.aTenant(tenants, "points");
    }

    @Test
    void fiveHundredConcurrentSpendsOfOneBalanceSucceedExactlyAsOftenAsItCovers() throws Exception {
        binder.callAs(shop.id(), () -> points.earn(entrant, campaign, 1000, "test_grant", null));

        Map<String, Integer> outcomes =
                RewardFixtures.burst(binder, shop.id(), 500, 100, n -> points.spend(entrant, campaign, 30, "course_a"));

        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 33, "insufficient_points", 467));
        assertThat(binder.callAs(shop.id(), () -> points.balance(entrant, campaign)))
                .isEqualTo(10);
        var ledger = binder.callAs(shop.id(), () -> points.ledger(entrant, 1000));
        assertThat(ledger).hasSize(34);
        assertThat(ledger.stream().mapToLong(Points.LedgerEntry::points).sum()).isEqualTo(10);
    }

    @Test
    void aSpendLargerThanTheBalanceIsRefusedAndChangesNothing() {
        binder.callAs(shop.id(), () -> points.earn(entrant, campaign, 5, "test_grant", null));

        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> points.spend(entrant, campaign, 6, "course_a")))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("insufficient_points"));
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> points.spend(UUID.randomUUID(), campaign, 1, "x")))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("insufficient_points"));
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> points.spend(entrant, campaign, 0, "course_a")))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("invalid_points"));
        assertThat(binder.callAs(shop.id(), () -> points.balance(entrant, campaign)))
                .isEqualTo(5);
    }

    @Test
    void anApprovedEntryEarnsOnePointPerHundredYenOnceEvenWhenApprovedAgain() {
        var rows = new EntryRows(new JdbcTemplate(dataSource));
        var made = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> {
                    UUID c = campaigns
                            .create(CampaignFixtures.aDraft(LocalDate.now()))
                            .id();
                    UUID who = rows.entrant("points-" + System.nanoTime() + "@example.jp");
                    UUID entry = rows.entry(
                            c,
                            who,
                            null,
                            "review",
                            List.of("low_confidence"),
                            Instant.now(),
                            List.of(EntryRows.reading("コーヒーの森", "2026-01-25T20:25:05", 1628, "からあげ弁当", 1, 498)));
                    return new UUID[] {c, who, entry};
                }));
        UUID c = made[0];
        UUID who = made[1];
        UUID entry = made[2];
        binder.callAs(shop.id(), () -> settings.update(c, 14, new PointsRule(PointsRule.Kind.PER_YEN, 1, 100)));

        binder.callAs(shop.id(), () -> decisions.decide(entry, EntryDecisions.Decision.APPROVE, null, Map.of()));
        binder.callAs(shop.id(), () -> decisions.decide(entry, EntryDecisions.Decision.APPROVE, null, Map.of()));
        binder.callAs(
                shop.id(),
                () -> decisions.decide(entry, EntryDecisions.Decision.REJECT, "duplicate_receipt", Map.of()));
        binder.callAs(shop.id(), () -> decisions.decide(entry, EntryDecisions.Decision.APPROVE, null, Map.of()));

        assertThat(binder.callAs(shop.id(), () -> points.balance(who, c))).isEqualTo(16);
        // credited, taken back with the rejection, credited again: each movement in the ledger
        assertThat(binder.callAs(shop.id(), () -> points.ledger(who, 10)))
                .allSatisfy(e -> assertThat(e.entryId()).isEqualTo(entry))
                .extracting(Points.LedgerEntry::reason, Points.LedgerEntry::points)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("receipt_approved", 16L),
                        org.assertj.core.groups.Tuple.tuple("approval_withdrawn", -16L),
                        org.assertj.core.groups.Tuple.tuple("receipt_approved", 16L));
    }

    @Test
    void aWithdrawnApprovalTakesBackWhatIsLeftOfItsPointsAndNeverGoesBelowZero() {
        var rows = new EntryRows(new JdbcTemplate(dataSource));
        var made = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> {
                    UUID c = campaigns
                            .create(CampaignFixtures.aDraft(LocalDate.now()))
                            .id();
                    UUID who = rows.entrant("withdrawn-" + System.nanoTime() + "@example.jp");
                    UUID entry = rows.entry(
                            c,
                            who,
                            null,
                            "review",
                            List.of("low_confidence"),
                            Instant.now(),
                            List.of(EntryRows.reading("コーヒーの森", "2026-01-25T20:25:05", 3000)));
                    return new UUID[] {c, who, entry};
                }));
        UUID c = made[0];
        UUID who = made[1];
        UUID entry = made[2];
        binder.callAs(shop.id(), () -> settings.update(c, 14, new PointsRule(PointsRule.Kind.PER_YEN, 1, 100)));
        binder.callAs(shop.id(), () -> decisions.decide(entry, EntryDecisions.Decision.APPROVE, null, Map.of()));
        assertThat(binder.callAs(shop.id(), () -> points.balance(who, c))).isEqualTo(30);
        binder.callAs(shop.id(), () -> points.spend(who, c, 20, "course_a"));

        binder.callAs(
                shop.id(),
                () -> decisions.decide(entry, EntryDecisions.Decision.REJECT, "duplicate_receipt", Map.of()));

        assertThat(binder.callAs(shop.id(), () -> points.balance(who, c)))
                .as("the 10 left are taken back; the 20 spent stay spent")
                .isZero();
        assertThat(binder.callAs(shop.id(), () -> points.withdraw(entry)))
                .as("a second withdrawal takes nothing")
                .isZero();
        assertThat(binder.callAs(shop.id(), () -> points.ledger(who, 10)))
                .extracting(Points.LedgerEntry::reason, Points.LedgerEntry::points)
                .contains(org.assertj.core.groups.Tuple.tuple("approval_withdrawn", -10L));
    }

    @Test
    void anApprovedEntryEarnsPointsPerTargetProductItemBought() {
        var rows = new EntryRows(new JdbcTemplate(dataSource));
        LocalDate today = LocalDate.now();
        var made = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> {
                    var draft = CampaignFixtures.withRules(
                            CampaignFixtures.aDraft(today),
                            new CampaignView.Period(today.minusDays(30), today.plusDays(30)),
                            null,
                            List.of(),
                            List.of(new CampaignView.TargetProduct("ヨーグルト", List.of(), List.of(), 1, null)));
                    UUID c = campaigns.create(draft).id();
                    UUID who = rows.entrant("yogurt-" + System.nanoTime() + "@example.jp");
                    UUID entry = rows.entry(
                            c,
                            who,
                            null,
                            "review",
                            List.of("low_confidence"),
                            Instant.now(),
                            List.of(EntryRows.reading(
                                    "コーヒーの森", today + "T10:00:00", 1130, "からあげ弁当", 1, 498, "ヨーグルト プレーン", 4, 632)));
                    return new UUID[] {c, who, entry};
                }));
        binder.callAs(
                shop.id(), () -> settings.update(made[0], 14, new PointsRule(PointsRule.Kind.PER_PRODUCT, 5, 100)));

        binder.callAs(shop.id(), () -> decisions.decide(made[2], EntryDecisions.Decision.APPROVE, null, Map.of()));

        assertThat(binder.callAs(shop.id(), () -> points.balance(made[1], made[0])))
                .isEqualTo(20);
    }

    @Test
    void pointsPerTargetProductAndPerReceiptFollowTheRule() {
        var perProduct = new PointsRule(PointsRule.Kind.PER_PRODUCT, 5, 100);
        var perReceipt = new PointsRule(PointsRule.Kind.PER_RECEIPT, 2, 100);
        assertThat(perProduct.pointsFor(2, 3000, 3)).isEqualTo(15);
        assertThat(perReceipt.pointsFor(2, 3000, 3)).isEqualTo(4);
        assertThat(new PointsRule(PointsRule.Kind.PER_YEN, 1, 100).pointsFor(1, 1699, 0))
                .isEqualTo(16);
        assertThat(PointsRule.NONE.pointsFor(5, 100_000, 5)).isZero();
    }

    @Test
    void anotherTenantSeesNoBalance() {
        binder.callAs(shop.id(), () -> points.earn(entrant, campaign, 50, "test_grant", null));
        var rival = TenantFixtures.aTenant(tenants, "points-rival");

        assertThat(binder.callAs(rival.id(), () -> points.balance(entrant, campaign)))
                .isZero();
        assertThat(binder.callAs(rival.id(), () -> points.balances(entrant))).isEmpty();
        assertThatThrownBy(() -> binder.callAs(rival.id(), () -> points.spend(entrant, campaign, 1, "x")))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("insufficient_points"));
    }
}
