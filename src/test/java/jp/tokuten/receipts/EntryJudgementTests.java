package jp.tokuten.receipts;

import static jp.tokuten.campaigns.CampaignFixtures.aDraft;
import static jp.tokuten.receipts.JudgementFixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignDraft;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.CampaignView;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.identity.Entrants;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Entries judged on the real database: each receipt's reading is stored as the reading job stores it and
 * the judge is told in the same transaction, as {@link ReceiptSubmissions} tells it.
 */
@TokutenTest
class EntryJudgementTests {

    @Autowired
    CampaignEntries entries;

    @Autowired
    EntryDecisions decisions;

    @Autowired
    EntryJudgement judgement;

    @Autowired
    EntryJudge judge;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Entrants entrants;

    @Autowired
    jp.tokuten.stores.Stores stores;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Clock clock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JsonMapper json;

    TenantView tenant;
    LocalDate today;

    @BeforeEach
    void tenant() {
        tenant = TenantFixtures.aTenant(tenants, "judge");
        today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
    }

    <T> T as(Callable<T> work) {
        return binder.callAs(
                tenant.id(),
                () -> tx.execute(s -> {
                    try {
                        return work.call();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
    }

    CampaignView open(CampaignDraft draft) {
        return as(() -> {
            var c = campaigns.create(draft);
            return campaigns.open(c.id());
        });
    }

    /** The rules of these tests: June-ish period around today, two target products, a store, ¥1,000 minimum. */
    CampaignDraft rules(String fraudAction) {
        var d = CampaignFixtures.withRules(
                aDraft(today),
                new CampaignView.Period(today.minusDays(30), today),
                1000L,
                List.of("あおばマート新市街店"),
                List.of(new CampaignView.TargetProduct("トクテン茶", List.of("ﾄｸﾃﾝﾁｬ"), List.of(), 2, null)));
        return new CampaignDraft(
                d.name(),
                d.purchasePeriod(),
                d.entryPeriod(),
                d.uploadGraceDays(),
                d.minimumTotal(),
                d.stores(),
                d.chains(),
                d.prefectures(),
                d.targetProducts(),
                d.perEntrantLimit(),
                d.receiptsPerEntry(),
                d.formFields(),
                d.landingText(),
                d.terms(),
                d.landingImage(),
                fraudAction);
    }

    /** A surely read receipt that meets {@link #rules}: bought yesterday, ¥1,200 with two bottles of tea. */
    JudgementFixtures.Reading good(String number) {
        return reading()
                .store("あおばマート 新市街店")
                .phone("096-123-4567")
                .purchasedAt(today.minusDays(1) + "T12:34:00")
                .receiptNumber(number)
                .item("ﾄｸﾃﾝﾁｬ 500ML", 2, 300)
                .total(1200);
    }

    UUID entrant(String email) {
        return as(() -> entrants.findOrCreateByEmail(email).id());
    }

    EntryView submit(CampaignView c, UUID entrant, int receipts) {
        return submit(c, entrant, receipts, null);
    }

    EntryView submit(CampaignView c, UUID entrant, int receipts, String device) {
        List<CampaignEntries.ReceiptUpload> photos = new ArrayList<>();
        for (int i = 0; i < receipts; i++) {
            photos.add(CampaignEntriesTests.photo());
        }
        return as(() -> entries.submit(c.id(), entrant, photos, Map.of(), device));
    }

    /** Stores the reading of the entry's receipt number {@code i} as the reading job does, and tells the judge. */
    EntryView read(EntryView entry, int i, JudgementFixtures.Reading reading) {
        UUID submission = entry.submissions().get(i);
        return as(() -> {
            jdbc.update(
                    "update receipts.submissions set status = 'read', reading = ?::jsonb, read_at = now() where id = ?",
                    json.writeValueAsString(reading.json()),
                    submission);
            judge.read(submission);
            return entries.find(entry.id()).orElseThrow();
        });
    }

    long count(String sql, Object... args) {
        return as(() -> jdbc.queryForObject(sql, Long.class, args));
    }

    @Test
    void approvesAnEntryOnceAllItsReceiptsAreReadSummingTheirTotals() {
        var c = open(rules("review"));
        var entry = submit(c, entrant("sum@example.jp"), 2);
        var half = good("1").total(600).item("ﾄｸﾃﾝﾁｬ", 1, 150);
        var first = read(entry, 0, half);
        assertThat(first.status()).as("one receipt of two read").isEqualTo("pending");
        var judged = read(entry, 1, good("2").total(500));
        assertThat(judged.status()).isEqualTo("approved");
        assertThat(judged.reasons()).isEmpty();
        assertThat(judged.judgedAt()).isNotNull();
        assertThat(as(() -> judgement.preview(entry.id())))
                .filteredOn(r -> r.rule().equals("minimum_total"))
                .singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo("1100"));
    }

    @Test
    void aReceiptWhoseReadingFailedIsRejectedAsUnreadableOnceTheOthersAreRead() {
        var c = open(rules("review"));
        var entry = submit(c, entrant("failed@example.jp"), 2);
        UUID first = entry.submissions().get(0);
        var waiting = as(() -> {
            jdbc.update(
                    "update receipts.submissions set status = 'failed', failure_reason = 'reading_failed' where id = ?",
                    first);
            judge.failed(first, "reading_failed");
            return entries.find(entry.id()).orElseThrow();
        });
        assertThat(waiting.status()).isEqualTo("pending");
        var judged = read(entry, 1, good("91"));
        assertThat(judged.status()).isEqualTo("rejected");
        assertThat(judged.reasons()).containsExactly("unreadable_image");
    }

    @Test
    void rejectsWithEveryReasonSurelyReadAndGivesBackTheEntrantsPlace() {
        var c = open(CampaignFixtures.withLimit(rules("review"), 1, 5));
        UUID who = entrant("reject@example.jp");
        var entry = submit(c, who, 1);
        var judged = read(
                entry,
                0,
                reading()
                        .store("ファミリーストア")
                        .purchasedAt(today.minusDays(40) + "T10:00:00")
                        .receiptNumber("9")
                        .item("牛乳", 1, 200)
                        .total(200));
        assertThat(judged.status()).isEqualTo("rejected");
        assertThat(judged.reasons())
                .containsExactly(
                        "purchase_date_outside_period", "store_not_eligible", "no_target_item", "below_minimum_amount");
        // the rejected entry no longer counts against one entry a day
        assertThat(submit(c, who, 1).status()).isEqualTo("pending");
        assertThat(count("select count(*) from receipts.receipt_fingerprints")).isZero();
    }

    @Test
    void neverRejectsAnUnsureReadingButSendsItToReview() {
        var c = open(rules("review"));
        var entry = submit(c, entrant("unsure@example.jp"), 1);
        var judged = read(
                entry, 0, good("1").purchasedAt(today.minusDays(40).toString()).unsure("purchasedAt", 0.3));
        assertThat(judged.status()).isEqualTo("review");
        assertThat(judged.reasons()).containsExactly("low_confidence");
        assertThat(as(() -> judgement.preview(entry.id())))
                .filteredOn(r -> r.rule().equals("purchase_date"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(EntryJudgement.Outcome.UNSURE);
                    assertThat(r.reason()).isEqualTo(ReasonCode.PURCHASE_DATE_OUTSIDE_PERIOD);
                });
    }

    @Test
    void aStoreOfTheTenantsListIsEligibleByItsPrefecture() {
        as(() -> stores.create(
                new jp.tokuten.stores.StoreDraft("あおばマート", "あおばマート", "新市街店", "熊本県", "096-123-4567", null)));
        as(() -> stores.create(new jp.tokuten.stores.StoreDraft("みどり屋", "みどり屋", "天神店", "福岡県", "092-765-4321", null)));
        var d = rules("review");
        var kumamoto = open(new CampaignDraft(
                d.name(),
                d.purchasePeriod(),
                d.entryPeriod(),
                d.uploadGraceDays(),
                d.minimumTotal(),
                List.of(),
                List.of(),
                List.of("熊本県"),
                d.targetProducts(),
                d.perEntrantLimit(),
                d.receiptsPerEntry(),
                d.formFields(),
                d.landingText(),
                d.terms(),
                d.landingImage(),
                d.fraudAction()));
        assertThat(read(submit(kumamoto, entrant("kuma@example.jp"), 1), 0, good("101"))
                        .status())
                .isEqualTo("approved");
        var fukuoka = read(
                submit(kumamoto, entrant("fuku@example.jp"), 1),
                0,
                good("102").store("みどり屋 天神店").phone("092-765-4321"));
        assertThat(fukuoka.status()).isEqualTo("rejected");
        assertThat(fukuoka.reasons()).containsExactly("store_not_eligible");
    }

    @Test
    void aChainNameInTheStoreListMakesEveryStoreOfTheChainEligible() {
        as(() -> stores.create(
                new jp.tokuten.stores.StoreDraft("オーブンテラス 万代店", "オーブンテラス", "万代店", "新潟県", "025-111-2222", null)));
        as(() -> stores.create(
                new jp.tokuten.stores.StoreDraft("みどり屋 天神店", "みどり屋", "天神店", "福岡県", "092-765-4321", null)));
        var d = rules("review");
        var bakery = open(new CampaignDraft(
                d.name(),
                d.purchasePeriod(),
                d.entryPeriod(),
                d.uploadGraceDays(),
                d.minimumTotal(),
                List.of("ｵｰﾌﾞﾝﾃﾗｽ"),
                List.of(),
                List.of(),
                d.targetProducts(),
                d.perEntrantLimit(),
                d.receiptsPerEntry(),
                d.formFields(),
                d.landingText(),
                d.terms(),
                d.landingImage(),
                d.fraudAction()));
        var ours = read(
                submit(bakery, entrant("oven@example.jp"), 1),
                0,
                good("201").store("オーブンテラス 万代店").phone("025-111-2222"));
        assertThat(ours.status()).isEqualTo("approved");
        var theirs = read(
                submit(bakery, entrant("midori@example.jp"), 1),
                0,
                good("202").store("みどり屋 天神店").phone("092-765-4321"));
        assertThat(theirs.status()).isEqualTo("rejected");
        assertThat(theirs.reasons()).containsExactly("store_not_eligible");
    }

    @Test
    void theSameReceiptFromTwoEntrantsCountsOnceAcrossTheTenant() {
        var first = open(rules("block"));
        var second = open(rules("review"));
        var a = read(submit(first, entrant("a@example.jp"), 1), 0, good("77"));
        assertThat(a.status()).isEqualTo("approved");

        var blocked = read(submit(first, entrant("b@example.jp"), 1), 0, good("77"));
        assertThat(blocked.status()).isEqualTo("rejected");
        assertThat(blocked.reasons()).containsExactly("duplicate_receipt");
        // another campaign of the same tenant that sends fraud signals to review
        var reviewed = read(submit(second, entrant("c@example.jp"), 1), 0, good("77"));
        assertThat(reviewed.status()).isEqualTo("review");
        assertThat(reviewed.reasons()).containsExactly("duplicate_receipt");
        assertThat(count("select count(*) from receipts.receipt_fingerprints")).isEqualTo(1);
        // a different receipt of the same store and day is no duplicate
        assertThat(read(submit(first, entrant("d@example.jp"), 1), 0, good("78"))
                        .status())
                .isEqualTo("approved");
    }

    @Test
    void theSamePhotoByItsPerceptualHashIsADuplicateEvenIfReadDifferently() {
        var c = open(rules("block"));
        read(submit(c, entrant("p1@example.jp"), 1), 0, good("1").photo("perceptualHash", "ffe0c0a0b0c0d0e0"));
        var again =
                read(submit(c, entrant("p2@example.jp"), 1), 0, good("2").photo("perceptualHash", "ffe0c0a0b0c0d0e0"));
        assertThat(again.reasons()).containsExactly("duplicate_receipt");
    }

    @Test
    void anEditedPhotoOrAPhotoOfAScreenIsSuspected() {
        var review = open(rules("review"));
        var judged =
                read(submit(review, entrant("edit@example.jp"), 1), 0, good("5").photo("signals", List.of("screen")));
        assertThat(judged.status()).isEqualTo("review");
        assertThat(judged.reasons()).containsExactly("suspected_edited_image");
        var block = open(rules("block"));
        var rejected =
                read(submit(block, entrant("edit2@example.jp"), 1), 0, good("6").photo("signals", List.of("edited")));
        assertThat(rejected.status()).isEqualTo("rejected");
        assertThat(rejected.reasons()).containsExactly("suspected_edited_image");
    }

    @Test
    void manyEntrantsOnOneDeviceAreSentToReview() {
        var c = open(rules("review"));
        assertThat(read(submit(c, entrant("d1@example.jp"), 1, "device-1"), 0, good("11"))
                        .status())
                .isEqualTo("approved");
        assertThat(read(submit(c, entrant("d2@example.jp"), 1, "device-1"), 0, good("12"))
                        .status())
                .isEqualTo("approved");
        var third = read(submit(c, entrant("d3@example.jp"), 1, "device-1"), 0, good("13"));
        assertThat(third.status()).isEqualTo("review");
        assertThat(third.reasons()).containsExactly("shared_identity");
    }

    @Test
    void manyEntrantsAtOneAddressAreSentToReview() {
        var c = open(CampaignFixtures.withForm(
                rules("review"), List.of(CampaignFixtures.field("address", FormField.CharType.TEXT, 200, true))));
        List<EntryView> judged = new ArrayList<>();
        String[] spellings = {"熊本市中央区1-2-3", "熊本市中央区１－２－３", "熊本市 中央区 1-2-3"};
        for (int i = 0; i < 3; i++) {
            UUID who = entrant("addr" + i + "@example.jp");
            String address = spellings[i];
            var entry = as(() -> entries.submit(
                    c.id(), who, List.of(CampaignEntriesTests.photo()), Map.of("address", address), null));
            judged.add(read(entry, 0, good("2" + i)));
        }
        assertThat(judged).extracting(EntryView::status).containsExactly("approved", "approved", "review");
    }

    @Test
    void anUnreadablePhotoIsRejectedAndCanBeResubmittedOnce() {
        var c = open(CampaignFixtures.withLimit(rules("review"), 1, 1));
        UUID who = entrant("retake@example.jp");
        var entry = submit(c, who, 1);
        var rejected = read(entry, 0, reading());
        assertThat(rejected.status()).isEqualTo("rejected");
        assertThat(rejected.reasons()).containsExactly("unreadable_image");

        var again = as(() -> entries.resubmit(entry.id(), List.of(CampaignEntriesTests.photo())));
        assertThat(again.status()).isEqualTo("pending");
        assertThat(again.resubmissionOf()).isEqualTo(entry.id());
        assertThat(read(again, 0, good("31")).status()).isEqualTo("approved");
        assertThatThrownBy(() -> as(() -> entries.resubmit(entry.id(), List.of(CampaignEntriesTests.photo()))))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("not_resubmittable"));
    }

    @Test
    void aRejectionANewPhotoCannotFixCannotBeResubmitted() {
        var c = open(rules("review"));
        var entry = submit(c, entrant("nofix@example.jp"), 1);
        read(entry, 0, good("41").total(100));
        assertThatThrownBy(() -> as(() -> entries.resubmit(entry.id(), List.of(CampaignEntriesTests.photo()))))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("not_resubmittable"));
        assertThat(count("select count(*) from receipts.entries")).isEqualTo(1);
    }

    @Test
    void aReviewersCorrectionJudgesTheEntryAgain() {
        var c = open(rules("review"));
        var entry = submit(c, entrant("fix@example.jp"), 1);
        assertThat(read(entry, 0, good("51").unsure("total", 0.4)).status()).isEqualTo("review");
        var corrected = as(() -> decisions.correct(entry.id(), Map.of("total", "1200")));
        assertThat(corrected.status()).isEqualTo("approved");
        assertThat(corrected.decidedBy()).isNull();
        var below = as(() -> decisions.correct(entry.id(), Map.of("0.total", "900")));
        assertThat(below.status()).isEqualTo("rejected");
        assertThat(below.reasons()).containsExactly("below_minimum_amount");
    }

    @Test
    void aReviewerDecidesAndMayOverturnAnAutomaticDecisionAudited() {
        var c = open(rules("review"));
        var entry = submit(c, entrant("appeal@example.jp"), 1);
        assertThat(read(entry, 0, good("61").total(300)).status()).isEqualTo("rejected");

        var approved = as(() -> decisions.decide(entry.id(), EntryDecisions.Decision.APPROVE, null, Map.of()));
        assertThat(approved.status()).isEqualTo("approved");
        assertThat(approved.reasons()).isEmpty();
        var rejected = as(() -> decisions.decide(
                entry.id(), EntryDecisions.Decision.REJECT, "store_not_eligible", Map.of("store.name", "よそのお店")));
        assertThat(rejected.status()).isEqualTo("rejected");
        assertThat(rejected.reasons()).containsExactly("store_not_eligible");
        assertThat(count(
                        "select count(*) from audit.entries where kind = 'meaning' and action = 'entry.decided' and details ->> 'entry' = ?",
                        entry.id().toString()))
                .isEqualTo(2);
    }

    @Test
    void refusesADecisionWithoutAReasonOrWithAnUnknownField() {
        var c = open(rules("review"));
        var entry = submit(c, entrant("bad@example.jp"), 1);
        assertThatThrownBy(
                        () -> as(() -> decisions.decide(entry.id(), EntryDecisions.Decision.APPROVE, null, Map.of())))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("entry_pending"));
        read(entry, 0, good("71").unsure("total", 0.2));
        for (var bad : List.<Callable<EntryView>>of(
                () -> decisions.decide(entry.id(), EntryDecisions.Decision.REJECT, null, Map.of()),
                () -> decisions.decide(entry.id(), EntryDecisions.Decision.REJECT, "because", Map.of()),
                () -> decisions.decide(entry.id(), EntryDecisions.Decision.APPROVE, null, Map.of("items", "x")),
                () -> decisions.decide(entry.id(), EntryDecisions.Decision.APPROVE, null, Map.of("total", "12a")),
                () -> decisions.decide(entry.id(), EntryDecisions.Decision.APPROVE, null, Map.of("3.total", "12")),
                () -> decisions.decide(
                        entry.id(), EntryDecisions.Decision.APPROVE, null, Map.of("purchasedAt", "2026-02-30")))) {
            assertThatThrownBy(() -> as(bad))
                    .isInstanceOfSatisfying(
                            ProblemException.class, p -> assertThat(p.code()).isEqualTo("invalid_decision"));
        }
        assertThat(as(() -> entries.find(entry.id()).orElseThrow().status())).isEqualTo("review");
        assertThatThrownBy(() -> as(() -> judgement.preview(UUID.randomUUID())))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("not_found"));
    }

    @Test
    void entriesAreTakenDuringTheUploadGraceAndJudgedByThePurchasePeriod() {
        // the entry period ended three days ago; a grace of seven days still takes entries
        var period = new CampaignView.Period(today.minusDays(30), today.minusDays(3));
        var d = rules("review");
        var graced = new CampaignDraft(
                d.name(),
                period,
                period,
                7,
                d.minimumTotal(),
                d.stores(),
                d.chains(),
                d.prefectures(),
                d.targetProducts(),
                d.perEntrantLimit(),
                d.receiptsPerEntry(),
                d.formFields(),
                d.landingText(),
                d.terms(),
                d.landingImage(),
                d.fraudAction());
        var c = open(graced);
        var onLastDay = read(
                submit(c, entrant("grace@example.jp"), 1), 0, good("81").purchasedAt(today.minusDays(3) + "T21:00:00"));
        assertThat(onLastDay.status()).isEqualTo("approved");
        var afterIt = read(
                submit(c, entrant("grace2@example.jp"), 1),
                0,
                good("82").purchasedAt(today.minusDays(2) + "T09:00:00"));
        assertThat(afterIt.reasons()).containsExactly("purchase_date_outside_period");

        var noGrace = new CampaignDraft(
                d.name(),
                period,
                period,
                2,
                d.minimumTotal(),
                d.stores(),
                d.chains(),
                d.prefectures(),
                d.targetProducts(),
                d.perEntrantLimit(),
                d.receiptsPerEntry(),
                d.formFields(),
                d.landingText(),
                d.terms(),
                d.landingImage(),
                d.fraudAction());
        var closed = open(noGrace);
        UUID who = entrant("late@example.jp");
        assertThatThrownBy(() -> submit(closed, who, 1))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("campaign_not_open"));
    }

    @Test
    void refusesOverTheLimitABlockedEntrantAndABadEmailStoringNothing() {
        var c = open(CampaignFixtures.withLimit(rules("review"), 1, 2));
        UUID who = entrant("limit@example.jp");
        submit(c, who, 1);
        assertThatThrownBy(() -> submit(c, who, 1))
                .isInstanceOfSatisfying(
                        ProblemException.class, p -> assertThat(p.code()).isEqualTo("entrant_limit_reached"));
        UUID blocked = entrant("blocked@example.jp");
        as(() -> jdbc.update("update identity.entrants set blocked = true where id = ?", blocked));
        assertThatThrownBy(() -> submit(c, blocked, 1)).isInstanceOfSatisfying(ProblemException.class, p -> {
            assertThat(p.code()).isEqualTo("entrant_blocked");
            assertThat(p.status()).isEqualTo(403);
        });
        assertThatThrownBy(() -> as(() -> entries.submitFor(
                        c.id(), "not an address", List.of(CampaignEntriesTests.photo()), Map.of(), null)))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.code()).isEqualTo("invalid_form");
                    assertThat(p.properties()).containsEntry("errors", Map.of("email", "not_email"));
                });
        assertThat(count("select count(*) from receipts.entries")).isEqualTo(1);
        assertThat(count("select count(*) from receipts.submissions")).isEqualTo(1);
        assertThat(count("select count(*) from identity.entrants")).isEqualTo(2);
        var viaEmail = as(() -> entries.submitFor(
                c.id(), "New.Person@example.jp", List.of(CampaignEntriesTests.photo()), Map.of(), "dev"));
        assertThat(viaEmail.status()).isEqualTo("pending");
    }
}
