package jp.tokuten.coupons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
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
 * Serial codes under the total cap, claims of one code at once, the per-holder cap on claims, the
 * acquisition lottery's window and draw, the rate limits per source and per holder, and the demo coupon.
 */
@TokutenTest
class CouponDistributionTests {

    @Autowired
    Coupons coupons;

    @Autowired
    Acquisitions acquisitions;

    @Autowired
    SerialCodes serials;

    @Autowired
    Lottery lottery;

    @Autowired
    Redemptions redemptions;

    @Autowired
    CouponRateLimits limits;

    @Autowired
    LimitedAcquisitions limited;

    @Autowired
    DemoCoupon demo;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    TenantView shop;

    @BeforeEach
    void aTenant() {
        shop = TenantFixtures.aTenant(tenants, "coupon-dist");
    }

    UUID published(CouponDraft draft) {
        return binder.callAs(
                shop.id(), () -> coupons.publish(coupons.create(draft).id()).id());
    }

    <T> T as(java.util.function.Supplier<T> work) {
        return binder.callAs(shop.id(), work::get);
    }

    static String problem(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e.code();
        }
        return "ok";
    }

    List<String> serialCodes(UUID coupon) {
        var codes = new java.util.ArrayList<String>();
        binder.runAs(shop.id(), () -> serials.export(coupon, s -> codes.add(s.code())));
        return codes;
    }

    @Test
    void serialCodesAreMadeUnderTheCapAllOrNone() {
        UUID coupon = published(CouponFixtures.yenOff(100).withCaps(6_000, 1, 1));
        as(() -> acquisitions.acquire(coupon, "first@example.jp"));

        Instant start = Instant.now();
        assertThat(as(() -> serials.generate(coupon, 5_500))).isEqualTo(5_500);
        Duration took = Duration.between(start, Instant.now());

        var after = as(() -> coupons.require(coupon));
        assertThat(after.serials()).isEqualTo(5_500);
        assertThat(after.issued()).isEqualTo(1);
        assertThat(after.remaining()).isEqualTo(499);
        var codes = serialCodes(coupon);
        assertThat(codes)
                .hasSize(5_500)
                .doesNotHaveDuplicates()
                .allSatisfy(c -> assertThat(c).hasSize(CouponCodes.LENGTH).matches("[" + CouponCodes.ALPHABET + "]+"));

        assertThat(problem(() -> as(() -> serials.generate(coupon, 1_000)))).isEqualTo("cap_reached");
        assertThat(as(() -> coupons.require(coupon)))
                .satisfies(c -> assertThat(c.serials()).isEqualTo(5_500))
                .satisfies(c -> assertThat(c.remaining()).isEqualTo(499));
        assertThat(as(() -> serials.generate(coupon, 499))).isEqualTo(499);
        assertThat(problem(() -> as(() -> acquisitions.acquire(coupon, "late@example.jp"))))
                .isEqualTo("cap_reached");
        assertThat(problem(() -> as(() -> serials.generate(coupon, 0)))).isEqualTo("invalid_count");
        assertThat(problem(() -> as(() -> serials.generate(coupon, SerialCodes.MAX_PER_CALL + 1))))
                .isEqualTo("invalid_count");
        System.out.printf("5,500 serial codes generated in %d ms%n", took.toMillis());
    }

    @Test
    void ofTwoHundredClaimsOfOneSerialCodeAtOnceExactlyOneWins() throws Exception {
        UUID coupon = published(CouponFixtures.yenOff(100).withCaps(10, 1, 1));
        as(() -> serials.generate(coupon, 1));
        String code = serialCodes(coupon).getFirst();
        var winner = new AtomicReference<String>();

        Map<String, Integer> outcomes = CouponFixtures.burst(binder, shop.id(), 200, 200, n -> {
            var i = acquisitions.claim(CouponCodes.display(code).toLowerCase(), "claimer" + n + "@example.jp");
            winner.set(i.holder());
            return i;
        });

        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 1, "not_found", 199));
        var instance = as(() -> redemptions.instance(code).orElseThrow());
        assertThat(instance.holder()).isEqualTo(winner.get());
        assertThat(instance.source()).isEqualTo("serial");
        var after = as(() -> coupons.require(coupon));
        assertThat(after.issued()).isEqualTo(1);
        assertThat(after.serials()).isZero();
        assertThat(as(() -> redemptions.instancesOf(winner.get()))).hasSize(1);
    }

    @Test
    void claimsHoldThePerHolderCapAndAWrongClaimedOrUsedCodeIsNotFound() {
        UUID coupon = published(CouponFixtures.yenOff(100).withCaps(null, 2, 1));
        as(() -> serials.generate(coupon, 5));
        var codes = serialCodes(coupon);

        as(() -> acquisitions.claim(codes.get(0), "hanako@example.jp"));
        as(() -> acquisitions.claim(codes.get(1), "HANAKO@example.jp"));
        assertThat(problem(() -> as(() -> acquisitions.claim(codes.get(2), "hanako@example.jp"))))
                .isEqualTo("holder_cap_reached");
        assertThat(as(() -> redemptions.instance(codes.get(2)).orElseThrow().holder()))
                .isNull();

        as(() -> redemptions.redeem(codes.get(3), null, Proof.api(), null));
        assertThat(problem(() -> as(() -> acquisitions.claim(codes.get(0), "taro@example.jp"))))
                .isEqualTo("not_found");
        assertThat(problem(() -> as(() -> acquisitions.claim(codes.get(3), "taro@example.jp"))))
                .isEqualTo("not_found");
        assertThat(problem(() -> as(() -> acquisitions.claim("7KQM-3XHT-A94P", "taro@example.jp"))))
                .isEqualTo("not_found");
        assertThat(problem(() -> as(() -> acquisitions.claim("not a code", "taro@example.jp"))))
                .isEqualTo("not_found");
        assertThat(problem(() -> as(() -> acquisitions.claim(codes.get(4), " "))))
                .isEqualTo("invalid_holder");
        assertThat(as(() -> coupons.require(coupon)))
                .satisfies(c -> assertThat(c.issued()).isEqualTo(2))
                .satisfies(c -> assertThat(c.serials()).isEqualTo(3))
                .satisfies(c -> assertThat(c.used()).isEqualTo(1));

        var other = TenantFixtures.aTenant(tenants, "coupon-dist-other");
        assertThat(problem(() -> binder.callAs(other.id(), () -> acquisitions.claim(codes.get(4), "x@example.jp"))))
                .isEqualTo("not_found");
        assertThat(as(() -> redemptions.instance(codes.get(4)).orElseThrow().holder()))
                .isNull();
    }

    @Test
    void importedCodesAreAllOrNone() {
        UUID coupon = published(CouponFixtures.yenOff(100).withCaps(3, null, 1));
        var made = serialCodes(coupon);
        assertThat(made).isEmpty();

        var bad = assertProblem(() -> as(() -> serials.importCodes(
                coupon, List.of("code", "AAAA-CCCC-DDDD", "aaaa cccc dddd", "OOOO-0000-1111", "", "ＡＡＡＡＣＣＣＣＥＥＥＥ"))));
        assertThat(bad.code()).isEqualTo("invalid_csv");
        assertThat(bad.properties().get("errors").toString())
                .contains("{line=3, code=duplicate_in_file}")
                .contains("{line=4, code=invalid_code}");
        assertThat(as(() -> coupons.require(coupon).serials())).isZero();

        assertThat(as(() -> serials.importCodes(coupon, List.of("code", "AAAA-CCCC-DDDD", "aaaa-cccc-eeee"))))
                .isEqualTo(2);
        var exists = assertProblem(() -> as(() -> serials.importCodes(coupon, List.of("AAAACCCCDDDD"))));
        assertThat(exists.code()).isEqualTo("invalid_csv");
        assertThat(exists.properties().get("errors").toString()).contains("{line=1, code=already_exists}");
        var over =
                assertProblem(() -> as(() -> serials.importCodes(coupon, List.of("AAAA-CCCC-FFFF", "AAAA-CCCC-HHHH"))));
        assertThat(over.code()).isEqualTo("cap_reached");
        assertThat(as(() -> coupons.require(coupon)))
                .satisfies(c -> assertThat(c.serials()).isEqualTo(2))
                .satisfies(c -> assertThat(c.remaining()).isEqualTo(1));
        assertThat(as(() -> serials.importCodes(coupon, List.of("AAAA-CCCC-FFFF"))))
                .isEqualTo(1);
    }

    @Test
    void aLotteryTakesOneApplicationPerHolderInItsWindowAndDrawsOnce() {
        Instant until = Instant.now().plusSeconds(3);
        UUID coupon = published(CouponFixtures.yenOff(100)
                .withCaps(100, 1, 1)
                .withLottery(Instant.now().minusSeconds(60), until, 30));
        for (int i = 0; i < 50; i++) {
            int n = i;
            as(() -> lottery.apply(coupon, "applicant" + n + "@example.jp"));
        }
        assertThat(problem(() -> as(() -> lottery.apply(coupon, "APPLICANT7@example.jp"))))
                .isEqualTo("already_applied");
        assertThat(problem(() -> as(() -> acquisitions.acquire(coupon, "rush@example.jp"))))
                .isEqualTo("acquisition_by_lottery");
        assertThat(problem(() -> as(() -> lottery.draw(coupon)))).isEqualTo("application_window_open");
        assertThat(as(() -> lottery.applications(coupon).applications())).isEqualTo(50);

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"application_window_open".equals(problem(() -> as(() -> lottery.draw(coupon)))));
        assertThat(problem(() -> as(() -> lottery.apply(coupon, "late@example.jp"))))
                .isEqualTo("not_in_application_window");
        assertThat(problem(() -> as(() -> lottery.draw(coupon)))).isEqualTo("already_drawn");

        var counts = as(() -> lottery.applications(coupon));
        assertThat(counts.applications()).isEqualTo(50);
        assertThat(counts.won()).isEqualTo(30);
        assertThat(counts.lost()).isEqualTo(20);
        assertThat(counts.drawnAt()).isNotNull();
        var holders = new HashSet<String>();
        for (int i = 0; i < 50; i++) {
            String applicant = "applicant" + i + "@example.jp";
            var held = as(() -> redemptions.instancesOf(applicant));
            assertThat(held)
                    .hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(h -> assertThat(h.source()).isEqualTo("lottery"));
            held.forEach(h -> holders.add(h.holder()));
        }
        assertThat(holders).hasSize(30);
        var after = as(() -> coupons.require(coupon));
        assertThat(after.issued()).isEqualTo(30);
        assertThat(after.remaining()).isEqualTo(70);
    }

    @Test
    void fewerApplicationsThanWinnersAllWinAndTheCapStillHolds() {
        UUID coupon = published(CouponFixtures.yenOff(100)
                .withCaps(5, null, 1)
                .withLottery(null, Instant.now().plusSeconds(2), null));
        for (int i = 0; i < 3; i++) {
            int n = i;
            as(() -> lottery.apply(coupon, "few" + n + "@example.jp"));
        }
        as(() -> acquisitions.issue(coupon, "prize@example.jp"));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"application_window_open".equals(problem(() -> as(() -> lottery.draw(coupon)))));
        var counts = as(() -> lottery.applications(coupon));
        assertThat(counts.won()).isEqualTo(3);
        assertThat(counts.lost()).isZero();
        assertThat(counts.winners()).isEqualTo(5);
        assertThat(as(() -> coupons.require(coupon).remaining())).isEqualTo(1);
    }

    @Test
    void whenFewerUnitsAreLeftThanWinnersTheLastDrawnLoseAndKeepTheirPerHolderCount() {
        UUID coupon = published(CouponFixtures.yenOff(100)
                .withCaps(3, 1, 1)
                .withLottery(null, Instant.now().plusSeconds(2), null));
        for (int i = 0; i < 3; i++) {
            int n = i;
            as(() -> lottery.apply(coupon, "tight" + n + "@example.jp"));
        }
        as(() -> acquisitions.issue(coupon, "prize@example.jp"));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"application_window_open".equals(problem(() -> as(() -> lottery.draw(coupon)))));
        var counts = as(() -> lottery.applications(coupon));
        assertThat(counts.won()).isEqualTo(2);
        assertThat(counts.lost()).isEqualTo(1);
        assertThat(as(() -> coupons.require(coupon)))
                .satisfies(c -> assertThat(c.remaining()).isZero())
                .satisfies(c -> assertThat(c.issued()).isEqualTo(3));
        String loser = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> "tight" + i + "@example.jp")
                .filter(h -> as(() -> redemptions.instancesOf(h)).isEmpty())
                .findFirst()
                .orElseThrow();
        // the loser's per-holder count was given back: only the cap refuses them now
        assertThat(problem(() -> as(() -> acquisitions.issue(coupon, loser)))).isEqualTo("cap_reached");
        long counted = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> jdbc.queryForObject(
                        "select count(*) from coupons.holder_counts where coupon_id = ?", Long.class, coupon)));
        assertThat(counted).isEqualTo(3);
    }

    @Test
    void aLotteryNeedsItsWindowAndFirstComeCouponsTakeNone() {
        assertThat(problem(() -> as(() -> coupons.create(CouponFixtures.yenOff(100)
                        .withLottery(
                                Instant.now().plusSeconds(120), Instant.now().plusSeconds(60), null)))))
                .isEqualTo("invalid_coupon");
        // without an end, applications are open until the editor draws; without a cap or winners, all win
        UUID open = published(CouponFixtures.yenOff(100).withLottery(null, null, null));
        as(() -> lottery.apply(open, "open1@example.jp"));
        as(() -> lottery.apply(open, "open2@example.jp"));
        assertThat(as(() -> lottery.draw(open).won())).isEqualTo(2);
        assertThat(problem(() -> as(() -> lottery.apply(open, "open3@example.jp"))))
                .isEqualTo("not_in_application_window");
        assertThat(problem(() -> as(() -> coupons.create(CouponFixtures.yenOff(100)
                        .withCaps(10, null, 1)
                        .withLottery(null, Instant.now().plusSeconds(60), 11)))))
                .isEqualTo("invalid_coupon");
        UUID firstCome = published(CouponFixtures.yenOff(100));
        assertThat(problem(() -> as(() -> lottery.apply(firstCome, "a@example.jp"))))
                .isEqualTo("not_a_lottery");
        assertThat(problem(() -> as(() -> lottery.draw(firstCome)))).isEqualTo("not_a_lottery");
    }

    long auditEntries(String action) {
        return binder.callAs(
                shop.id(),
                () -> tx.execute(s -> jdbc.queryForObject(
                        "select count(*) from audit.entries where kind = 'meaning' and action = ?",
                        Long.class,
                        action)));
    }

    @Test
    void aHolderCountedWithItsAcquisitionIsCountedOnceWhateverTheAnswer() {
        // the API's path (no source): the count is part of the acquisition's transaction, and a refused
        // acquisition, rolled back with its count, is counted again on its own (decision 153)
        UUID coupon = published(CouponFixtures.yenOff(100).withCaps(100, 3, 1));
        for (int i = 0; i < 3; i++) {
            assertThat(problem(() -> as(() -> limited.acquire(coupon, "many@example.jp", null))))
                    .isEqualTo("ok");
        }
        for (int i = 0; i < 7; i++) { // refused for the per-holder cap: each still counts
            assertThat(problem(() -> as(() -> limited.acquire(coupon, "MANY@example.jp", null))))
                    .isEqualTo("holder_cap_reached");
        }
        assertThat(auditEntries("coupon.rate_limited")).isZero();
        for (int i = 0; i < 2; i++) { // the 11th and 12th of the minute (10 allowed)
            var refused = assertProblem(() -> as(() -> limited.acquire(coupon, "many@example.jp", null)));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.code()).isEqualTo("rate_limited");
            assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
        }
        assertThat(auditEntries("coupon.rate_limited")).isEqualTo(1);
        long hits = binder.callAs(
                shop.id(),
                () -> tx.execute(s -> jdbc.queryForObject(
                        "select hits from coupons.rate_limits where bucket = 'acquisition.holder'", Long.class)));
        assertThat(hits).isEqualTo(12);
        // another holder is not held back; nothing more was issued than the three
        assertThat(problem(() -> as(() -> limited.acquire(coupon, "other@example.jp", null))))
                .isEqualTo("ok");
        assertThat(as(() -> coupons.find(coupon)).orElseThrow().issued()).isEqualTo(4);
    }

    @Test
    void aSourceOverItsLimitIsRefusedWithTheWaitAndRecordedOnce() {
        String source = "198.51.100.23";
        for (int i = 0; i < 30; i++) {
            int n = i;
            binder.runAs(shop.id(), () -> limits.acquisition(source, "h" + n + "@example.jp"));
        }
        for (int i = 0; i < 3; i++) {
            var refused =
                    assertProblem(() -> binder.runAs(shop.id(), () -> limits.acquisition(source, "x@example.jp")));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.code()).isEqualTo("rate_limited");
            assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
        }
        assertThat(auditEntries("coupon.rate_limited")).isEqualTo(1);
        binder.runAs(shop.id(), () -> limits.acquisition("198.51.100.24", "x@example.jp"));
        binder.runAs(shop.id(), () -> limits.acquisition(null, "y@example.jp"));

        for (int i = 0; i < 20; i++) {
            binder.runAs(shop.id(), () -> limits.codeEntry("203.0.113.99", null));
            assertThat(problem(() -> binder.runAs(shop.id(), () -> limits.failure("203.0.113.99", null))))
                    .isEqualTo("ok");
        }
        assertThat(problem(() -> binder.runAs(shop.id(), () -> limits.codeEntry("203.0.113.99", null))))
                .isEqualTo("rate_limited");
        assertThat(auditEntries("coupon.rate_limited")).isEqualTo(2);
        var other = TenantFixtures.aTenant(tenants, "coupon-dist-rate");
        binder.runAs(other.id(), () -> limits.codeEntry("203.0.113.99", null));
    }

    @Test
    void theDemoTenantGetsTwoStoresAndAPublishedCouponOnce() {
        var first = as(() -> demo.ensure());
        var again = as(() -> demo.ensure());
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(first.status()).isEqualTo(CouponStatus.PUBLISHED);
        assertThat(first.stores()).hasSize(2);
        assertThat(as(() -> coupons.list(null))).hasSize(1);
        var code = as(() -> acquisitions.acquire(first.id(), "demo@example.jp")).code();
        assertThat(as(() -> redemptions.redeem(code, first.stores().getFirst(), Proof.api(), null))
                        .usesLeft())
                .isZero();
    }

    static ProblemException assertProblem(Runnable call) {
        try {
            call.run();
        } catch (ProblemException e) {
            return e;
        }
        throw new AssertionError("no problem");
    }

    @Test
    void aPrefixedViewReadsTheColumnsOfOneEntityInARowOfTwo() {
        // an instance and its coupon in one row (Redemptions): both have an id and a valid_from
        jdbc.query("select 'i-one' as i_id, 7 as i_uses_left, 'c-one' as id, 3 as uses_left", rs -> {
            var instance = PrefixedColumns.of(rs, "i_");
            assertThat(instance.getString("id")).isEqualTo("i-one");
            assertThat(instance.getInt("uses_left")).isEqualTo(7);
            assertThat(instance.getInt(2)).isEqualTo(7); // by position: as it is
            assertThat(rs.getString("id")).isEqualTo("c-one");
            assertThat(rs.getInt("uses_left")).isEqualTo(3);
        });
    }
}
