package jp.tokuten.receipts;

import static jp.tokuten.campaigns.CampaignFixtures.aDraft;
import static jp.tokuten.campaigns.CampaignFixtures.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import jp.tokuten.TenantFixtures;
import jp.tokuten.TokutenTest;
import jp.tokuten.campaigns.CampaignFixtures;
import jp.tokuten.campaigns.Campaigns;
import jp.tokuten.campaigns.FormField;
import jp.tokuten.files.Photos;
import jp.tokuten.identity.Entrants;
import jp.tokuten.shared.ProblemException;
import jp.tokuten.tenancy.TenantBinder;
import jp.tokuten.tenancy.TenantView;
import jp.tokuten.tenancy.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.JdbcTemplate;

@TokutenTest
class CampaignEntriesTests {

    @Autowired
    CampaignEntries entries;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Entrants entrants;

    @Autowired
    Tenants tenants;

    @Autowired
    TenantBinder binder;

    @Autowired
    Clock clock;

    @Autowired
    jp.tokuten.files.StoredFiles files;

    @Autowired
    JdbcTemplate owner;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    TenantView tenant;
    LocalDate today;

    @BeforeEach
    void tenant() {
        tenant = TenantFixtures.aTenant(tenants, "entry");
        today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Tokyo")));
    }

    /** Rows of the tenant's table, counted as the runtime role with the tenant bound. */
    long count(String table) {
        return binder.callAs(
                tenant.id(), () -> tx.execute(s -> owner.queryForObject("select count(*) from " + table, Long.class)));
    }

    static CampaignEntries.ReceiptUpload photo() {
        byte[] jpeg = Photos.jpeg(600, 900);
        return new CampaignEntries.ReceiptUpload(
                List.of(new CampaignEntries.Upload(new ByteArrayResource(jpeg), jpeg.length, "r.jpg")));
    }

    @Autowired
    jp.tokuten.tenancy.Plans plans;

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void theMonthsEntriesStopAtThePlansCapAndTheRefusalKeepsNothing() throws Exception {
        String code = "e" + Long.toString(System.nanoTime(), 36);
        try (var connection = jp.tokuten.platform.OwnerAccess.ownerConnection(context);
                var st = connection.prepareStatement("""
                        insert into tenancy.plans (code, name, max_campaigns, max_coupons, max_entries_per_month,
                            max_storage_bytes, max_console_sessions, api_requests_per_minute)
                        values (?, 'Two entries', 5, 5, 2, 100000000, 5, 1000)""")) {
            st.setString(1, code);
            st.executeUpdate();
        }
        plans.assign(tenant.id(), code);
        binder.runAs(tenant.id(), () -> {
            try {
                var campaign = campaigns.create(aDraft(today));
                campaigns.open(campaign.id());
                for (String who : List.of("a@example.jp", "b@example.jp")) {
                    var entrant = entrants.findOrCreateByEmail(who);
                    entries.submit(campaign.id(), entrant.id(), List.of(photo()), Map.of());
                }
                long submissions = count("receipts.submissions");
                var third = entrants.findOrCreateByEmail("c@example.jp");
                assertThatThrownBy(() -> entries.submit(campaign.id(), third.id(), List.of(photo()), Map.of()))
                        .isInstanceOfSatisfying(ProblemException.class, p -> {
                            assertThat(p.code()).isEqualTo("plan_limit_reached");
                            assertThat(p.status()).isEqualTo(403);
                            assertThat(p.properties()).containsEntry("limit", "entries_per_month");
                        });
                assertThat(count("receipts.entries")).isEqualTo(2);
                assertThat(count("receipts.submissions")).isEqualTo(submissions);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void keepsAnEntryPendingWithItsReceiptsAndDetails() throws Exception {
        binder.runAs(tenant.id(), () -> {
            try {
                var campaign = campaigns.create(CampaignFixtures.withForm(
                        aDraft(today), List.of(field("kana", FormField.CharType.KATAKANA, 20, true))));
                campaigns.open(campaign.id());
                var entrant = entrants.findOrCreateByEmail("Hanako@Example.jp");
                assertThat(entrants.findOrCreateByEmail("hanako@example.jp").id())
                        .isEqualTo(entrant.id());
                var entry = entries.submit(
                        campaign.id(), entrant.id(), List.of(photo(), photo()), Map.of("kana", "トクテン ハナコ", "x", "y"));
                assertThat(entry.status()).isEqualTo("pending");
                assertThat(entry.submissions()).hasSize(2);
                assertThat(entrants.details(entry.detailsId())).containsExactly(Map.entry("kana", "トクテン ハナコ"));
                assertThat(entries.list(campaign.id(), "pending", 0, 10))
                        .extracting(EntryView::id)
                        .containsExactly(entry.id());
                assertThat(entries.ofEntrant(entrant.id(), campaign.id())).hasSize(1);
                assertThat(count("receipts.submissions")).isEqualTo(2);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void refusesAClosedCampaignAndABadFormStoringNothing() {
        binder.runAs(tenant.id(), () -> {
            var campaign = campaigns.create(CampaignFixtures.withForm(
                    aDraft(today), List.of(field("kana", FormField.CharType.KATAKANA, 20, true))));
            var entrant = entrants.findOrCreateByEmail("taro@example.jp");
            assertThatThrownBy(
                            () -> entries.submit(campaign.id(), entrant.id(), List.of(photo()), Map.of("kana", "トクテン")))
                    .isInstanceOfSatisfying(
                            ProblemException.class, p -> assertThat(p.code()).isEqualTo("campaign_not_open"));
            campaigns.open(campaign.id());
            assertThatThrownBy(
                            () -> entries.submit(campaign.id(), entrant.id(), List.of(photo()), Map.of("kana", "とくてん")))
                    .isInstanceOfSatisfying(ProblemException.class, p -> {
                        assertThat(p.code()).isEqualTo("invalid_form");
                        assertThat(p.properties()).containsEntry("errors", Map.of("kana", "not_katakana"));
                    });
            assertThatThrownBy(() -> entries.submit(
                            campaign.id(),
                            entrant.id(),
                            List.of(photo(), photo(), photo(), photo()),
                            Map.of("kana", "トクテン")))
                    .isInstanceOfSatisfying(
                            ProblemException.class, p -> assertThat(p.code()).isEqualTo("invalid_entry"));
        });
        assertThat(count("receipts.entries")).isZero();
        assertThat(count("receipts.submissions")).isZero();
        assertThat(count("identity.entrant_details")).isZero();
        // the photos are screened and written before the entry's transaction (decision 093): a refusal
        // deletes them again
        assertThat(count("files.stored_files")).isZero();
        assertThat(jp.tokuten.files.FilesOnDisk.count(files, tenant.id())).isZero();
    }

    @Test
    void aBadPhotoAmongGoodOnesStoresNone() {
        binder.runAs(tenant.id(), () -> {
            var campaign = campaigns.create(aDraft(today));
            campaigns.open(campaign.id());
            var entrant = entrants.findOrCreateByEmail("jiro@example.jp");
            byte[] text = "<?php echo 1; ?>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var bad = new CampaignEntries.ReceiptUpload(
                    List.of(new CampaignEntries.Upload(new ByteArrayResource(text), text.length, "r.jpg")));
            assertThatThrownBy(() -> entries.submit(campaign.id(), entrant.id(), List.of(photo(), bad), Map.of()))
                    .isInstanceOf(jp.tokuten.files.PhotoRejectedException.class);
        });
        assertThat(count("receipts.entries")).isZero();
        assertThat(count("files.stored_files")).isZero();
        assertThat(jp.tokuten.files.FilesOnDisk.count(files, tenant.id())).isZero();
    }
}
