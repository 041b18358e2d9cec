package jp.tokuten.lottery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TestMailServer;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.rewards.AwardView;
import jp.tokuten.rewards.Awards;
import jp.tokuten.rewards.RewardsTestsAccess;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A closed draw end to end with its e-mail (decisions 118, 151): every winner is asked for an address and
 * every other entrant is told they did not win, once each; a winner who lets the deadline pass is told the
 * win is void, a re-draw over the chances left picks a new winner at once, who is asked for an address.
 */
@TokutenTest
class DrawNoticesTests {

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Tokyo"));

    @Autowired
    Tenants tenants;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Courses courses;

    @Autowired
    Draws draws;

    @Autowired
    Awards awards;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationContext context;

    static List<String> subjectsTo(String email) throws Exception {
        var found = new ArrayList<String>();
        for (MimeMessage m : TestMailServer.server().getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(email)) {
                found.add(m.getSubject());
            }
        }
        return found;
    }

    @Test
    void winnersAreAskedLosersAreToldOnceAndALapsedWinIsRedrawnAndAsked() throws Exception {
        TenantView shop = TenantFixtures.aTenant(tenants, "draw-notices");
        var fixtures = new DrawFixtures(dataSource, binder, tx, shop);
        UUID campaign = fixtures.anEndedCampaign(campaigns, TODAY);
        var draft = new CourseDraft(
                "A賞",
                Mechanic.CLOSED_DRAW,
                List.of(PrizeDraft.physical("QUOカード1000円分", 2, 1000)),
                null,
                null,
                ChancesPer.ENTRY,
                1,
                null);
        UUID course = fixtures.course(courses, campaign, draft);
        String run = Long.toString(System.nanoTime(), 36);
        Map<UUID, String> emails = new java.util.HashMap<>();
        for (int i = 0; i < 6; i++) {
            String email = "notice-" + run + "-" + i + "@example.jp";
            UUID entrant = fixtures.entrant(email);
            emails.put(entrant, email);
            fixtures.entry(campaign, entrant, "approved", 1);
        }
        var draw = binder.callAs(shop.id(), () -> draws.create(campaign, course, true));
        binder.callAs(shop.id(), () -> draws.run(draw.id()));

        RewardsTestsAccess.sweep(context, shop.id());
        RewardsTestsAccess.sweep(context, shop.id());

        List<AwardView> won = binder.callAs(shop.id(), () -> awards.list(campaign));
        assertThat(won).hasSize(2);
        var winners = won.stream().map(AwardView::entrantId).toList();
        for (var e : emails.entrySet()) {
            if (winners.contains(e.getKey())) {
                assertThat(subjectsTo(e.getValue())).containsExactly("【ご当選】QUOカード1000円分 のお届け先をご入力ください");
            } else {
                assertThat(subjectsTo(e.getValue())).containsExactly("【抽選結果のお知らせ】キャンペーンへのご応募ありがとうございました");
            }
        }

        // the first winner lets the deadline pass: the sweep voids the win and the re-draw picks another
        AwardView lapsing = won.getFirst();
        binder.runAs(
                shop.id(),
                () -> tx.executeWithoutResult(s -> new JdbcTemplate(dataSource)
                        .update(
                                "update rewards.awards set deadline = now() - interval '1 minute' where id = ?",
                                lapsing.id())));
        RewardsTestsAccess.sweep(context, shop.id());
        RewardsTestsAccess.sweep(context, shop.id());

        assertThat(subjectsTo(emails.get(lapsing.entrantId()))).contains("【ご当選について】QUOカード1000円分 の当選が無効になりました");
        List<AwardView> after = binder.callAs(shop.id(), () -> awards.list(campaign));
        assertThat(after).hasSize(3);
        AwardView redrawn = after.stream()
                .filter(a -> !won.stream().map(AwardView::id).toList().contains(a.id()))
                .findFirst()
                .orElseThrow();
        assertThat(winners).doesNotContain(redrawn.entrantId());
        assertThat(redrawn.status()).isEqualTo(AwardView.Status.ADDRESS_REQUESTED);
        assertThat(subjectsTo(emails.get(redrawn.entrantId())))
                .containsExactly("【抽選結果のお知らせ】キャンペーンへのご応募ありがとうございました", "【ご当選】QUOカード1000円分 のお届け先をご入力ください");
        var redraws = binder.callAs(shop.id(), () -> draws.ofCampaign(campaign)).stream()
                .filter(d -> draw.id().equals(d.redrawOf()))
                .toList();
        assertThat(redraws)
                .singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo("drawn"));
    }
}
