package jp.tokuten.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.UUID;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.identity.Entrants;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The payout adapter against a local provider speaking the documented protocol (a real HTTP server checking
 * and making HMAC signatures), and a payout prize paid through it after its grant.
 */
@TokutenTest
class PayoutTests {

    static final String SECRET = "a-shared-secret-of-at-least-32-bytes-0123";

    @Autowired
    Awards awards;

    @Autowired
    Payouts payouts;

    @Autowired
    Entrants entrants;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    FakePayoutServer provider;
    HttpPayoutProvider adapter;

    @BeforeEach
    void aProvider() throws Exception {
        provider = new FakePayoutServer(SECRET);
        adapter = new HttpPayoutProvider(provider.url(), FakePayoutServer.KEY_ID, SECRET, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void aPayoutIsRequestedOncePerIdempotencyKeyAndPolledUntilPaid() {
        var request = new PayoutProvider.PayoutRequest("award-1", 500, "winner@example.jp", "現金500円");

        var first = adapter.request(request);
        var again = adapter.request(request);

        assertThat(first.status()).isEqualTo(PayoutProvider.Status.PENDING);
        assertThat(first.amountYen()).isEqualTo(500);
        assertThat(again.reference()).isEqualTo(first.reference());
        provider.settle(first.reference(), "paid", null);
        assertThat(adapter.status(first.reference()).status()).isEqualTo(PayoutProvider.Status.PAID);
    }

    @Test
    void theSameKeyForAnotherAmountIsAConflictNotASecondPayout() {
        adapter.request(new PayoutProvider.PayoutRequest("award-2", 500, "winner@example.jp", "現金"));

        assertThatThrownBy(() ->
                        adapter.request(new PayoutProvider.PayoutRequest("award-2", 900, "winner@example.jp", "現金")))
                .isInstanceOf(PayoutProvider.PayoutException.class)
                .hasMessageContaining("409")
                .hasMessageContaining("idempotency_conflict");
    }

    @Test
    void aRequestSignedWithAnotherSecretIsRefusedByTheProvider() {
        var wrong = new HttpPayoutProvider(
                provider.url(), FakePayoutServer.KEY_ID, "another-secret-of-at-least-32-bytes-xyz", Clock.systemUTC());

        assertThatThrownBy(() -> wrong.request(new PayoutProvider.PayoutRequest("k", 100, "a@example.jp", "x")))
                .isInstanceOf(PayoutProvider.PayoutException.class);
        assertThat(provider.requests.get()).isZero();
    }

    @Test
    void anAnswerWithAWrongSignatureIsNotTrusted() {
        provider.signWrongly(true);

        assertThatThrownBy(() -> adapter.request(new PayoutProvider.PayoutRequest("k2", 100, "a@example.jp", "x")))
                .isInstanceOf(PayoutProvider.PayoutException.class)
                .hasMessageContaining("wrong signature");
    }

    @Test
    void aPayoutPrizeIsPendingUntilTheProviderPaysItThenDelivered() {
        TenantView shop = TenantFixtures.aTenant(tenants, "payouts");
        UUID entrant = binder.callAs(
                shop.id(), () -> entrants.findOrCreateByEmail("cash@example.jp").id());
        var award = binder.callAs(
                shop.id(),
                () -> awards.grant(new NewAward(
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        entrant,
                        null,
                        NewAward.Source.DRAW,
                        NewAward.Kind.PAYOUT,
                        "現金1,000円",
                        1000,
                        null,
                        null,
                        1000L)));
        assertThat(award.status()).isEqualTo(AwardView.Status.PAYOUT_PENDING);

        assertThatThrownBy(() -> binder.callAs(shop.id(), () -> payouts.advance(award.id(), adapter)))
                .isInstanceOf(PayoutProvider.PayoutException.class)
                .hasMessageContaining("pending");
        String reference = binder.callAs(shop.id(), () -> awards.get(award.id()).payoutReference());
        assertThat(reference).startsWith("po_");
        provider.settle(reference, "paid", null);

        assertThat(binder.callAs(shop.id(), () -> payouts.advance(award.id(), adapter)))
                .isEqualTo(AwardView.Status.DELIVERED);
        assertThat(binder.callAs(shop.id(), () -> awards.get(award.id()).status()))
                .isEqualTo(AwardView.Status.DELIVERED);
        assertThat(provider.requests.get()).isEqualTo(2);
        assertThat(binder.callAs(shop.id(), () -> payouts.advance(award.id(), adapter)))
                .isEqualTo(AwardView.Status.DELIVERED);
        assertThat(provider.requests.get()).isEqualTo(2);
    }
}
