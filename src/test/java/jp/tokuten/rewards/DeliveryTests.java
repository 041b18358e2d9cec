package jp.tokuten.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TestMailServer;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.Entrants;
import jp.tokuten.jobs.JobQueueFixtures;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivery of a physical prize end to end on the real database and SMTP server: the award's e-mail with the
 * form's link (sent once by the sweep job), the address given and changed until the deadline, the form's
 * checks, shipping and delivery, and the lapse that voids the award and publishes {@link AwardLapsed}.
 */
@TokutenTest
@RecordApplicationEvents
class DeliveryTests {

    static final Pattern LINK = Pattern.compile("http://tokuten\\.test/c/([a-z0-9-]+)/winners/([A-Za-z0-9_-]+)");

    @Autowired
    Awards awards;

    @Autowired
    Delivery delivery;

    @Autowired
    DeliverySweep sweep;

    @Autowired
    GiftCodePools pools;

    @Autowired
    WinnerMessages messages;

    @Autowired
    Entrants entrants;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ApplicationContext context;

    @Autowired
    ApplicationEvents events;

    TenantView shop;
    TenantView other;
    UUID campaign;
    String email;
    UUID entrant;

    static final WinnerAddress.Typed HANAKO =
            new WinnerAddress.Typed("山田 花子", "104-0061", "東京都", "中央区", "銀座", "１－２－３", "とくてんビル5階", "090-1234-5678");

    @BeforeEach
    void winner() {
        shop = TenantFixtures.aTenant(tenants, "delivery");
        other = TenantFixtures.aTenant(tenants, "delivery-other");
        campaign = UUID.randomUUID();
        email = "winner-" + System.nanoTime() + "@example.jp";
        entrant = binder.callAs(
                shop.id(), () -> entrants.findOrCreateByEmail(email).id());
    }

    AwardView won() {
        return binder.callAs(shop.id(), () -> awards.grant(RewardFixtures.physical(campaign, entrant)));
    }

    /**
     * Runs the scheduled enqueue and the job worker, as a node would; the sweep of a tenant runs once a minute
     * (its job's unique key), so within the same minute the sweep's handler is run as the worker runs it.
     */
    void sweepNow() {
        sweep.enqueue();
        JobQueueFixtures.drain(context);
        binder.runAs(shop.id(), sweep::sweep);
    }

    static List<MimeMessage> mailsTo(String email) throws Exception {
        var found = new ArrayList<MimeMessage>();
        for (MimeMessage m : TestMailServer.server().getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(email)) {
                found.add(m);
            }
        }
        return found;
    }

    static String token(String email) throws Exception {
        var mails = mailsTo(email);
        assertThat(mails).as("mail to " + email).isNotEmpty();
        var matcher = LINK.matcher((String) mails.getFirst().getContent());
        assertThat(matcher.find()).as("link in the mail").isTrue();
        return matcher.group(2);
    }

    @Test
    void aPhysicalWinIsMailedOnceWithTheLinkToItsAddressForm() throws Exception {
        var award = won();

        sweepNow();
        sweepNow();

        var mails = mailsTo(email);
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().getSubject()).isEqualTo("【ご当選】特製タオル のお届け先をご入力ください");
        String body = (String) mails.getFirst().getContent();
        assertThat(body).contains("「特製タオル」にご当選されました", "入力期限: ").doesNotContain("{");
        var link = LINK.matcher(body);
        assertThat(link.find()).isTrue();
        assertThat(link.group(1)).isEqualTo(shop.slug());
        var form = binder.callAs(shop.id(), () -> delivery.form(link.group(2))).orElseThrow();
        assertThat(form.awardId()).isEqualTo(award.id());
        assertThat(form.open()).isTrue();
        assertThat(form.address()).isNull();
        // only the token's digest is stored
        long stored = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> jdbc.queryForObject(
                        "select count(*) from rewards.winner_links where token_sha256 = ?",
                        Long.class,
                        link.group(2))));
        assertThat(stored).isZero();
    }

    @Test
    void theWinnerGivesTheAddressOnceAndChangesItUntilTheDeadline() throws Exception {
        var award = won();
        sweepNow();
        String token = token(email);

        var given = binder.callAs(shop.id(), () -> delivery.submit(token, HANAKO));
        assertThat(given.status()).isEqualTo(AwardView.Status.ADDRESS_GIVEN);
        assertThat(given.address())
                .isEqualTo(
                        new WinnerAddress("山田 花子", "1040061", "東京都", "中央区", "銀座", "１－２－３", "とくてんビル5階", "09012345678"));

        var changed = binder.callAs(
                shop.id(),
                () -> delivery.submit(
                        token,
                        new WinnerAddress.Typed("山田 花子", "1000005", "東京都", "千代田区", "丸の内", "1-1", "", "03-1234-5678")));
        assertThat(changed.address().town()).isEqualTo("丸の内");
        assertThat(changed.address().phone()).isEqualTo("0312345678");
        assertThat(binder.callAs(shop.id(), () -> awards.get(award.id())).status())
                .isEqualTo(AwardView.Status.ADDRESS_GIVEN);
    }

    @Test
    void theFormRefusesEachFieldInErrorAndSavesNothing() throws Exception {
        won();
        sweepNow();
        String token = token(email);

        assertThatThrownBy(() -> binder.callAs(
                        shop.id(),
                        () -> delivery.submit(
                                token, new WinnerAddress.Typed("", "12-345", "東京", "", "", "", "", "12345"))))
                .isInstanceOfSatisfying(
                        WinnerAddress.Rejected.class,
                        e -> assertThat(e.errors())
                                .containsEntry("fullName", "winner.error.required")
                                .containsEntry("postalCode", "winner.error.postalCode")
                                .containsEntry("prefecture", "winner.error.prefecture")
                                .containsEntry("city", "winner.error.required")
                                .containsEntry("addressLine1", "winner.error.required")
                                .containsEntry("phone", "winner.error.phone")
                                .doesNotContainKey("town"));
        assertThat(binder.callAs(shop.id(), () -> delivery.form(token))
                        .orElseThrow()
                        .address())
                .isNull();
    }

    @Test
    void anotherTenantCannotUseTheLink() throws Exception {
        won();
        sweepNow();
        String token = token(email);

        assertThat(binder.callAs(other.id(), () -> delivery.form(token))).isEmpty();
        assertThatThrownBy(() -> binder.callAs(other.id(), () -> delivery.submit(token, HANAKO)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
        assertThat(binder.callAs(shop.id(), () -> delivery.form("x".repeat(43))))
                .isEmpty();
    }

    @Test
    void aShippedPrizeIsMailedWithItsTrackingNumberAndCanNoLongerBeReaddressed() throws Exception {
        var award = won();
        sweepNow();
        String token = token(email);
        binder.callAs(shop.id(), () -> delivery.submit(token, HANAKO));

        binder.runAs(shop.id(), () -> delivery.ship(award.id(), "1234-5678-9012"));
        sweepNow();

        assertThat(mailsTo(email)).hasSize(2);
        assertThat((String) mailsTo(email).get(1).getContent()).contains("お問い合わせ番号: 1234-5678-9012");
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> delivery.submit(token, HANAKO)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("address_closed"));
        binder.runAs(shop.id(), () -> delivery.markDelivered(award.id()));
        assertThat(binder.callAs(shop.id(), () -> awards.get(award.id())).status())
                .isEqualTo(AwardView.Status.DELIVERED);
        assertThatThrownBy(() -> binder.runAs(shop.id(), () -> delivery.markDelivered(award.id())))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("award_invalid_transition"));
        assertThatThrownBy(() -> binder.runAs(other.id(), () -> delivery.ship(award.id(), "1")))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
    }

    @Test
    void aLapsedDeadlineVoidsTheAwardPublishesAwardLapsedAndTellsTheWinner() throws Exception {
        var lapsing = won();
        var answered = won();
        sweepNow();
        String answeredToken = tokenOf(answered.id());
        binder.callAs(shop.id(), () -> delivery.submit(answeredToken, HANAKO));
        pastDeadline(lapsing.id());
        pastDeadline(answered.id());

        sweepNow();

        assertThat(binder.callAs(shop.id(), () -> awards.get(lapsing.id()))).satisfies(a -> {
            assertThat(a.status()).isEqualTo(AwardView.Status.VOIDED);
            assertThat(a.voidedReason()).isEqualTo("address_deadline_passed");
        });
        assertThat(binder.callAs(shop.id(), () -> awards.get(answered.id())).status())
                .isEqualTo(AwardView.Status.ADDRESS_GIVEN);
        assertThat(events.stream(AwardLapsed.class))
                .filteredOn(e -> e.awardId().equals(lapsing.id()))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.tenant()).isEqualTo(shop.id());
                    assertThat(e.campaignId()).isEqualTo(campaign);
                    assertThat(e.entrantId()).isEqualTo(entrant);
                });
        assertThat(events.stream(AwardLapsed.class)).noneMatch(e -> e.awardId().equals(answered.id()));
        assertThat(mailsTo(email)).extracting(MimeMessage::getSubject).contains("【ご当選について】特製タオル の当選が無効になりました");
        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> delivery.submit(answeredToken, HANAKO)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("address_closed"));
    }

    @Test
    void aGiftCodeWinIsMailedOnceWithItsCodeAndTheTemplateMustKeepTheCode() throws Exception {
        var pool = binder.callAs(shop.id(), () -> pools.create("デジタルギフト", campaign, 0));
        binder.callAs(
                shop.id(),
                () -> pools.upload(pool.id(), "GIFT-7Q4M-ZX2P\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        binder.callAs(shop.id(), () -> awards.grant(RewardFixtures.giftCode(campaign, entrant, pool.id())));

        sweepNow();
        sweepNow();

        var mails = mailsTo(email);
        assertThat(mails).hasSize(1);
        assertThat(mails.getFirst().getSubject()).isEqualTo("【ご当選】デジタルギフト500円分 のギフトコードをお送りします");
        assertThat((String) mails.getFirst().getContent())
                .contains("ギフトコード: GIFT-7Q4M-ZX2P", "http://tokuten.test/c/" + shop.slug() + "/mine")
                .doesNotContain("{");
        assertThatThrownBy(() -> binder.runAs(
                        shop.id(),
                        () -> messages.save(
                                campaign, WinnerNotice.Kind.GIFT_CODE, java.util.Locale.JAPANESE, "件名", "コードなしの本文")))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.code()).isEqualTo("invalid_mail_template"));
    }

    private String tokenOf(UUID awardId) throws Exception {
        for (MimeMessage m : mailsTo(email)) {
            var matcher = LINK.matcher((String) m.getContent());
            if (matcher.find()) {
                String token = matcher.group(2);
                var form = binder.callAs(shop.id(), () -> delivery.form(token));
                if (form.isPresent() && form.get().awardId().equals(awardId)) {
                    return token;
                }
            }
        }
        throw new AssertionError("no link for " + awardId);
    }

    private void pastDeadline(UUID awardId) {
        binder.runAs(
                shop.id(),
                () -> tx.executeWithoutResult(s -> jdbc.update(
                        "update rewards.awards set deadline = now() - interval '1 minute' where id = ?", awardId)));
    }
}
